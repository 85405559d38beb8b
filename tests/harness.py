"""Kept only so test files written against the old path still import: use `tests.helpers`.

(Other branches of this session add tests that import from here; the merger can drop this
module once they point at `tests.helpers.*`.)
"""

from tests.helpers.app import freeze_cursor_blink, make_app
from tests.helpers.sandbox import FAST_RETRY, START, make_sandbox, sandbox_client
from tests.helpers.screen import screen_text
from tests.helpers.waits import POLL_EVERY, WAIT_TIMEOUT, wait_for

__all__ = [
    "FAST_RETRY",
    "POLL_EVERY",
    "START",
    "WAIT_TIMEOUT",
    "freeze_cursor_blink",
    "make_app",
    "make_sandbox",
    "sandbox_client",
    "screen_text",
    "wait_for",
]

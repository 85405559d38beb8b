"""Builders shared by UI tests, snapshot tests and `make screenshots`: same states everywhere."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from textual.pilot import Pilot
from textual.widgets import Input

from atb_tui.api import ProlificClient, RetryPolicy
from atb_tui.sandbox import ManualClock, Sandbox
from atb_tui.session import Session
from atb_tui.storage.profiles import Profile

if TYPE_CHECKING:
    from atb_tui.app import AtbApp

START = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
FAST_RETRY = RetryPolicy(max_attempts=3, base_delay=0.001, max_delay=0.01)


def make_sandbox(**options: Any) -> Sandbox:
    """A seeded demo sandbox whose time only moves when a test says so."""
    return Sandbox(clock=ManualClock(START), **options)


def sandbox_client(sandbox: Sandbox, token: str | None = None) -> ProlificClient:
    """A real client talking to the in-process sandbox (retries fast so tests never wait)."""
    return ProlificClient(
        token or sandbox.token,
        base_url=sandbox.base_url,
        transport=sandbox.transport(),
        presigned_transport=sandbox.transport(),
        retry=FAST_RETRY,
    )


def make_app(sandbox: Sandbox, *, demo: bool = True, **options: Any) -> AtbApp:
    """The app as the CLI builds it, with every connection routed to this sandbox."""
    from atb_tui.app import AppOptions, create_app  # lazy: client/sandbox tests need no UI

    def connect(profile: Profile, token: str) -> Session:
        return Session(profile, sandbox_client(sandbox, token))

    app_options = AppOptions(
        demo=demo,
        env=options.pop("env", {}),
        make_sandbox=lambda: sandbox,
        connect=connect,
        retry=FAST_RETRY,
        **options,
    )
    return create_app(app_options)


# How long a condition may take before the test fails. Generous: a loaded machine (CI, two
# cores shared with other jobs) is slow, and a condition that holds is met long before this.
WAIT_TIMEOUT = 30.0
POLL_EVERY = 0.01  # how often the condition is looked at (not a guess at how long work takes)


async def wait_for(
    pilot: Pilot[None], predicate: Callable[[], object], timeout: float = WAIT_TIMEOUT
) -> None:
    """Let the app run until `predicate()` is true (workers, timers); fail with a clear message."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not predicate():
        if loop.time() > deadline:
            raise AssertionError(
                f"timed out waiting for {getattr(predicate, '__name__', predicate)}"
            )
        await pilot.pause(POLL_EVERY)


def screen_text(app: AtbApp) -> str:
    """Everything the current screen shows, as plain text (for assertions on what users see)."""
    strips = app.screen._compositor.render_strips()
    return "\n".join(strip.text for strip in strips)


def freeze_cursor_blink() -> None:
    """Snapshots must not depend on when the blinking cursor was last toggled."""
    Input._toggle_cursor = lambda self: None  # type: ignore[method-assign]


freeze_cursor_blink()

"""Which user action a request works for: a context variable the UI sets around an action.

Its own small module (the request log re-exports it) so the app can label actions without
importing the request log before its first frame.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar

BACKGROUND = "background"

_cause: ContextVar[str] = ContextVar("atb_tui_request_cause", default=BACKGROUND)


def current_cause() -> str:
    """The label of the user action the code running now works for."""
    return _cause.get()


@contextlib.contextmanager
def caused_by(label: str) -> Iterator[None]:
    """Label every request started inside (and in tasks and workers started inside) ``label``.

    Context variables are copied into new asyncio tasks, so a Textual worker started inside
    this block keeps the label for its whole life."""
    token = _cause.set(label)
    try:
        yield
    finally:
        _cause.reset(token)

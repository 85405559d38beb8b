"""Cause labels for the API log across a dialog: a result callback keeps the label in force
when the dialog was opened (Textual runs callbacks later, in the task of the screen beneath,
which carries its own label)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual._callback import invoke

from atb_tui.api.cause import BACKGROUND, caused_by, current_cause


def keep_cause(callback: Callable[..., Any] | None) -> Callable[..., Any] | None:
    """``callback``, run under the cause label in force now (unchanged when there is none)."""
    cause = current_cause()
    if callback is None or cause == BACKGROUND:
        return callback

    async def run(result: object) -> object:
        with caused_by(cause):
            return await invoke(callback, result)

    return run

"""What a screen with unsaved edits tells the app, so quitting asks before anything is lost.

A screen implements `unsaved_changes()` and returns a short description of what would be lost
(e.g. "the launch form"), or None when nothing would. The app asks before `q` quits while any
screen in the stack says so; a screen that keeps a local draft says so in its description
("… — a draft is kept on this machine"), so the question is honest about what survives.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol, runtime_checkable

from textual.screen import Screen


@runtime_checkable
class HasUnsavedChanges(Protocol):
    """A screen that can hold edits not yet saved anywhere."""

    def unsaved_changes(self) -> str | None: ...


def unsaved_in(screens: Iterable[Screen[object]]) -> list[str]:
    """What the given screens would lose, bottom to top."""
    found = (s.unsaved_changes() for s in screens if isinstance(s, HasUnsavedChanges))
    return [what for what in found if what]

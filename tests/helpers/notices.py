"""One recorder of every notice an app raises, for the life of the app.

A toast expires on the wall clock, so on a loaded machine it can be gone before a test looks
at `app._notifications`; the record keeps every call to `notify` (message, title, severity and
the screen that was showing), in order. `make_app` installs it on every app it builds.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from weakref import WeakKeyDictionary

from textual.app import App


@dataclass(frozen=True)
class Notice:
    """One call to `app.notify`."""

    message: str
    title: str
    severity: str
    screen: str  # the class name of the screen showing when it was raised

    @property
    def failure(self) -> bool:
        return self.severity in ("error", "warning")


_RECORDS: WeakKeyDictionary[App[Any], list[Notice]] = WeakKeyDictionary()


def record_notices(app: App[Any]) -> list[Notice]:
    """Record every notice `app` raises from now on (once per app); the live record."""
    if app in _RECORDS:
        return _RECORDS[app]
    record = _RECORDS[app] = []
    notify = app.notify

    def recording(message: str, **options: Any) -> None:
        screen = type(app.screen).__name__ if app.is_running and app._screen_stack else ""
        title, severity = options.get("title", ""), options.get("severity", "information")
        record.append(Notice(message, title, severity, screen))
        notify(message, **options)

    app.notify = recording  # type: ignore[method-assign]
    return record


def notices(app: App[Any]) -> list[Notice]:
    """Every notice `app` has raised so far (the app must come from `make_app`)."""
    assert app in _RECORDS, "no notice recorder: build the app with make_app"
    return _RECORDS[app]


def notice_texts(app: App[Any]) -> list[str]:
    """The messages of every notice raised so far, in order."""
    return [notice.message for notice in notices(app)]


def told(app: App[Any], fragment: str) -> bool:
    """Some notice so far contains `fragment` (a predicate for `wait_for`)."""
    return any(fragment in notice.message for notice in notices(app))

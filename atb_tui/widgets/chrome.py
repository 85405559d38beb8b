"""The frame around every screen: a breadcrumb bar on top, a status line at the bottom."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from rich.text import Text
from textual.app import App, ComposeResult
from textual.containers import Horizontal
from textual.reactive import reactive
from textual.timer import Timer
from textual.widgets import Static

from atb_tui.commands import current_binding


def key_hint(app: App[object], command_id: str) -> str:
    """How to show the key that runs a command now (after the user's remapping), e.g. `^s`."""
    keymap: dict[str, str] = dict(getattr(app, "_keymap", {}) or {})
    return app.get_key_display(current_binding(command_id, keymap))


def cancel_hint(app: App[object]) -> str:
    """ "esc cancels", with the key a dialog's cancel has now."""
    return f"{key_hint(app, 'dialog.cancel')} cancels"


class ConnectionLike(Protocol):
    """What the status line needs to know about the API connection."""

    @property
    def state(self) -> str: ...
    @property
    def in_flight(self) -> int: ...
    @property
    def offline_since(self) -> datetime | None: ...
    @property
    def retry_in(self) -> float | None: ...
    @property
    def last_error(self) -> str | None: ...


@dataclass(frozen=True)
class BreadcrumbState:
    """What the top bar shows: the profile and where the user is (workspace › area › item).
    Not `storage.state.Place`, which is a remembered place to reopen."""

    profile: str = ""
    sandbox: bool = False
    read_only: bool = False
    trail: tuple[str, ...] = ()


class Breadcrumb(Horizontal):
    """Top bar: profile badge, breadcrumb trail, read-only badge."""

    place: reactive[BreadcrumbState] = reactive(BreadcrumbState, init=False)

    def compose(self) -> ComposeResult:
        yield Static("atb-tui", id="app-name")
        yield Static("", id="profile-badge")
        yield Static("", id="trail")
        yield Static("READ-ONLY", id="read-only-badge")

    def on_mount(self) -> None:
        self.watch_place(self.place)

    def watch_place(self, place: BreadcrumbState) -> None:
        badge = self.query_one("#profile-badge", Static)
        badge.update(f" {'SANDBOX' if place.sandbox else place.profile or 'signed out'} ")
        badge.set_class(place.sandbox, "sandbox")
        badge.set_class(not place.sandbox and bool(place.profile), "production")
        self.query_one("#trail", Static).update(" › ".join(place.trail))
        self.query_one("#read-only-badge", Static).display = place.read_only


def describe_connection(status: ConnectionLike, *, show_busy: bool = True) -> tuple[Text, str]:
    """The status line's text and its CSS class for a connection state.

    ``show_busy=False`` leaves out how many requests are in flight."""
    busy = f" · {status.in_flight} in flight" if status.in_flight and show_busy else ""
    if status.state == "offline":
        since = status.offline_since.strftime("%H:%M:%S") if status.offline_since else "?"
        retry = f", retrying in {status.retry_in:.0f} s" if status.retry_in else ""
        return Text(f"○ offline since {since}{retry} — last data kept{busy}"), "offline"
    if status.state == "retrying":
        why = f" ({status.last_error})" if status.last_error else ""
        retry = f" in {status.retry_in:.0f} s" if status.retry_in else ""
        return Text(f"◌ retrying{retry}{why}{busy}"), "retrying"
    return Text(f"● connected{busy}"), "ok"


# A request must be this old before the status line says it is in flight: a poll's requests
# take milliseconds, and flipping to "1 in flight" and back on every poll costs bytes over SSH
# (and flickers) while telling the user nothing.
BUSY_AFTER_SECONDS = 1.0


class StatusLine(Horizontal):
    """Bottom line: connection state on the left, a hint on the right."""

    _shown: tuple[str, str] = ("", "")
    _status: ConnectionLike | None = None
    _busy_timer: Timer | None = None
    slow: bool = False  # a request has been in flight for BUSY_AFTER_SECONDS: say so
    repaints = 0  # how often the connection text changed (tests count it, never time it)

    def compose(self) -> ComposeResult:
        yield Static("○ not connected", id="connection")
        keys = [key_hint(self.app, c) for c in ("app.help", "app.jump", "app.palette")]
        yield Static(f"{keys[0]} help  {keys[1]} jump  {keys[2]} palette", id="hint")

    def show_connection(self, status: ConnectionLike) -> None:
        self._status = status
        if not status.in_flight:
            self._stop_busy_timer()
            self.slow = False
        elif not self.slow and self._busy_timer is None:
            self._busy_timer = self.set_timer(BUSY_AFTER_SECONDS, self.requests_slow)
        self._draw()

    def requests_slow(self) -> None:
        """Requests have been in flight for a while: from now on the line counts them."""
        self._busy_timer = None
        self.slow = self._status is not None and self._status.in_flight > 0
        self._draw()

    def _stop_busy_timer(self) -> None:
        if self._busy_timer is not None:
            self._busy_timer.stop()
            self._busy_timer = None

    def _draw(self) -> None:
        if self._status is None:
            return
        text, state = describe_connection(self._status, show_busy=self.slow)
        if (text.plain, state) == self._shown:
            return  # polls flip the state twice a second; an unchanged line costs nothing
        self._shown = (text.plain, state)
        self.repaints += 1
        label = self.query_one("#connection", Static)
        label.update(text, layout=False)  # fixed 1-row cell: a relayout would repaint the screen
        for name in ("ok", "retrying", "offline"):
            label.set_class(name == state, name)

"""The frame around every screen: a breadcrumb bar on top, a status line at the bottom."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from rich.text import Text
from textual.app import App, ComposeResult
from textual.containers import Horizontal
from textual.reactive import reactive
from textual.widgets import Static

from atb_tui.commands import current_binding


def key_hint(app: App[object], command_id: str) -> str:
    """How to show the key that runs a command now (after the user's remapping), e.g. `^s`."""
    keymap: dict[str, str] = dict(getattr(app, "_keymap", {}) or {})
    return app.get_key_display(current_binding(command_id, keymap))


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
class Place:
    """Where the user is: profile › workspace › item."""

    profile: str = ""
    sandbox: bool = False
    read_only: bool = False
    trail: tuple[str, ...] = ()


class Breadcrumb(Horizontal):
    """Top bar: profile badge, breadcrumb trail, read-only badge."""

    place: reactive[Place] = reactive(Place, init=False)

    def compose(self) -> ComposeResult:
        yield Static("atb-tui", id="app-name")
        yield Static("", id="profile-badge")
        yield Static("", id="trail")
        yield Static("READ-ONLY", id="read-only-badge")

    def on_mount(self) -> None:
        self.watch_place(self.place)

    def watch_place(self, place: Place) -> None:
        badge = self.query_one("#profile-badge", Static)
        badge.update(f" {'SANDBOX' if place.sandbox else place.profile or 'signed out'} ")
        badge.set_class(place.sandbox, "sandbox")
        badge.set_class(not place.sandbox and bool(place.profile), "production")
        self.query_one("#trail", Static).update(" › ".join(place.trail))
        self.query_one("#read-only-badge", Static).display = place.read_only


def describe_connection(status: ConnectionLike) -> tuple[Text, str]:
    """The status line's text and its CSS class for a connection state."""
    busy = f" · {status.in_flight} in flight" if status.in_flight else ""
    if status.state == "offline":
        since = status.offline_since.strftime("%H:%M:%S") if status.offline_since else "?"
        retry = f", retrying in {status.retry_in:.0f} s" if status.retry_in else ""
        return Text(f"○ offline since {since}{retry} — last data kept{busy}"), "offline"
    if status.state == "retrying":
        why = f" ({status.last_error})" if status.last_error else ""
        retry = f" in {status.retry_in:.0f} s" if status.retry_in else ""
        return Text(f"◌ retrying{retry}{why}{busy}"), "retrying"
    return Text(f"● connected{busy}"), "ok"


class StatusLine(Horizontal):
    """Bottom line: connection state on the left, a hint on the right."""

    _shown: tuple[str, str] = ("", "")

    def compose(self) -> ComposeResult:
        yield Static("○ not connected", id="connection")
        keys = [key_hint(self.app, c) for c in ("app.help", "app.jump", "app.palette")]
        yield Static(f"{keys[0]} help  {keys[1]} jump  {keys[2]} palette", id="hint")

    def show_connection(self, status: ConnectionLike) -> None:
        text, state = describe_connection(status)
        if (text.plain, state) == self._shown:
            return  # polls flip the state twice a second; an unchanged line costs nothing
        self._shown = (text.plain, state)
        label = self.query_one("#connection", Static)
        label.update(text, layout=False)  # fixed 1-row cell: a relayout would repaint the screen
        for name in ("ok", "retrying", "offline"):
            label.set_class(name == state, name)

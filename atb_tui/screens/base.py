"""The base every full screen shares: breadcrumb on top, status line and footer below."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, ClassVar, cast

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer
from textual.worker import Worker, WorkerState

from atb_tui.commands import is_mutating
from atb_tui.widgets.chrome import Breadcrumb, BreadcrumbState, StatusLine

if TYPE_CHECKING:
    from atb_tui.api import ProlificClient
    from atb_tui.app import AtbApp
    from atb_tui.session import Session


class AtbScreen(Screen[None]):
    """A full screen inside a session. Subclasses implement `compose_body` and `trail`."""

    SCREEN_ID: ClassVar[str] = "screen"

    def compose(self) -> ComposeResult:
        yield Breadcrumb()
        with Vertical(id="body"):
            yield from self.compose_body()
        yield StatusLine()
        yield Footer()

    def compose_body(self) -> ComposeResult:
        yield from ()

    @property
    def atb(self) -> AtbApp:
        return cast("AtbApp", self.app)

    @property
    def session(self) -> Session:
        session = self.atb.session
        assert session is not None, "screens below sign-in always have a session"
        return session

    @property
    def client(self) -> ProlificClient:
        return self.session.client

    def server_now(self) -> datetime:
        """The time on the server's clock (its Date header), so stamps like "seen 09:00" agree
        with the times the server reports; the app's own clock before any session exists."""
        session = self.atb.session
        return session.client.server_now() if session is not None else self.atb.options.now()

    def navigate(self, where: Message) -> None:
        """Ask the app to go somewhere (a `messages.py` message); the app alone pushes and pops
        full screens. Posted to the app directly, so the next screen is on its way before this
        key counts as handled (fast typing lands there, not here)."""
        self.app.post_message(where)

    def trail(self) -> tuple[str, ...]:
        """The breadcrumb after the profile: workspace › area › item."""
        return ()

    def on_screen_resume(self) -> None:
        self.refresh_chrome()

    def refresh_chrome(self) -> None:
        """Redraw the breadcrumb and the connection state from the app."""
        session = self.atb.session
        if session is not None and self.is_mounted and self.query(StatusLine):
            profile = session.profile
            place = BreadcrumbState(profile.name, profile.sandbox, profile.read_only, self.trail())
            self.query_one(Breadcrumb).place = place
            self.query_one(StatusLine).show_connection(session.status)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Read-only profiles neither see nor run anything that changes Prolific's state.
        session = self.atb.session
        return not (session is not None and session.read_only and is_mutating(action))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        # Worker messages do not bubble; every screen hands failures to the app's one handler.
        if event.state == WorkerState.ERROR and event.worker.error is not None:
            self.atb.handle_error(event.worker.error)

"""The app as the CLI builds it, on an in-process sandbox, with every notice recorded."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.pilot import Pilot
from textual.widgets import Input

from atb_tui.sandbox import Sandbox
from atb_tui.session import Session
from atb_tui.storage.profiles import Profile, ProfileStore
from tests.helpers.notices import record_notices
from tests.helpers.sandbox import FAST_RETRY, make_sandbox, sandbox_client

if TYPE_CHECKING:
    from atb_tui.app import AppOptions, AtbApp


def build_app(options: AppOptions) -> AtbApp:
    """`create_app`, plus the notice recorder (every app a test builds goes through here)."""
    from atb_tui.app import create_app  # lazy: client/sandbox tests need no UI

    app = create_app(options)
    record_notices(app)
    return app


def make_app(sandbox: Sandbox, *, demo: bool = True, **options: Any) -> AtbApp:
    """The app as the CLI builds it, with every connection routed to this sandbox."""
    from atb_tui.app import AppOptions

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
    return build_app(app_options)


def clocked_app(sandbox: Sandbox | None = None, **options: Any) -> AtbApp:
    """The demo app whose `now` is the sandbox's manual clock ("updated … ago" is fixed)."""
    sandbox = sandbox or make_sandbox()
    return make_app(sandbox, now=sandbox.clock.now, **options)


def sandbox_of(pilot: Pilot[None]) -> Sandbox:
    """The sandbox behind the app under test."""
    app: AtbApp = pilot.app  # type: ignore[assignment]
    return app.options.make_sandbox()


def freeze_cursor_blink() -> None:
    """Snapshots must not depend on when the blinking cursor was last toggled."""
    Input._toggle_cursor = lambda self: None  # type: ignore[method-assign]


freeze_cursor_blink()


def read_only_app(sandbox: Sandbox) -> AtbApp:
    """The app signed in to the sandbox through a read-only profile."""
    ProfileStore().save(Profile("team", api_url=sandbox.base_url, read_only=True), sandbox.token)
    return make_app(sandbox, demo=False, profile="team")

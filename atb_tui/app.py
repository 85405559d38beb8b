"""The Textual application: wiring sessions, navigation and error handling. Screens do the rest."""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from functools import cached_property
from typing import TYPE_CHECKING, Any

from textual import work
from textual.dom import DOMNode
from textual.screen import ModalScreen
from textual.worker import Worker, WorkerState

from atb_tui.api.cause import caused_by
from atb_tui.api.errors import AuthenticationError, OutcomeUnknownError, ProlificError
from atb_tui.app_sessions import SessionApp
from atb_tui.causes import keep_cause
from atb_tui.commands import app_bindings, command_for_action
from atb_tui.palette import AtbCommands
from atb_tui.paths import styles_dir
from atb_tui.screens.unsaved import unsaved_in
from atb_tui.session import Session, remote_session
from atb_tui.startup import StartPlan, UsageError, plan_start
from atb_tui.storage.errors import StorageError
from atb_tui.storage.logging_setup import redact
from atb_tui.storage.profiles import Profile, ProfileStore
from atb_tui.storage.settings import Settings, load_settings
from atb_tui.storage.state import StateStore
from atb_tui.widgets import toggle_marks

if TYPE_CHECKING:
    from atb_tui.api import RetryPolicy
    from atb_tui.api.http_log import JsonLinesLog
    from atb_tui.crash import CrashReport
    from atb_tui.logic.jump import Known
    from atb_tui.sandbox import Sandbox
    from atb_tui.screens.confirm_dialogs import ChoiceScreen
    from atb_tui.storage.drafts import DraftStore

log = logging.getLogger("atb_tui.app")
QUIT_TITLE = "Quit atb-tui?"
toggle_marks.install()


def new_sandbox() -> Sandbox:
    """The demo's in-process sandbox; imported only when asked for, to keep start-up lean."""
    from atb_tui.sandbox import Sandbox

    return Sandbox()


@dataclass
class AppOptions:
    """How to start: shared by the CLI and the tests (which inject a manual-clock sandbox)."""

    demo: bool = False
    api_url: str | None = None
    profile: str | None = None
    env: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))
    make_sandbox: Callable[[], Sandbox] = new_sandbox
    connect: Callable[[Profile, str], Session] = remote_session
    retry: RetryPolicy | None = None  # tests make retries instant
    now: Callable[[], datetime] = lambda: datetime.now(UTC)  # tests pass the sandbox clock's
    start: StartPlan | None = None  # the CLI plans (and validates) before Textual starts
    http_log: JsonLinesLog | None = None  # --http-log: every request as a JSON line


class AtbApp(SessionApp):
    """atb-tui. Holds the session and the stores; screens hold their own data."""

    TITLE = "atb-tui"
    CSS_PATH = [str(styles_dir() / "app.tcss")]
    BINDINGS = app_bindings()
    # Screens get `-narrow` under 100 columns: app.tcss packs the footer tighter there.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    # Only ours: Textual's own entries (Keys, Maximize, Screenshot, Theme, a second Quit) are
    # not atb-tui commands and have no key in our registry.
    COMMANDS = {AtbCommands}

    def __init__(self, options: AppOptions | None = None) -> None:
        super().__init__()
        self.options = options or AppOptions()
        self.settings, warnings = load_settings()
        self.profiles = ProfileStore()
        self.state = StateStore()
        self.start_plan = self.options.start or self._plan()
        self.startup_messages = [*warnings, *self.start_plan.warnings, *self.state.load_errors]
        self.crash_report: CrashReport | None = None
        self.session: Session | None = None
        self.workspace: tuple[str, str] | None = None
        self.known_workspaces: dict[str, str] = {}
        self._known_items: list[Known] = []  # the current workspace's, for `:` completion
        self._sandbox: Sandbox | None = None

    @cached_property
    def drafts(self) -> DraftStore:
        """Local drafts of unsaved edits; opened by the first editor, not before the first frame."""
        from atb_tui.storage.drafts import DraftStore

        return DraftStore()

    # ---- start-up -------------------------------------------------------------------------

    def _plan(self) -> StartPlan:
        # Only tests get here; the CLI plans first so that a bad flag exits before Textual.
        try:
            return plan_start(
                demo=self.options.demo,
                api_url=self.options.api_url,
                profile_name=self.options.profile,
                env=self.options.env,
                profiles=self.profiles,
            )
        except UsageError as error:
            return StartPlan(sign_in_reason=str(error), warnings=tuple(self.profiles.load_errors))

    def on_mount(self) -> None:
        self._apply_settings(self.settings)
        for message in self.startup_messages:
            self.notify(message, title="At start", severity="warning", timeout=12)
        plan = self.start_plan
        try:
            session = self._initial_session()
        except (ProlificError, StorageError) as error:
            self._ask_to_sign_in(str(error), plan.profile)
            return
        if session is None:
            self._ask_to_sign_in(plan.sign_in_reason, plan.profile)
        else:
            self.call_later(self.start_session, session, True)

    def _apply_settings(self, settings: Settings) -> None:
        if settings.theme in self.available_themes:
            self.theme = settings.theme
        else:
            self.notify(f"Unknown theme {settings.theme!r} in settings.toml", severity="warning")
        self.set_keymap(settings.keymap)

    def _initial_session(self) -> Session | None:
        if self.options.demo:
            return self.demo_session()
        plan = self.start_plan
        if plan.profile is None or plan.token is None:
            return None
        self.start_plan = replace(plan, token=None)  # the session's client holds it from now on
        return self.connect(plan.profile, plan.token)

    async def on_unmount(self) -> None:
        if self.session is not None:
            await self.session.close()
        if self.options.http_log is not None:
            self.options.http_log.close()

    async def _dispatch_action(self, namespace: DOMNode, action_name: str, params: object) -> bool:
        # A key or palette entry labels the requests it causes (workers started inside inherit
        # the label); actions outside the registry keep the label already in force.
        command_id = command_for_action(action_name)
        if command_id is None:
            return await super()._dispatch_action(namespace, action_name, params)
        with caused_by(command_id):
            return await super()._dispatch_action(namespace, action_name, params)

    def push_screen(
        self, screen: Any, callback: Any = None, wait_for_dismiss: bool = False, **mode: Any
    ) -> Any:
        """Textual's, but a dialog's answer is handled under the cause that opened it."""
        push: Any = super().push_screen
        return push(screen, keep_cause(callback), wait_for_dismiss, **mode)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "api_log":
            return self.session is not None
        if action == "open_area":  # never from a dialog: a letter there is an answer
            in_dialog = isinstance(self.screen, ModalScreen)
            return self.workspace is not None and self.session is not None and not in_dialog
        return True

    async def action_quit(self) -> None:
        """Quit, but ask first while a screen holds edits that are not saved anywhere."""
        from atb_tui.screens.confirm_dialogs import ChoiceScreen  # not before the first frame

        lost = unsaved_in(self.screen_stack)
        asking = isinstance(self.screen, ChoiceScreen) and self.screen.dialog_title == QUIT_TITLE
        if not lost or asking:  # q again on the question means: quit
            self.exit()
            return
        # Each screen says itself whether a local draft survives (see screens/unsaved.py).
        message = f"Not saved to Prolific: {'; '.join(lost)}."
        choices = [("stay", "Stay and keep editing"), ("quit", "Quit now")]
        self._ask_before_quitting(ChoiceScreen(QUIT_TITLE, message, choices))

    @work(exclusive=True, group="quit", exit_on_error=False)
    async def _ask_before_quitting(self, question: ChoiceScreen) -> None:
        if await self.push_screen_wait(question) == "quit":
            self.exit()

    def action_force_quit(self) -> None:
        self.exit()

    # ---- connection state and errors ------------------------------------------------------

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR and event.worker.error is not None:
            self.handle_error(event.worker.error)

    def handle_error(self, error: BaseException) -> None:
        """One place that turns any failure into something readable; the app carries on."""
        from atb_tui.screens.error import ErrorScreen  # not needed before the first frame

        if isinstance(error, AuthenticationError):
            self.reauthenticate()
        elif isinstance(error, OutcomeUnknownError):
            self.push_screen(ErrorScreen(error.title, error.message))
        elif isinstance(error, ProlificError):
            self.notify(error.message, title=error.title, severity="error", timeout=8)
        else:
            log.exception("unexpected error", exc_info=error)
            detail = redact(f"{type(error).__name__}: {error}")
            self.push_screen(ErrorScreen("Something went wrong", detail))

    # ---- crashes ----------------------------------------------------------------------------

    def _handle_exception(self, error: Exception) -> None:
        """Textual's crash output is a rich traceback *with locals* (tokens, the environment):
        write a redacted report instead, and let run_app print one line about it."""
        if self.crash_report is None:
            from atb_tui.crash import write_crash_report  # imported at need: start-up time

            log.error("crash: %s", type(error).__name__)
            self.crash_report = write_crash_report(error)
        self._return_code = 1
        if self._exception is None:  # Pilot re-raises it, so tests still see the failure
            self._exception = error
            self._exception_event.set()
        self._close_messages_no_wait()

    def _fatal_error(self) -> None:
        # Only reached if Textual calls it directly: never render a traceback with locals.
        self._return_code = 1
        self._close_messages_no_wait()


def create_app(options: AppOptions | None = None) -> AtbApp:
    """The factory the CLI and the tests share."""
    return AtbApp(options)


def run_app(options: AppOptions) -> int:
    """Run the app until the user quits; returns the exit code (1 after a crash)."""
    app = create_app(options)
    app.run()
    if app.crash_report is not None:
        print(app.crash_report.terminal_line(), file=sys.stderr)
        return 1
    return app.return_code or 0

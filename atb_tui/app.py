"""The Textual application: wiring sessions, navigation and error handling. Screens do the rest."""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.app import App
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.worker import Worker, WorkerState

from atb_tui.api.errors import AuthenticationError, OutcomeUnknownError, ProlificError
from atb_tui.api.http_log import JsonLinesLog
from atb_tui.api.request_log import caused_by
from atb_tui.causes import keep_cause
from atb_tui.commands import app_bindings, command_for_action
from atb_tui.crash import CrashReport, write_crash_report
from atb_tui.logic.jump import AREAS, Jump, Known
from atb_tui.messages import Back, OpenArea, OpenChild, OpenExportFile, OpenItem, OpenPanel
from atb_tui.palette import AtbCommands
from atb_tui.paths import styles_dir
from atb_tui.screens.api_log import ApiLogScreen
from atb_tui.screens.base import AtbScreen
from atb_tui.screens.command_line import CommandLineScreen
from atb_tui.screens.confirm_dialogs import ChoiceScreen
from atb_tui.screens.error import ErrorScreen
from atb_tui.screens.help import HelpScreen
from atb_tui.screens.navigation import area_screen, item_screen, panel_screen, zip_viewer_screen
from atb_tui.screens.profiles import NEW, SANDBOX, SIGN_OUT, ProfilesScreen
from atb_tui.screens.sign_in import SignInScreen
from atb_tui.screens.unsaved import unsaved_in
from atb_tui.screens.workspace_home import WorkspaceHomeScreen
from atb_tui.screens.workspaces import WorkspacesScreen
from atb_tui.session import Session, remote_session, sandbox_session
from atb_tui.startup import StartPlan, UsageError, plan_start
from atb_tui.storage.drafts import DraftStore
from atb_tui.storage.errors import StorageError
from atb_tui.storage.logging_setup import redact
from atb_tui.storage.profiles import Profile, ProfileStore
from atb_tui.storage.settings import Settings, load_settings
from atb_tui.storage.state import Place, StateStore
from atb_tui.widgets import toggle_marks

if TYPE_CHECKING:
    from atb_tui.api import ConnectionStatus, ProlificClient, RetryPolicy
    from atb_tui.sandbox import Sandbox

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


class AtbApp(App[None]):
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
        self.drafts = DraftStore()
        self.start_plan = self.options.start or self._plan()
        self.startup_messages = [*warnings, *self.start_plan.warnings, *self.state.load_errors]
        self.crash_report: CrashReport | None = None
        self.session: Session | None = None
        self.workspace: tuple[str, str] | None = None
        self.known_workspaces: dict[str, str] = {}
        self._known_items: list[Known] = []  # the current workspace's, for `:` completion
        self._sandbox: Sandbox | None = None

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

    def demo_session(self) -> Session:
        """A session on the in-process sandbox (one per app run, so its world persists)."""
        return sandbox_session(self.demo_sandbox, self.options.retry)

    def demo_sandbox(self) -> Sandbox:
        """The demo's sandbox, made (and seeded) when its session's client is first used."""
        if self._sandbox is None:
            self._sandbox = self.options.make_sandbox()
        return self._sandbox

    def connect(self, profile: Profile, token: str) -> Session:
        return self.options.connect(profile, token)

    def save_profile(self, profile: Profile, token: str) -> None:
        self.profiles.save(profile, token)
        self.profiles.set_active(profile.name)

    def _ask_to_sign_in(self, reason: str = "", profile: Profile | None = None) -> None:
        self.push_screen(SignInScreen(reason=reason, profile=profile), self._signed_in)

    async def _signed_in(self, session: Session | None) -> None:
        if session is not None:
            await self.start_session(session)

    async def start_session(self, session: Session, restore: bool = False) -> None:
        """Make this the session every screen uses, and show its workspaces."""
        old, self.session = self.session, session
        if old is not None and old is not session:
            await old.close()
        self._watch_client(session)
        self.workspace = None
        await self._pop_to(0)
        with caused_by("open workspaces"):
            await self.push_screen(WorkspacesScreen())
        last = self.state.last_place(session.profile.name) if restore else None
        if last is not None:
            await self.restore_place(last)

    def _watch_client(self, session: Session) -> None:
        """Follow the connection state and the requests of a new session's client (once it is
        built: the first frame does not wait for it)."""
        session.add_listener(self._connection_changed)
        session.when_built(self._watch_requests)

    def _watch_requests(self, client: ProlificClient) -> None:
        requests = client.request_log
        requests.now = self.options.now  # the app's clock (tests: the sandbox's manual one)
        requests.add_redaction(redact)  # every known token and credential-looking fragment
        if self.options.http_log is not None:
            requests.add_listener(self.options.http_log.write)

    async def on_unmount(self) -> None:
        if self.session is not None:
            await self.session.close()
        if self.options.http_log is not None:
            self.options.http_log.close()

    # ---- navigation -----------------------------------------------------------------------

    async def _pop_to(self, depth: int) -> None:
        while len(self.screen_stack) > depth + 1:
            await self.pop_screen()

    async def open_workspace(self, workspace_id: str, title: str) -> None:
        if self.workspace is None or self.workspace[0] != workspace_id:
            self._known_items = []
        self.workspace = (workspace_id, title)
        self.known_workspaces[workspace_id] = title
        await self._pop_to(1)
        with caused_by("open workspace"):
            await self.push_screen(WorkspaceHomeScreen(workspace_id, title))
        self._remember("workspace", label=title)

    async def open_area(self, area: str, argument: str = "") -> None:
        if self.workspace is None:
            self.notify("Choose a workspace first.", severity="warning")
            return
        await self._pop_to(2)
        with caused_by(f"open {area}"):
            await self.push_screen(area_screen(area, *self.workspace))
        self._remember(area, label=f"{self.workspace[1]} › {area}")

    async def open_item(
        self, kind: str, item_id: str, name: str = "", *, replace: bool = False
    ) -> None:
        """Open one batch, dataset or study; `name` makes the recent-places entry readable.
        `replace`: in place of the current screen (a form that made the item), which the
        screen below never shows through (so it is not re-read in between)."""
        if self.workspace is None:
            self.notify("Choose a workspace first.", severity="warning")
            return
        screen = item_screen(kind, item_id, *self.workspace)
        with caused_by(f"open {kind}"):
            if replace:
                await self.switch_screen(screen)
            else:
                await self.push_screen(screen)
        label = f"{self.workspace[1]} › {kind} {name or item_id[:13]}"
        self._remember(kind, item_id=item_id, label=label)

    async def restore_place(self, place: Place) -> None:
        if place.workspace_id is None:
            return
        await self.open_workspace(place.workspace_id, place.workspace_name or place.workspace_id)
        if place.screen in AREAS:
            await self.open_area(place.screen)
        elif place.item_id and self.workspace is not None and await self._still_there(place):
            await self.push_screen(item_screen(place.screen, place.item_id, *self.workspace))
            self._remember(place.screen, item_id=place.item_id, label=place.label)

    async def _still_there(self, place: Place) -> bool:
        """Whether the item of a remembered place still exists (a fresh demo world, a deleted
        item): reopening it would show a broken screen. Unreachable counts as there."""
        from atb_tui.flows.items import check_item  # the client's models: not before a frame

        assert self.session is not None
        assert place.item_id is not None
        try:
            problem = await check_item(self.session.client, place.screen, place.item_id)
        except ProlificError:
            return True  # offline or failing: open it, the screen says what it can
        if problem is not None:
            label = place.label or place.item_id
            self.notify(f"Where you left off ({label}) is gone. {problem}", timeout=8)
        return problem is None

    def _remember(self, screen: str, *, item_id: str | None = None, label: str = "") -> None:
        if self.session is None or self.workspace is None:
            return
        place = Place(
            profile=self.session.profile.name,
            workspace_id=self.workspace[0],
            workspace_name=self.workspace[1],
            screen=screen,
            item_id=item_id,
            label=label,
        )
        self.state.remember(place)

    async def action_back(self) -> None:
        if isinstance(self.screen, ModalScreen):
            self.screen.dismiss(None)
        else:
            await self._leave_screen()

    async def _leave_screen(self) -> None:
        if len(self.screen_stack) > 2:
            await self.pop_screen()
            if len(self.screen_stack) <= 2:
                self.workspace = None

    # The one place screens' navigation requests (messages.py) become pushes and pops.

    @on(OpenArea)
    async def _on_open_area(self, message: OpenArea) -> None:
        await self.open_area(message.area)

    @on(OpenItem)
    async def _on_open_item(self, message: OpenItem) -> None:
        replace = message.replace and not isinstance(self.screen, ModalScreen)
        await self.open_item(message.kind, message.item_id, message.name, replace=replace)

    @on(OpenPanel)
    async def _on_open_panel(self, message: OpenPanel) -> None:
        workspace = self.workspace or ("", "")
        panel = panel_screen(message.panel, *workspace, message.kind, message.object_id,
                             message.title)  # fmt: skip
        with caused_by(f"open {message.panel}"):
            await self.push_screen(panel)

    @on(OpenExportFile)
    async def _on_open_export_file(self, message: OpenExportFile) -> None:
        await self.push_screen(zip_viewer_screen(message.path, *(self.workspace or ("", ""))))

    @on(OpenChild)
    async def _on_open_child(self, message: OpenChild) -> None:
        await self.push_screen(message.screen)

    @on(Back)
    async def _on_back(self, message: Back) -> None:
        if not isinstance(self.screen, ModalScreen):
            await self._leave_screen()

    def action_open_area(self, area: str) -> None:
        """b d s c m from any screen within a workspace (a screen's own key shadows them)."""
        self.call_later(self.open_area, area)

    def action_api_log(self) -> None:
        """The session's requests; the same key closes the panel again."""
        if isinstance(self.screen, ApiLogScreen):
            self.screen.dismiss()
        elif self.session is not None:
            self.push_screen(ApiLogScreen(self.session.client.request_log))

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
        lost = unsaved_in(self.screen_stack)
        asking = isinstance(self.screen, ChoiceScreen) and self.screen.dialog_title == QUIT_TITLE
        if not lost or asking:  # q again on the question means: quit
            self.exit()
            return
        # Each screen says itself whether a local draft survives (see screens/unsaved.py).
        message = f"Not saved to Prolific: {'; '.join(lost)}."
        choices = [("stay", "Stay and keep editing"), ("quit", "Quit now")]
        self.push_screen(ChoiceScreen(QUIT_TITLE, message, choices), self._quit_chosen)

    def _quit_chosen(self, choice: str | None) -> None:
        if choice == "quit":
            self.exit()

    def action_force_quit(self) -> None:
        self.exit()

    def action_show_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_command_line(self) -> None:
        # `:` is a priority key (so fast typing after it lands in the prompt, in order); a text
        # field still gets its ":". Handled here, not in check_action, so footers stay stable.
        from textual.widgets import Input, TextArea  # TextArea is heavy; not before a frame

        if isinstance(self.focused, Input):
            self.focused.insert_text_at_cursor(":")
            return
        if isinstance(self.focused, TextArea):
            self.focused.insert(":")
            return
        names = [f"workspace {title}" for title in self.known_workspaces.values()]
        prompt = CommandLineScreen(names, self._known_items)
        self.push_screen(prompt, self._jump)
        if self.workspace is not None and self.session is not None:
            self._load_known_items(prompt, self.workspace[0])

    @work(exclusive=True, group="jump-items", exit_on_error=False)
    async def _load_known_items(self, prompt: CommandLineScreen, workspace_id: str) -> None:
        """Names and ids for completion; kept so the next `:` offers them at once."""
        from atb_tui.flows.items import known_items  # the client's models: not before a frame

        assert self.session is not None
        profile = self.session.profile.name
        remembered = [k.dataset_id for k in self.state.known_datasets(profile, workspace_id)]
        try:
            items = await known_items(self.session.client, workspace_id, remembered)
        except ProlificError:
            return  # completion of names is a convenience; ids and views still work
        if self.workspace is not None and self.workspace[0] == workspace_id:
            self._known_items = items
            if prompt.is_attached:
                prompt.add_known(items)

    async def _jump(self, jump: Jump | None) -> None:
        if jump is None:
            return
        if jump.target == "quit":
            await self.action_quit()
        elif jump.target == "help":
            self.action_show_help()
        elif jump.target == "workspaces":
            await self._pop_to(1)
            self.workspace = None
        elif jump.target == "workspace":
            await self._jump_to_workspace(jump.argument)
        elif jump.target in AREAS:
            await self.open_area(jump.target)
        elif jump.target == "open":
            self._open_export_file(jump.argument)
        else:
            self._open_checked(jump.target, jump.argument)

    def _open_export_file(self, typed: str) -> None:
        """`:open FILE.zip`: a downloaded export in the response viewer, offline."""
        from atb_tui.flows.downloads import downloads_dir  # lazy: not needed to start
        from atb_tui.flows.exports import export_file

        path = export_file(typed, downloads_dir())
        if path is None or self.session is None:
            self.notify(f"No file {typed!r} here or in the downloads folder.", severity="warning")
            return
        self.post_message(OpenExportFile(path))

    @work(exclusive=True, group="jump-open", exit_on_error=False)
    async def _open_checked(self, kind: str, item_id: str) -> None:
        """Open an item only once Prolific confirms it exists: no screen of live actions for
        a mistyped id."""
        if self.session is None or self.workspace is None:
            self.notify("Choose a workspace first.", severity="warning")
            return
        from atb_tui.flows.items import check_item  # the client's models: not before a frame

        problem = await check_item(self.session.client, kind, item_id)
        if problem is not None:
            self.notify(problem, title="Jump", severity="warning", timeout=8)
            return
        name = next((k.name for k in self._known_items if k.item_id == item_id), "")
        await self.open_item(kind, item_id, name)

    async def _jump_to_workspace(self, wanted: str) -> None:
        needle = wanted.casefold()
        for workspace_id, title in self.known_workspaces.items():
            if needle in (workspace_id.casefold(), title.casefold()):
                await self.open_workspace(workspace_id, title)
                return
        self.notify(f"No workspace called {wanted!r}.", severity="warning")

    async def run_palette_action(self, screen: Screen[object], action: str, node: object) -> None:
        await self.run_action(action, node)  # type: ignore[arg-type]

    # ---- profiles -------------------------------------------------------------------------

    def action_switch_profile(self) -> None:
        current = self.session.profile if self.session else None
        screen = ProfilesScreen(self.profiles.list(), current, self.set_read_only)
        self.push_screen(screen, self._profile_chosen)

    def set_read_only(self, name: str, read_only: bool) -> Profile:
        """Make a saved profile read-only (or not); the current session follows at once."""
        profile = self.profiles.get(name)
        if profile is None:
            raise StorageError(f"there is no saved profile named {name!r}")
        changed = replace(profile, read_only=read_only)
        self.profiles.save(changed)
        if self.session is not None and self.session.profile.name == name:
            self.session.profile = changed
            for screen in self.screen_stack:
                if isinstance(screen, AtbScreen):
                    screen.refresh_chrome()
                    screen.refresh_bindings()
        return changed

    async def _profile_chosen(self, choice: str | None) -> None:
        if choice is None:
            return
        if choice == SANDBOX:
            await self.start_session(self.demo_session())
        elif choice == NEW:
            self._ask_to_sign_in()
        elif choice == SIGN_OUT and self.session is not None:
            await self.sign_out()
        else:
            await self._switch_to(choice)

    async def sign_out(self) -> None:
        """Forget the current profile's token on disk and in memory, drop all its screens."""
        if self.session is None:
            return
        session = self.session
        name = session.profile.name
        try:
            self.profiles.sign_out(name)
        except StorageError as error:
            self.notify(str(error), title="Sign-out incomplete", severity="error", timeout=12)
        self.workspace = None
        self.known_workspaces.clear()
        # Screens resumed while popping still read the session; drop it once they are gone.
        await self._pop_to(0)  # nothing of the old profile stays underneath: Esc cannot return
        self.session = None
        await session.close()
        self.notify(f"Signed out of {name}; its token is deleted.")
        self._ask_to_sign_in(f"Signed out of {name}.", session.profile)

    async def _switch_to(self, name: str) -> None:
        profile, token = self.profiles.get(name), self.profiles.token(name)
        if profile is None or token is None:
            problems = "; ".join(self.profiles.load_errors)
            reason = f"Profile {name!r} has no usable saved token. Sign in again."
            self._ask_to_sign_in(f"{reason} ({problems})" if problems else reason, profile)
            return
        self.profiles.set_active(name)
        await self.start_session(self.connect(profile, token))

    # ---- connection state and errors ------------------------------------------------------

    def _connection_changed(self, status: ConnectionStatus) -> None:
        if isinstance(self.screen, AtbScreen):
            self.screen.refresh_chrome()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR and event.worker.error is not None:
            self.handle_error(event.worker.error)

    def handle_error(self, error: BaseException) -> None:
        """One place that turns any failure into something readable; the app carries on."""
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

    def reauthenticate(self) -> None:
        """A 401: ask for a token on top of the current screens, so nothing typed is lost."""
        if any(isinstance(screen, SignInScreen) for screen in self.screen_stack):
            return
        profile = self.session.profile if self.session else None
        reason = "Prolific no longer accepts this profile's token (401). Paste a valid one."
        self.push_screen(SignInScreen(reason=reason, profile=profile), self._reauthenticated)

    async def _reauthenticated(self, session: Session | None) -> None:
        if session is None:
            return
        old, self.session = self.session, session
        self._watch_client(session)
        if old is not None:
            await old.close()
        if isinstance(self.screen, AtbScreen):
            self.screen.refresh_chrome()
            await self.run_action("refresh", self.screen)


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

"""Sessions and profiles: signing in, starting a session, switching and signing out of
profiles, making one read-only, and asking for a new token after a 401."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from textual import work

from atb_tui.api.cause import caused_by
from atb_tui.app_navigation import NavigatingApp
from atb_tui.screens.base import AtbScreen
from atb_tui.screens.workspaces import WorkspacesScreen
from atb_tui.session import Session, sandbox_session
from atb_tui.storage.errors import StorageError
from atb_tui.storage.logging_setup import redact
from atb_tui.storage.profiles import Profile, ProfileStore

if TYPE_CHECKING:
    from atb_tui.api import ConnectionStatus, ProlificClient
    from atb_tui.app import AppOptions
    from atb_tui.sandbox import Sandbox


class SessionApp(NavigatingApp):
    """The app's sessions; `AtbApp` sets these attributes up."""

    options: AppOptions
    profiles: ProfileStore
    _sandbox: Sandbox | None

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

    @work(group="sign-in", exit_on_error=False)
    async def _ask_to_sign_in(self, reason: str = "", profile: Profile | None = None) -> None:
        from atb_tui.screens.sign_in import SignInScreen  # not needed before the first frame

        session = await self.push_screen_wait(SignInScreen(reason=reason, profile=profile))
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

    @work(exclusive=True, group="profiles", exit_on_error=False)
    async def action_switch_profile(self) -> None:
        from atb_tui.screens.profiles import ProfilesScreen  # not needed before the first frame

        current = self.session.profile if self.session else None
        screen = ProfilesScreen(self.profiles.list(), current, self.set_read_only)
        await self._profile_chosen(await self.push_screen_wait(screen))

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
        from atb_tui.screens.profiles import NEW, SANDBOX, SIGN_OUT

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

    def reauthenticate(self) -> None:
        """A 401: ask for a token on top of the current screens, so nothing typed is lost."""
        from atb_tui.screens.sign_in import SignInScreen

        if any(isinstance(screen, SignInScreen) for screen in self.screen_stack):
            return
        profile = self.session.profile if self.session else None
        reason = "Prolific no longer accepts this profile's token (401). Paste a valid one."
        self._sign_in_again(reason, profile)

    @work(exclusive=True, group="reauthenticate", exit_on_error=False)
    async def _sign_in_again(self, reason: str, profile: Profile | None) -> None:
        from atb_tui.screens.sign_in import SignInScreen

        session = await self.push_screen_wait(SignInScreen(reason=reason, profile=profile))
        if session is None:
            return
        old, self.session = self.session, session
        self._watch_client(session)
        if old is not None:
            await old.close()
        if isinstance(self.screen, AtbScreen):
            self.screen.refresh_chrome()
            await self.run_action("refresh", self.screen)

    def _connection_changed(self, status: ConnectionStatus) -> None:
        if isinstance(self.screen, AtbScreen):
            self.screen.refresh_chrome()

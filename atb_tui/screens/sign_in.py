"""Sign-in: paste a token (checked against users/me), or try the offline sandbox."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Center, Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Button, Checkbox, Footer, Input, Label, Static

from atb_tui.api.errors import AuthenticationError, ProlificError
from atb_tui.commands import bindings
from atb_tui.paths import styles_dir
from atb_tui.session import Session
from atb_tui.storage.profiles import DEFAULT_API_URL, Profile, StorageError

if TYPE_CHECKING:
    from atb_tui.app import AtbApp

INTRO = (
    "Or sign in with a Prolific API token (Settings → API tokens).\n"
    "It is checked with Prolific and kept only on this machine (mode 0600)."
)


class SignInScreen(Screen[Session | None]):
    """Returns the new session, or None when the user chose the sandbox or gave up."""

    CSS_PATH = str(styles_dir() / "app_dialogs.tcss")

    SCREEN_ID = "sign-in"
    BINDINGS = bindings("dialog.cancel")

    def __init__(self, *, reason: str = "", profile: Profile | None = None) -> None:
        super().__init__()
        self.reason = reason
        self.profile = profile

    def compose(self) -> ComposeResult:
        with Center(), Vertical(id="sign-in-panel"):
            yield Static("atb-tui · Prolific AI Task Builder", id="sign-in-title")
            yield Static(self.reason, id="sign-in-reason", classes="error")
            with Horizontal(classes="sign-in-row"):
                yield Static("No account? Try everything offline:", classes="sign-in-label-wide")
                yield Button("Open the sandbox", id="sandbox", compact=True)
            yield Static(INTRO, id="sign-in-intro")
            yield from self._field(
                "Token",
                Input(placeholder="paste your API token", password=True, id="token", compact=True),
            )
            url = self.profile.api_url if self.profile else DEFAULT_API_URL
            yield from self._field("API URL", Input(url, id="api-url", compact=True))
            name = self.profile.name if self.profile else "default"
            yield from self._field("Profile", Input(name, id="profile-name", compact=True))
            with Horizontal(classes="sign-in-row"):
                yield Static("", classes="sign-in-label")
                yield Checkbox(
                    "read-only (hide all that changes or spends)",
                    self.profile.read_only if self.profile else False,
                    id="read-only",
                    compact=True,
                )
            yield Static("", id="sign-in-error", classes="error")
            with Horizontal(classes="sign-in-row"):
                yield Static("", classes="sign-in-label")
                yield Button("Sign in", variant="primary", id="sign-in", compact=True)
        yield Footer()

    @staticmethod
    def _field(label: str, field: Input) -> ComposeResult:
        with Horizontal(classes="sign-in-row"):
            yield Label(label, classes="sign-in-label")
            yield field

    def on_mount(self) -> None:
        self.query_one("#sign-in-reason").display = bool(self.reason)
        self.query_one("#token", Input).focus()

    @property
    def atb(self) -> AtbApp:
        return cast("AtbApp", self.app)

    @on(Button.Pressed, "#sandbox")
    def _sandbox(self) -> None:
        self.dismiss(self.atb.demo_session())

    @on(Button.Pressed, "#sign-in")
    @on(Input.Submitted)
    def _sign_in(self) -> None:
        token = self.query_one("#token", Input).value.strip()
        if not token:
            self._show_error("Paste a token first.")
            return
        self._show_error("Checking the token with Prolific…")
        self.check_token(token)

    @work(exclusive=True, group="sign-in", exit_on_error=False)
    async def check_token(self, token: str) -> None:
        try:
            profile = self._profile_from_form()
            session = self.atb.connect(profile, token)
        except (ProlificError, StorageError, ValueError) as error:
            self._show_error(str(error))
            return
        try:
            user = await session.client.users.me()
        except AuthenticationError:
            await session.close()
            self._show_error("Prolific rejected this token (401). Check it and paste it again.")
            return
        except ProlificError as error:
            await session.close()
            self._show_error(f"{error.title}: {error.message}")
            return
        self.atb.save_profile(profile, token)
        self.notify(f"Signed in as {user.email}", title="Welcome")
        self.dismiss(session)

    def _profile_from_form(self) -> Profile:
        name = self.query_one("#profile-name", Input).value.strip() or "default"
        url = self.query_one("#api-url", Input).value.strip().rstrip("/") or DEFAULT_API_URL
        read_only = self.query_one("#read-only", Checkbox).value
        return Profile(name=name, api_url=url, read_only=read_only)

    def _show_error(self, message: str) -> None:
        self.query_one("#sign-in-error", Static).update(message)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # On first run there is nothing underneath to go back to.
        return action != "cancel" or len(self.app.screen_stack) > 2

    def action_cancel(self) -> None:
        self.dismiss(None)

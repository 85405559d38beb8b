"""ctrl+o: switch profile, open the sandbox, sign in anew, or sign out."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from atb_tui.storage.profiles import Profile

SANDBOX = "::sandbox"
NEW = "::new"
SIGN_OUT = "::sign-out"


class ProfilesScreen(ModalScreen[str | None]):
    """Returns a profile name, or one of SANDBOX / NEW / SIGN_OUT."""

    BINDINGS = [("escape", "dismiss", "Cancel")]

    def __init__(self, profiles: list[Profile], current: str | None) -> None:
        super().__init__()
        self.profiles = profiles
        self.current = current

    def compose(self) -> ComposeResult:
        options = [Option(self._label(profile), id=profile.name) for profile in self.profiles]
        options.append(
            Option("[yellow]Offline sandbox[/yellow]  (no account, no network)", id=SANDBOX)
        )
        options.append(Option("Sign in with another token…", id=NEW))
        if self.current and self.current not in ("sandbox", "env"):
            options.append(
                Option(f"[red]Sign out of {self.current}[/red] (forget its token)", id=SIGN_OUT)
            )
        with Vertical(id="profiles-panel"):
            yield Static("[b]Profiles[/b]  ·  Enter switches  ·  Esc cancels")
            yield OptionList(*options, id="profile-list")

    def _label(self, profile: Profile) -> str:
        marks = " [b](current)[/b]" if profile.name == self.current else ""
        marks += " [dim]read-only[/dim]" if profile.read_only else ""
        return f"{profile.name}  [dim]{profile.api_url}[/dim]{marks}"

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

"""ctrl+o: switch profile, open the sandbox, sign in anew, sign out, or toggle read-only."""

from __future__ import annotations

from collections.abc import Callable

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from atb_tui.commands import bindings
from atb_tui.paths import styles_dir
from atb_tui.storage.errors import StorageError
from atb_tui.storage.profiles import Profile
from atb_tui.widgets.chrome import cancel_hint, key_hint

SANDBOX = "::sandbox"
NEW = "::new"
SIGN_OUT = "::sign-out"

SetReadOnly = Callable[[str, bool], Profile]


class ProfilesScreen(ModalScreen[str | None]):
    """Returns a profile name, or one of SANDBOX / NEW / SIGN_OUT."""

    CSS_PATH = str(styles_dir() / "app_dialogs.tcss")

    BINDINGS = bindings("dialog.cancel", "profiles.read_only")

    def __init__(
        self,
        profiles: list[Profile],
        current: Profile | None,
        set_read_only: SetReadOnly | None = None,
    ) -> None:
        super().__init__()
        self.profiles = {profile.name: profile for profile in profiles}
        self.current = current
        self.set_read_only = set_read_only

    @property
    def _current_name(self) -> str | None:
        return self.current.name if self.current else None

    def compose(self) -> ComposeResult:
        options = [Option(self._label(p), id=p.name) for p in self.profiles.values()]
        sandbox_mark = " [b](current)[/b]" if self.current and self.current.sandbox else ""
        options.append(
            Option(
                f"[yellow]Offline sandbox[/yellow]  (no account, no network){sandbox_mark}",
                id=SANDBOX,
            )
        )
        options.append(Option("Sign in with another token…", id=NEW))
        name = self._current_name
        if name and name in self.profiles:
            options.append(Option(f"[red]Sign out of {name}[/red] (forget its token)", id=SIGN_OUT))
        read_only = key_hint(self.app, "profiles.read_only")
        hint = f"Enter switches  ·  {read_only} read-only  ·  {cancel_hint(self.app)}"
        with Vertical(id="profiles-panel"):
            yield Static(f"[b]Profiles[/b]  ·  {hint}")
            yield OptionList(*options, id="profile-list")
            yield Static("", id="profiles-message")

    def _label(self, profile: Profile) -> str:
        marks = " [b](current)[/b]" if profile.name == self._current_name else ""
        marks += " [dim]read-only[/dim]" if profile.read_only else ""
        return f"{profile.name}  [dim]{profile.api_url}[/dim]{marks}"

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()
        self.query_one("#profiles-message").display = False  # shown once there is news

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_toggle_read_only(self) -> None:
        """Flip the highlighted saved profile's read-only flag (stored in profiles.json)."""
        option_list = self.query_one(OptionList)
        index = option_list.highlighted
        option = option_list.get_option_at_index(index) if index is not None else None
        profile = self.profiles.get(option.id or "") if option is not None else None
        message = self.query_one("#profiles-message", Static)
        message.display = True
        if profile is None or self.set_read_only is None or index is None:
            message.update("Read-only applies to saved profiles: highlight one first.")
            return
        try:
            changed = self.set_read_only(profile.name, not profile.read_only)
        except StorageError as error:
            message.update(f"Could not change {profile.name}: {error}")
            return
        self.profiles[changed.name] = changed
        option_list.replace_option_prompt_at_index(index, self._label(changed))
        state = "read-only" if changed.read_only else "allowed to make changes again"
        message.update(f"{changed.name} is now {state}.")

"""`?`: every key of the screen underneath, with what it does (remapped keys included)."""

from __future__ import annotations

from rich.markup import escape
from rich.table import Table
from textual.app import App, ComposeResult
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from atb_tui.commands import AREA_COMMANDS, REGISTRY
from atb_tui.paths import styles_dir
from atb_tui.widgets.chrome import key_hint


def about(app: App[object]) -> str:
    """One paragraph on the keys that work everywhere, as currently bound."""
    back, jump, search, palette = (
        key_hint(app, command_id)
        for command_id in ("app.back", "app.jump", "table.filter", "app.palette")
    )
    areas = " ".join(key_hint(app, command_id) for command_id in AREA_COMMANDS)
    return (
        "atb-tui runs Prolific AI Task Builder work from the keyboard.\n"
        f"{back} goes back, {jump} jumps anywhere (:batches, :batch <name or id>), {search} "
        f"filters a table, {palette} searches every command; within a workspace {areas} open "
        "its areas (unless this screen uses the key)."
    )


def key_table(screen: Screen[object]) -> Table:
    """The keys active on a screen, one row per command, in registry order."""
    table = Table(box=None, show_header=True, header_style="bold", expand=True)
    table.add_column("Key", style="bold cyan", no_wrap=True)
    table.add_column("Command", no_wrap=True)
    table.add_column("What it does")
    seen: dict[str, list[str]] = {}
    for active in screen.active_bindings.values():
        command_id = active.binding.id
        if command_id in REGISTRY:
            seen.setdefault(command_id, []).append(screen.app.get_key_display(active.binding))
    for command_id, command in REGISTRY.items():
        if command_id in seen:
            table.add_row(
                " / ".join(dict.fromkeys(seen[command_id])), command.title, command.tooltip
            )
    return table


class HelpScreen(ModalScreen[None]):
    """A modal listing the keys of the screen it was opened from."""

    CSS_PATH = str(styles_dir() / "app_dialogs.tcss")

    BINDINGS = [("escape,question_mark,q", "dismiss", "Close")]

    def __init__(self, under: Screen[object]) -> None:
        super().__init__()
        self.under = under

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-panel"):
            about_text = escape(about(self.app))
            yield Static(f"[b]Keys on this screen[/b]  ·  {about_text}", id="help-about")
            yield Static(key_table(self.under), id="help-keys")
            yield Static("[dim]Esc closes. Remap keys in settings.toml (see README).[/dim]")

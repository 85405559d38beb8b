"""The modal for an unexpected error: what happened, and that the app carries on."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from atb_tui.commands import bindings
from atb_tui.paths import styles_dir


class ErrorScreen(ModalScreen[None]):
    """Shows a short explanation; Enter or Esc continues."""

    CSS_PATH = str(styles_dir() / "app_dialogs.tcss")

    BINDINGS = bindings("dialog.cancel")

    def __init__(self, title: str, message: str, *, hint: str = "") -> None:
        super().__init__()
        self.error_title = title
        self.message = message
        self.hint = hint or "Your work is kept. You can carry on; details are in the log file."

    def compose(self) -> ComposeResult:
        with Vertical(id="error-panel"):
            yield Static(f"[b]{self.error_title}[/b]", id="error-title")
            yield Static(self.message, id="error-message", markup=False)
            yield Static(f"[dim]{self.hint}[/dim]", id="error-hint")
            yield Button("Continue", variant="primary", id="error-continue")

    def on_mount(self) -> None:
        self.query_one(Button).focus()

    @on(Button.Pressed)
    def _continue(self) -> None:
        self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)

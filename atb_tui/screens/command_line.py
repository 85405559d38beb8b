"""`:` — the k9s-style command line, with completion."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Input, Static

from atb_tui.logic.jump import Jump, JumpError, completions, parse_jump


class CommandLineScreen(ModalScreen[Jump | None]):
    """A one-line prompt at the bottom; returns where to go."""

    BINDINGS = [("escape", "dismiss", "Cancel")]

    def __init__(self, extra_completions: list[str] | None = None) -> None:
        super().__init__()
        self.words = [*completions(), *(extra_completions or [])]

    def compose(self) -> ComposeResult:
        yield Static("", id="command-error", classes="error")
        yield Input(
            placeholder="batches · datasets · studies · monitor · batch <id> · workspace <name>",
            suggester=SuggestFromList(self.words, case_sensitive=False),
            id="command-input",
        )

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        try:
            self.dismiss(parse_jump(event.value))
        except JumpError as error:
            self.query_one("#command-error", Static).update(str(error))

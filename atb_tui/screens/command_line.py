"""`:` — the k9s-style command line, with completion of views, item names and ids.

Enter takes the completion shown after the cursor (so `:bat` + Enter opens the batches), unless
what was typed is itself complete. Item names arrive a moment after the prompt opens (the app
fetches them); typing never waits for them.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual import events, on
from textual.app import ComposeResult
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Input, Static

from atb_tui.commands import bindings
from atb_tui.logic.jump import Jump, JumpError, Known, completions, parse_jump
from atb_tui.paths import styles_dir


def complete(typed: str, words: Iterable[str]) -> str:
    """What Enter takes: `typed` when it is complete, else the first completion it starts."""
    needle = typed.strip().casefold()
    if not needle:
        return typed
    candidates = [word.strip() for word in words]
    if any(word.casefold() == needle for word in candidates):
        return typed
    for word in candidates:
        if word.casefold().startswith(needle):
            return word
    return typed


class CommandLineScreen(ModalScreen[Jump | None]):
    """A one-line prompt at the bottom; returns where to go."""

    CSS_PATH = str(styles_dir() / "app_dialogs.tcss")

    BINDINGS = bindings("dialog.cancel")
    AUTO_FOCUS = "#command-input"

    def __init__(
        self, extra_completions: list[str] | None = None, known: Iterable[Known] = ()
    ) -> None:
        super().__init__()
        self.extra = list(extra_completions or [])
        self.known: list[Known] = list(known)
        self.words = [*completions(self.known), *self.extra]

    def compose(self) -> ComposeResult:
        yield Static("", id="command-error", classes="error")
        yield Input(
            placeholder="batches · datasets · studies · monitor · batch <name or id> · workspace …",
            suggester=SuggestFromList(self.words, case_sensitive=False),
            id="command-input",
        )

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_key(self, event: events.Key) -> None:
        """Keys typed before the field had focus (`:bat⏎` typed fast) still land in it.

        A printable key only reaches the screen when the field did not take it (the field
        stops the ones it types), so it is never typed twice."""
        field = self.query_one(Input)
        if event.is_printable and event.character:
            event.stop()
            field.focus()
            field.insert_text_at_cursor(event.character)
        elif event.key == "enter" and not field.has_focus:
            event.stop()
            field.focus()
            self._submit(field.value)

    def add_known(self, known: Iterable[Known]) -> None:
        """Items of the workspace, fetched after the prompt opened: complete to them too."""
        self.known = list(known)
        self.words = [*completions(self.known), *self.extra]
        self.query_one(Input).suggester = SuggestFromList(self.words, case_sensitive=False)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        self._submit(event.value)

    def _submit(self, typed: str) -> None:
        try:
            self.dismiss(parse_jump(complete(typed, self.words), self.known))
        except JumpError as error:
            self.query_one("#command-error", Static).update(str(error))

    def action_cancel(self) -> None:
        self.dismiss(None)

"""Small modal dialogs: pick one of a few choices, type a value, or confirm spending money.

`ConfirmSpendScreen` is the deliberate step before anything that spends or ends something:
it repeats what will happen and the amount, and only confirms once the user has typed the
amount or the given word; Enter alone, or Esc, never confirms.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Input, OptionList, Static
from textual.widgets.option_list import Option

from atb_tui.commands import bindings
from atb_tui.paths import styles_dir
from atb_tui.widgets.chrome import key_hint

DIALOGS_CSS = str(styles_dir() / "dialogs.tcss")  # every small dialog's frame


def keep_early_key(screen: Screen[Any], event: events.Key) -> None:
    """Type a key that reached the dialog before its field had focus into that field.

    Textual routes a key to the focused widget, or to the screen while nothing has focus yet
    (focus is applied a moment after the dialog mounts). A printable key that reaches the
    screen was seen by no field, so it would be lost: it goes into the first field instead.
    """
    focused = screen.focused
    if not event.is_printable or event.character is None:
        return
    if focused is not None and not isinstance(focused, Input):
        return
    event.stop()
    event.prevent_default()
    _type_into_first_field(screen, event.character)


def _type_into_first_field(screen: Screen[Any], character: str) -> None:
    fields = screen.query(Input)
    if not fields:  # not composed yet: type it once the fields exist
        screen.call_after_refresh(_type_into_first_field, screen, character)
        return
    focused = screen.focused
    field = focused if isinstance(focused, Input) else fields.first()
    screen.set_focus(field)
    field.insert_text_at_cursor(character)


class ChoiceScreen(ModalScreen[str | None]):
    """A question with a few answers; dismisses with the chosen id, or None on Esc."""

    CSS_PATH = DIALOGS_CSS
    BINDINGS = bindings("dialog.cancel")

    def __init__(self, title: str, message: str, choices: Sequence[tuple[str, str]]) -> None:
        super().__init__()
        self.dialog_title = title
        self.message = message
        self.choices = list(choices)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.dialog_title, classes="dialog-title", markup=False)
            if self.message:
                yield Static(self.message, classes="dialog-message", markup=False)
            yield OptionList(*(Option(label, id=key) for key, label in self.choices))

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


class PromptScreen(ModalScreen[str | None]):
    """Asks for one value; dismisses with the text (Enter) or None (Esc)."""

    CSS_PATH = DIALOGS_CSS
    BINDINGS = bindings("dialog.cancel")

    def __init__(self, title: str, message: str, value: str = "", placeholder: str = "") -> None:
        super().__init__()
        self.dialog_title = title
        self.message = message
        self.value = value
        self.placeholder = placeholder

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.dialog_title, classes="dialog-title", markup=False)
            yield Static(self.message, classes="dialog-message", markup=False)
            yield Input(self.value, placeholder=self.placeholder, id="prompt-input")

    def on_mount(self) -> None:
        self.set_focus(self.query_one(Input))

    def on_key(self, event: events.Key) -> None:
        keep_early_key(self, event)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        if event.value.strip():
            self.dismiss(event.value.strip())

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmSpendScreen(ModalScreen[bool]):
    """Confirms an action that spends or ends something by typing one of `accepted`."""

    CSS_PATH = DIALOGS_CSS
    BINDINGS = bindings("dialog.cancel")

    def __init__(
        self, title: str, lines: Sequence[str], amount: str, accepted: Sequence[str], verb: str
    ) -> None:
        super().__init__()
        self.dialog_title = title
        self.lines = list(lines)
        self.amount = amount
        self.accepted = [text for text in accepted if text]
        self.typed = " or ".join(self.accepted)
        self.verb = verb

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.dialog_title, classes="dialog-title", markup=False)
            yield Static("\n".join(self.lines), classes="dialog-message", markup=False)
            if self.amount:
                yield Static(self.amount, classes="amount", markup=False)
            yield Static(
                f"Type {self.typed} to confirm ({key_hint(self.app, 'dialog.cancel')} cancels):",
                classes="dialog-message",
                markup=False,
            )
            yield Input(placeholder="type it here", id="confirm-input")
            yield Static("", classes="dialog-error", id="confirm-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button(self.verb, variant="warning", id="confirm-go", disabled=True)
                yield Button("Cancel", id="confirm-cancel")

    def on_mount(self) -> None:
        self.set_focus(self.query_one(Input))

    def on_key(self, event: events.Key) -> None:
        keep_early_key(self, event)

    def _matches(self, text: str) -> bool:
        return any(_same(text, option) for option in self.accepted)

    @on(Input.Changed)
    def _typing(self, event: Input.Changed) -> None:
        self.query_one("#confirm-go", Button).disabled = not self._matches(event.value)
        self.query_one("#confirm-error", Static).update("")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        if self._matches(event.value):
            self.dismiss(True)
        else:
            message = f"“{event.value.strip()}” is not {self.typed}. Nothing was done."
            self.query_one("#confirm-error", Static).update(message)

    @on(Button.Pressed, "#confirm-go")
    def _go(self) -> None:
        if self._matches(self.query_one(Input).value):
            self.dismiss(True)

    @on(Button.Pressed, "#confirm-cancel")
    def action_cancel(self) -> None:
        self.dismiss(False)


def _normal(text: str) -> str:
    return "".join(text.split()).casefold()


def _number(text: str) -> Decimal | None:
    """An amount as typed ('84', '£84.00', '1,234.5'), or None when it is not one."""
    cleaned = _normal(text).lstrip("£$€").replace(",", "")
    if not cleaned or not all(c.isdigit() or c == "." for c in cleaned):
        return None
    try:
        return Decimal(cleaned)
    except InvalidOperation:
        return None


def _same(typed: str, option: str) -> bool:
    """Whether what was typed says `option`: the same word, or the same amount (84 = 84.00)."""
    if _normal(typed) == _normal(option):
        return True
    amount, wanted = _number(typed), _number(option)
    return amount is not None and wanted is not None and amount == wanted

"""Small dialogs of the batch detail screen: set up, duplicate, save the report.

Each one only collects a decision and returns it; the batch screen does the API work.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any, TypeVar

from textual import events, on
from textual.app import App, ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, RadioButton, RadioSet, Static

from atb_tui.commands import bindings
from atb_tui.flows.batches import DuplicateChoice, copy_name, report_problem
from atb_tui.logic.setup_preview import SetupPreview
from atb_tui.paths import styles_dir
from atb_tui.screens.confirm_dialogs import keep_early_key
from atb_tui.views.batch_setup import SetupFacts, setup_preview
from atb_tui.widgets.chrome import cancel_hint, key_hint

__all__ = ["DIALOG_CSS", "Dialog", "DuplicateDialog", "ReportDialog", "SetupDialog", "SetupFacts",
           "dialog_buttons", "push_now", "setup_preview"]  # fmt: skip
BATCHES_CSS = str(styles_dir() / "batches.tcss")

DIALOG_CSS = """
{name} {{ align: center middle; }}
{name} > Vertical {{
    width: 76; max-width: 100%; height: auto; border: round $accent;
    background: $panel; padding: 0 1;
}}
{name} .problem {{ color: $error; }}
{name} .buttons {{ height: auto; align-horizontal: right; }}
"""


ResultT = TypeVar("ResultT")


class Dialog(ModalScreen[ResultT]):
    """A dialog: ctrl+s (or its OK button) submits, Esc (or Cancel) closes with None."""

    BINDINGS = bindings("dialog.submit", "dialog.cancel")

    def action_submit(self) -> None:
        """Check the input and dismiss with the result (subclasses)."""

    def on_key(self, event: events.Key) -> None:
        keep_early_key(self, event)  # keys typed as the dialog opens land in its field

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#ok")
    def _ok(self) -> None:
        self.action_submit()


def push_now(app: App[Any], dialog: ModalScreen[ResultT]) -> asyncio.Future[ResultT | None]:
    """Push `dialog` at once and return its answer, to await in a worker. For a dialog whose key
    is often followed at once by typing (`s`, then digits): pushed from the key's own handler,
    the next key lands in the dialog, where a worker's `push_screen_wait` comes a moment later
    and lets that key reach the screen below."""
    answer: asyncio.Future[ResultT | None] = asyncio.get_running_loop().create_future()

    def settle(result: ResultT | None) -> None:
        if not answer.done():  # the worker awaiting it may have been cancelled
            answer.set_result(result)

    app.push_screen(dialog, settle)
    return answer


def dialog_buttons(ok: str) -> Horizontal:
    return Horizontal(Button("Cancel", id="cancel"), Button(ok, variant="primary", id="ok"),
                      classes="buttons")  # fmt: skip


class SetupDialog(Dialog[int | None]):
    """Tasks per group, with what setup will produce shown as you type."""

    CSS_PATH = BATCHES_CSS

    def __init__(self, batch_name: str, facts: SetupFacts) -> None:
        super().__init__()
        self.batch_name = batch_name
        self.facts = facts

    def compose(self) -> ComposeResult:
        with Vertical():
            keys = f"Enter sets up · {cancel_hint(self.app)}"
            yield Static(f"[b]Set up {self.batch_name}[/b]  [dim]{keys}[/dim]")
            yield Label("Tasks per group")
            yield Input(str(self.facts.tasks_per_group), id="tasks-per-group", type="integer")
            yield Static("", id="preview")
            yield dialog_buttons("Set up")

    def on_mount(self) -> None:
        self.set_focus(self.query_one(Input))
        self._update()

    @property
    def preview(self) -> SetupPreview:
        return setup_preview(self.facts, self.query_one(Input).value)

    @on(Input.Changed)
    def _update(self) -> None:
        preview = self.preview
        label = self.query_one("#preview", Static)
        label.update(("✗ " if preview.error else "→ ") + preview.text)
        label.set_class(preview.error is not None, "problem")
        self.query_one("#ok", Button).disabled = preview.error is not None

    @on(Input.Submitted)
    def action_submit(self) -> None:
        preview = self.preview
        if preview.error is not None:
            return
        self.dismiss(preview.tasks_per_group or self.facts.tasks_per_group)


class DuplicateDialog(Dialog[DuplicateChoice | None]):
    """Copy a batch: with the same dataset, or ready for a new upload."""

    CSS_PATH = BATCHES_CSS

    def __init__(self, batch_name: str, dataset_label: str | None) -> None:
        super().__init__()
        self.batch_name = batch_name
        self.dataset_label = dataset_label

    def compose(self) -> ComposeResult:
        with Vertical():
            keys = f"{key_hint(self.app, 'dialog.submit')} duplicates"
            yield Static(f"[b]Duplicate {self.batch_name}[/b]  [dim]{keys}[/dim]")
            yield Label("Name of the copy")
            yield Input(copy_name(self.batch_name), id="name")
            with RadioSet(id="dataset-choice"):
                same = f"Same dataset ({self.dataset_label})" if self.dataset_label else None
                yield RadioButton(same or "Same dataset (this batch has none)", value=True,
                                  id="same", disabled=self.dataset_label is None)  # fmt: skip
                yield RadioButton("No dataset: I will upload a new one for the copy", id="new",
                                  value=self.dataset_label is None)  # fmt: skip
            yield Static("", id="problem", classes="problem")
            yield dialog_buttons("Duplicate")

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#name", Input))

    @on(Input.Submitted)
    def action_submit(self) -> None:
        name = self.query_one("#name", Input).value.strip()
        if not name:
            self.query_one("#problem", Static).update("The copy needs a name.")
            return
        new_upload = self.query_one("#new", RadioButton).value
        self.dismiss(DuplicateChoice(name, new_upload))


class ReportDialog(Dialog[Path | None]):
    """Where to save the batch's CSV report."""

    CSS_PATH = BATCHES_CSS

    def __init__(self, suggested: Path) -> None:
        super().__init__()
        self.suggested = suggested

    def compose(self) -> ComposeResult:
        with Vertical():
            keys = f"Enter saves · {cancel_hint(self.app)}"
            yield Static(f"[b]Save the batch report (CSV)[/b]  [dim]{keys}[/dim]")
            yield Label("Save to (a file, or a folder to put it in)")
            yield Input(str(self.suggested), id="path")
            yield Static("", id="problem", classes="problem")
            yield dialog_buttons("Save")

    def on_mount(self) -> None:
        self.set_focus(self.query_one(Input))

    @on(Input.Submitted)
    def action_submit(self) -> None:
        path = Path(self.query_one(Input).value.strip() or ".").expanduser()
        problem = report_problem(path)
        if problem is not None:
            self.query_one("#problem", Static).update(problem)
            return
        self.dismiss(path)

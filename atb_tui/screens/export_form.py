"""The new-export form: an optional study (of the batch's studies) and an optional date range.

It only collects and checks the filter (views/exports.py says what is accepted); the exports
screen makes the request. ctrl+s (or Enter in a date field) requests, Esc closes.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label, Select, Static

from atb_tui.paths import styles_dir
from atb_tui.screens.batch_dialogs import Dialog, dialog_buttons
from atb_tui.views.exports import ExportRequest, FormError, export_request
from atb_tui.widgets.chrome import key_hint

ALL_STUDIES = "__all__"


class ExportFormDialog(Dialog[ExportRequest | None]):
    """Which responses the new ZIP holds."""

    CSS_PATH = str(styles_dir() / "exports.tcss")

    def __init__(self, title: str, studies: list[tuple[str, str]]) -> None:
        super().__init__()
        self.export_title = title
        self.studies = studies  # (name, id)

    def compose(self) -> ComposeResult:
        with Vertical():
            submit, cancel = (key_hint(self.app, c) for c in ("dialog.submit", "dialog.cancel"))
            yield Static(f"[b]New export of {_escape(self.export_title)}[/b]  "
                         f"[dim]{submit} requests · {cancel} cancels[/dim]")  # fmt: skip
            yield Label("Study (optional)")
            options = [("All studies", ALL_STUDIES), *self.studies]
            yield Select(options, value=ALL_STUDIES, allow_blank=False, id="study")
            with Horizontal(classes="dates"):
                with Vertical():
                    yield Label("From (optional)")
                    yield Input(placeholder="YYYY-MM-DD", id="from")
                with Vertical():
                    yield Label("To (optional)")
                    yield Input(placeholder="YYYY-MM-DD", id="to")
            yield Static("Dates are UTC and on response time; To includes its whole day.",
                         classes="hint")  # fmt: skip
            yield Static("", id="problem", classes="problem")
            yield dialog_buttons("Request")

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#from", Input))

    @on(Input.Changed)
    def _typing(self) -> None:
        self.query_one("#problem", Static).update(self._problem() or "")

    def _problem(self) -> str | None:
        try:
            self._values()
        except FormError as error:
            return str(error)
        return None

    def _values(self) -> ExportRequest:
        study = self.query_one("#study", Select).value
        study_id = str(study) if study not in (ALL_STUDIES, Select.BLANK) else None
        return export_request(
            study_id, self.query_one("#from", Input).value, self.query_one("#to", Input).value
        )

    @on(Input.Submitted)
    def action_submit(self) -> None:
        try:
            values = self._values()
        except FormError as error:
            self.query_one("#problem", Static).update(str(error))
            return
        self.dismiss(values)


def _escape(text: str) -> str:
    return text.replace("[", r"\[")

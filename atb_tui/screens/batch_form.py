"""The batch form: create a batch, or edit its name and task details (same fields, same checks).

Introduction and steps are HTML; a plain-text rendering under the form shows how they will read.
The form only collects and checks input; the screen that opened it talks to the API.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, Label, Select, Static, TextArea

from atb_tui.api.errors import OutcomeUnknownError, ProlificError
from atb_tui.flows.batches import BatchFormValues, form_problems
from atb_tui.screens.batch_dialogs import BATCHES_CSS, Dialog
from atb_tui.views.batch_html import html_to_text
from atb_tui.widgets.chrome import cancel_hint, key_hint

if TYPE_CHECKING:
    from atb_tui.app import AtbApp

NO_DATASET = "__none__"
__all__ = ["BatchFormScreen", "BatchFormValues", "form_problems", "send_form"]
SentT = TypeVar("SentT")


class BatchFormScreen(Dialog[BatchFormValues | None]):
    """Name, task name, introduction, steps and (when creating) the dataset."""

    CSS_PATH = BATCHES_CSS

    def __init__(
        self,
        title: str,
        initial: BatchFormValues,
        *,
        datasets: list[tuple[str, str]] | None = None,
    ) -> None:
        super().__init__()
        self.title_text = title
        self.initial = initial
        self.datasets = datasets  # None: the dataset is not part of this form (edit)

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            keys = f"{key_hint(self.app, 'dialog.submit')} saves · {cancel_hint(self.app)}"
            yield Static(f"[b]{self.title_text}[/b]  [dim]{keys}[/dim]")
            with Horizontal(classes="columns"):
                with Vertical(id="fields"):
                    yield from self._fields()
                with Vertical(id="rendered-pane"):
                    yield Label("How participants will see it")
                    yield Static("", id="rendered")
            yield Static("", id="problems")
            with Horizontal(classes="buttons"):
                yield Button("Cancel", id="cancel", compact=True)
                yield Button("Save", variant="primary", id="ok", compact=True)

    def _fields(self) -> ComposeResult:
        yield Label("Batch name")
        yield Input(self.initial.name, id="name", compact=True)
        yield Label("Task name (participants see it)")
        yield Input(self.initial.task_name, id="task-name", compact=True)
        yield Label("Introduction (HTML)")
        yield TextArea(self.initial.introduction, id="introduction", compact=True)
        yield Label("Steps (HTML)")
        yield TextArea(self.initial.steps, id="steps", compact=True)
        if self.datasets is not None:
            yield Label("Dataset")
            yield Select(self._dataset_options(), value=self._initial_dataset(),
                         allow_blank=False, id="dataset", compact=True)  # fmt: skip

    def _dataset_options(self) -> list[tuple[str, str]]:
        known = [(label, dataset_id) for dataset_id, label in self.datasets or []]
        return [("None yet (attach one at setup)", NO_DATASET), *known]

    def _initial_dataset(self) -> str:
        known = {dataset_id for dataset_id, _ in self.datasets or []}
        return self.initial.dataset_id if self.initial.dataset_id in known else NO_DATASET

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#name", Input))
        self._render_preview()

    @property
    def values(self) -> BatchFormValues:
        dataset: str | None = None
        if self.datasets is not None:
            chosen = self.query_one("#dataset", Select).value
            dataset = chosen if isinstance(chosen, str) and chosen != NO_DATASET else None
        return BatchFormValues(
            self.query_one("#name", Input).value.strip(),
            self.query_one("#task-name", Input).value.strip(),
            self.query_one("#introduction", TextArea).text,
            self.query_one("#steps", TextArea).text,
            dataset,
        )

    @on(TextArea.Changed)
    @on(Input.Changed, "#task-name")
    def _render_preview(self) -> None:
        values = self.values
        parts = [f"[b]{values.task_name or '(no task name)'}[/b]"]
        for html in (values.introduction, values.steps):
            text = html_to_text(html)
            if text:
                parts.append(text.replace("[", r"\["))
        self.query_one("#rendered", Static).update("\n\n".join(parts))

    def action_submit(self) -> None:
        values = self.values
        problems = form_problems(values)
        self.query_one("#problems", Static).update("\n".join(problems))
        if not problems:
            self.dismiss(values)


async def send_form(
    app: AtbApp,
    title: str,
    values: BatchFormValues,
    send: Callable[[BatchFormValues], Awaitable[SentT]],
    *,
    datasets: list[tuple[str, str]] | None = None,
    lost_is_final: bool = False,
) -> SentT | None:
    """Show the form and send what it returns (None: the user closed it). When sending fails
    the form comes back with the typing kept and the error shown over it, until it is sent or
    closed. `lost_is_final`: a create whose answer was lost may have happened, so the form does
    not come back (sending it again could create it twice); the error is raised instead.

    Runs in the caller's worker."""
    form = BatchFormScreen(title, values, datasets=datasets)
    answer = app.push_screen(form, wait_for_dismiss=True)
    while (typed := await answer) is not None:
        try:
            return await send(typed)
        except ProlificError as error:
            if lost_is_final and isinstance(error, OutcomeUnknownError):
                raise
            again = BatchFormScreen(title, typed, datasets=datasets)
            answer = app.push_screen(again, wait_for_dismiss=True)
            app.handle_error(error)  # over the reopened form, so both are seen
    return None

"""One batch: status and its history, counts, dataset, instructions, studies, and what to do next.

While the batch or its dataset is moving (after setup, or a dataset still processing) the screen
follows it live through a `PollClock`; once everything it watches is terminal it stops polling.
"""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.screen import ModalScreen
from textual.widgets import Static

from atb_tui.api import APIConnectionError, OutcomeUnknownError
from atb_tui.api.errors import NotFoundError, ProlificError
from atb_tui.api.models import Batch, BatchUpdate, Dataset, Study, SyncJob
from atb_tui.api.models.common import TaskDetailsInput
from atb_tui.api.models.enums import TERMINAL_SYNC_STATUSES
from atb_tui.api.models.page_items import PageItem
from atb_tui.commands import REGISTRY, bindings, key_label
from atb_tui.flows.downloads import downloads_dir, free_path, open_file, resolve, save_report
from atb_tui.logic.timefmt import short_time
from atb_tui.screens.batch_dialogs import (
    DuplicateChoice,
    DuplicateDialog,
    ReportDialog,
    SetupDialog,
    SetupFacts,
)
from atb_tui.screens.batch_form import BatchFormScreen, BatchFormValues
from atb_tui.screens.confirm_dialogs import ChoiceScreen
from atb_tui.screens.instruction_editor import InstructionEditorScreen
from atb_tui.screens.navigation import panel_screen
from atb_tui.screens.polled import PolledScreen
from atb_tui.screens.study_launch import StudyLaunchScreen
from atb_tui.views.batch_facts import (
    TERMINAL_BATCH,
    StatusHistory,
    can_sync,
    dataset_label,
    dataset_state,
    group_column,
    question_summary,
    questions,
    setup_blocker,
    sync_text,
)
from atb_tui.views.batch_html import first_line
from atb_tui.widgets.data_view import DataView, Row
from atb_tui.widgets.status import status_text

DONE = ("READY", "ERROR")
LOST = (OutcomeUnknownError, APIConnectionError)
STUDY_COLUMNS = (("name", "Study"), ("status", "Status"), ("places", "Places"),
                 ("submissions", "Submissions"), ("created", "Created"))  # fmt: skip


class BatchDetailScreen(PolledScreen):
    """Everything about one batch, kept current while it changes."""

    SCREEN_ID = "batch"
    DEFAULT_CSS = """
    BatchDetailScreen #facts { height: auto; padding: 0 1; }
    BatchDetailScreen #transfer { height: auto; padding: 0 1; color: $text-muted; }
    """
    BINDINGS = bindings(
        "batch.setup", "batch.instructions", "batch.launch", "batch.edit", "batch.report",
        "batch.duplicate", "batch.sync", "batch.dataset", "table.refresh", "batch.responses",
        "batch.exports",
    )  # fmt: skip

    def __init__(self, workspace_id: str, workspace_title: str, batch_id: str) -> None:
        super().__init__()
        self.workspace_id = workspace_id
        self.workspace_title = workspace_title
        self.batch_id = batch_id
        self.current: Batch | None = None
        self.dataset: Dataset | None = None
        self.studies: list[Study] = []
        self.legacy: list[PageItem] | None = None  # None until the first load answered
        self.covered = False  # another full screen is on top: re-read when it closes
        self.history = StatusHistory()
        self.sync_job: SyncJob | None = None

    def compose_body(self) -> ComposeResult:
        yield Static(f"Batch  ·  {self.batch_id}", classes="screen-title", id="title")
        yield Static("Loading…", id="facts")
        yield self.poll_clock()
        yield Static("", id="transfer")
        launch = self.hint("batch.launch")
        empty = "No study uses this batch yet" + (f" ({launch} launches one)." if launch else ".")
        yield DataView(STUDY_COLUMNS, empty_message=empty)

    def trail(self) -> tuple[str, ...]:
        name = self.current.name if self.current else self.batch_id[:13]
        return (self.workspace_title, "Batches", name)

    def on_mount(self) -> None:
        self.query_one(DataView).focus_table()
        self.load_everything()

    def on_screen_suspend(self) -> None:
        super().on_screen_suspend()
        # Under a full screen (the editor, a study, the edit form) the batch may change; a
        # dialog's action re-reads what it changed itself, and the first show is on_mount's.
        self.covered = not isinstance(self.app.screen, ModalScreen)

    def on_screen_resume(self) -> None:
        super().on_screen_resume()
        if self.covered:  # back from the editor or a study: re-read
            self.covered = False
            self.load_everything()

    def hint(self, command_id: str) -> str:
        """The key of a command as the user has it, or "" where a read-only profile can't."""
        if self.session.read_only and REGISTRY[command_id].mutates:
            return ""
        return key_label(self.app, command_id, self.atb.settings.keymap)

    # ---- loading ----------------------------------------------------------------------------

    def action_refresh(self) -> None:
        self.load_everything()

    async def action_view_responses(self) -> None:
        name = self.current.name if self.current else ""
        await self.atb.open_item("responses", self.batch_id, name)

    def action_open_exports(self) -> None:
        name = self.current.name if self.current else ""
        screen = panel_screen("exports", self.workspace_id, self.workspace_title, "batch",
                              self.batch_id, name)  # fmt: skip
        self.app.push_screen(screen)

    @work(exclusive=True, group="batch-load", exit_on_error=False)
    async def load_everything(self) -> None:
        """The slow-changing parts (questions, studies); the poll brings the batch itself."""
        self.clock.poll_now()
        self.legacy = list((await self.client.instructions.get(self.batch_id)).instructions)
        every = await self.client.studies.list()
        self.studies = [s for s in every if s.data_collection_id == self.batch_id]
        self.query_one(DataView).set_rows([self._study_row(s) for s in self.studies])
        self._show()

    @work(exclusive=True, group="batch-poll", exit_on_error=False)
    async def poll(self) -> None:
        try:
            await self._poll_batch()
        except NotFoundError:
            self.query_one("#facts", Static).update(f"No batch with id {self.batch_id}.")
            self.clock.succeeded([])
            return
        except ProlificError as error:
            self.clock.failed(error)
            return
        self._show()

    async def _poll_batch(self) -> None:
        batch = await self.client.batches.get(self.batch_id)
        dataset = await self._dataset(batch)
        self.current, self.dataset = batch, dataset
        changed = self.history.see(batch.status, self.server_now())
        if changed and len(self.history.entries) > 1 and batch.status in TERMINAL_BATCH:
            self._announce(batch)
        statuses = [batch.status, dataset_state(dataset)] if dataset else [batch.status]
        if self.sync_job is not None and self.sync_job.status not in TERMINAL_SYNC_STATUSES:
            self.sync_job = await self.client.batches.sync_status(batch.id, self.sync_job.sync_id)
            statuses.append(self.sync_job.status)
        self.clock.succeeded(statuses)

    async def _dataset(self, batch: Batch) -> Dataset | None:
        if batch.dataset_id is None:
            return None
        known = self.dataset
        if known is not None and known.id == batch.dataset_id and dataset_state(known) in DONE:
            return known  # a finished dataset does not change: skip the request
        return await self.client.datasets.get(batch.dataset_id)

    def _known_questions(self, batch: Batch) -> int:
        """Questions this screen has read (legacy instructions or batch_items pages)."""
        return len(questions(batch, self.legacy or []))

    def _question_text(self, batch: Batch) -> str:
        if self.legacy is None:
            return "…"
        summary = question_summary(questions(batch, self.legacy))
        if summary is not None:
            return _escape(summary)
        add = "" if self.session.read_only else self.hint("batch.instructions")
        return "none yet" + (f" ({_escape(add)} adds them)" if add else "")

    def _announce(self, batch: Batch) -> None:
        if batch.status == "ERROR":
            self.notify(f"{batch.name} is ERROR.", title="Batch", severity="error")
        else:
            self.notify(f"{batch.name} is {batch.status}.", title="Batch")
        if self.atb.settings.bell:
            self.app.bell()

    # ---- showing ----------------------------------------------------------------------------

    def _show(self) -> None:
        batch = self.current
        if batch is None:
            return
        self.query_one("#title", Static).update(f"Batch · {batch.name}  ·  {batch.id}")
        self.query_one("#facts", Static).update(self._facts_markup(batch))
        self.refresh_chrome()
        self.refresh_bindings()

    def _facts_markup(self, batch: Batch) -> str:
        details = batch.task_details
        blocker = setup_blocker(batch, self.dataset, self._known_questions(batch))
        key = self.hint("batch.setup")
        setup = f"[green]available[/] ({key})" if key else "[green]available[/]"
        if blocker is not None:
            setup = f"[dim]unavailable: {blocker}[/]"
        status = status_text(batch.status).markup
        history = " → ".join(self.history.lines())
        dataset = dataset_label(self.dataset, batch.dataset_id)
        if self.dataset is not None:
            opens = _escape(self.hint("batch.dataset"))
            dataset += (
                f" · {status_text(dataset_state(self.dataset)).markup}  [dim]({opens} opens)[/]"
            )
        per_group = ""
        if batch.tasks_per_group and group_column(self.dataset) is None:
            per_group = f" · {batch.tasks_per_group} per group"
        rows = [
            ("Status", f"{status}  [dim]{history}[/]"),
            ("Counts", f"{batch.total_task_count:,} tasks · {batch.total_task_groups or 0:,} "
                       f"task groups{per_group}"),
            ("Dataset", dataset),
            ("Task", _escape(details.task_name or "") if details else "—"),
            ("Intro", _escape(first_line(details.task_introduction or "", 70)) if details else "—"),
            ("Questions", self._question_text(batch)),
            ("Setup", setup),
            *([("Sync", sync_text(self.sync_job))] if self.sync_job else []),
            ("Created", short_time(batch.created_at)),
        ]  # fmt: skip
        return "\n".join(f"[b]{label:<10}[/b] {value}" for label, value in rows)

    @staticmethod
    def _study_row(study: Study) -> Row:
        places = f"{study.places_taken or 0}/{study.total_available_places or 0}"
        cells = (study.name, status_text(study.status), places,
                 str(study.number_of_submissions or 0), short_time(study.date_created))  # fmt: skip
        return Row(study.id, cells)

    # ---- actions ----------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        allowed = super().check_action(action, parameters)
        if not allowed or self.current is None:
            return allowed
        if action == "open_dataset" and self.current.dataset_id is None:
            return None
        if action == "sync":
            return can_sync(self.current, self.dataset)  # hidden where it means nothing
        return True

    def action_setup(self) -> None:
        if self.current is None:
            return
        blocker = setup_blocker(self.current, self.dataset, self._known_questions(self.current))
        if blocker is not None:
            self.notify(f"Setup is unavailable: {blocker}.", severity="warning")
            return
        facts = SetupFacts(
            self.dataset.total_datapoint_count if self.dataset else 0,
            self.current.tasks_per_group or 1,
            group_column(self.dataset),
        )
        self.app.push_screen(SetupDialog(self.current.name, facts), self._setup_chosen)

    def _setup_chosen(self, tasks_per_group: int | None) -> None:
        if tasks_per_group is not None:
            self.run_setup(tasks_per_group)

    @work(exclusive=True, group="batch-action", exit_on_error=False)
    async def run_setup(self, tasks_per_group: int) -> None:
        # Setup is a create-type POST: never repeated on its own, the user retries knowingly.
        retry = self.hint("batch.setup")
        try:
            await self.client.batches.setup(self.batch_id, tasks_per_group=tasks_per_group)
        except LOST:
            self.notify(
                "The answer to setup was lost: it may or may not have started. The batch is "
                f"re-read; if it stays {self.current.status if self.current else 'as it was'}, "
                f"{retry} starts setup again.",
                title="Setup unknown",
                severity="warning",
                timeout=15,
            )
            self.clock.poll_now()
            return
        except ProlificError as error:
            self.notify(
                f"Setup did not start: {error.message}. {retry} tries again.",
                title="Setup failed",
                severity="error",
                timeout=15,
            )
            self.clock.poll_now()
            return
        self.notify("Setup started: the batch is followed until it is READY.", title="Batch")
        self.clock.poll_now()

    def action_edit_batch(self) -> None:
        if self.current is None:
            return
        details = self.current.task_details
        initial = BatchFormValues(
            self.current.name,
            details.task_name or "" if details else "",
            details.task_introduction or "" if details else "",
            details.task_steps or "" if details else "",
        )
        self.app.push_screen(BatchFormScreen("Edit batch", initial), self._edited)

    def _edited(self, values: BatchFormValues | None) -> None:
        if values is not None:
            self.save_edit(values)

    @work(exclusive=True, group="batch-action", exit_on_error=False)
    async def save_edit(self, values: BatchFormValues) -> None:
        details = TaskDetailsInput(task_name=values.task_name,
                                   task_introduction=values.introduction,
                                   task_steps=values.steps)  # fmt: skip
        try:
            self.current = await self.client.batches.update(
                self.batch_id, BatchUpdate(name=values.name, task_details=details)
            )
        except ProlificError:
            self.app.push_screen(BatchFormScreen("Edit batch", values), self._edited)
            raise  # the edit is kept in the reopened form; the error is shown too
        self.notify(f"Saved {values.name}.", title="Batch")
        self._show()

    def action_duplicate(self) -> None:
        if self.current is None:
            return
        attached = self.current.dataset_id
        label = dataset_label(self.dataset, attached) if attached else None
        self.app.push_screen(DuplicateDialog(self.current.name, label), self._duplicate_chosen)

    def _duplicate_chosen(self, choice: DuplicateChoice | None) -> None:
        if choice is not None:
            self.duplicate(choice)

    @work(exclusive=True, group="batch-action", exit_on_error=False)
    async def duplicate(self, choice: DuplicateChoice) -> None:
        copy = await self.client.batches.duplicate(
            self.batch_id, name=choice.name, upload_new_dataset=choice.new_upload
        )
        how = "with the same dataset"
        if choice.new_upload:
            how = "without a dataset (upload one for it)"
        self.notify(f"Created {copy.name} {how}.", title="Batch duplicated")
        self.app.call_later(self.atb.open_item, "batch", copy.id)

    def action_download_report(self) -> None:
        name = re.sub(r"[^\w.-]+", "-", self.current.name if self.current else self.batch_id).strip(
            "-"
        )
        suggested = free_path(downloads_dir() / f"{name or 'batch'}-report.csv")
        self.app.push_screen(ReportDialog(suggested), self._report_chosen)

    def _report_chosen(self, path: Path | None) -> None:
        if path is not None:
            self.download_report(path)

    @work(exclusive=True, group="batch-report", exit_on_error=False)
    async def download_report(self, path: Path) -> None:
        label = self.query_one("#transfer", Static)
        loop = asyncio.get_running_loop()

        def progress(done: int, total: int) -> None:
            loop.call_soon(label.update, f"Downloading the report… {done:,} bytes")

        try:
            wanted = resolve(path, f"{self.batch_id[:8]}-report.csv")
            saved = await save_report(self.client, self.batch_id, wanted, progress)
        except ProlificError as error:
            label.update(f"[red]Report not saved: {error.message}[/]")
            raise
        label.update(f"Report saved to {saved}")
        choices = [("keep", "OK"), ("open", "Open it")]
        dialog = ChoiceScreen("Report saved", f"Saved to {saved}", choices)
        self.app.push_screen(dialog, lambda choice: self._open_saved(choice, saved))

    def _open_saved(self, choice: str | None, saved: Path) -> None:
        problem = open_file(saved) if choice == "open" else None
        if problem:
            self.notify(problem, title="Report")

    def action_sync(self) -> None:
        if self.current is not None and can_sync(self.current, self.dataset):
            self.start_sync()

    @work(exclusive=True, group="batch-action", exit_on_error=False)
    async def start_sync(self) -> None:
        self.sync_job = await self.client.batches.sync(self.batch_id)
        self.notify("Sync started: tasks are made for the new datapoints.", title="Batch")
        self._show()
        self.clock.poll_now()

    def action_instructions(self) -> None:
        screen = InstructionEditorScreen(self.workspace_id, self.workspace_title, self.batch_id)
        self.app.push_screen(screen)

    def action_launch_study(self) -> None:
        screen = StudyLaunchScreen(self.workspace_id, self.workspace_title, self.batch_id)
        self.app.push_screen(screen)

    def action_open_dataset(self) -> None:
        if self.current is not None and self.current.dataset_id is not None:
            self.app.call_later(self.atb.open_item, "dataset", self.current.dataset_id)

    @on(DataView.Chosen)
    def _study_chosen(self, event: DataView.Chosen) -> None:
        self.app.call_later(self.atb.open_item, "study", event.key)


def _escape(text: str) -> str:
    return text.replace("[", r"\[")

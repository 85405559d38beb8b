"""One batch: status and its history, counts, dataset, instructions, studies, and what to do next.

While the batch or its dataset is moving (after setup, or a dataset still processing) the screen
follows it live through a `PollClock`; once everything it watches is terminal it stops polling.
The work itself (set up, edit, duplicate, sync, the report) is in `flows.batches`.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.widgets import Static

from atb_tui.api.errors import NotFoundError, ProlificError
from atb_tui.api.models import Batch, Dataset, Study
from atb_tui.api.models.page_items import PageItem
from atb_tui.commands import REGISTRY, bindings, key_label
from atb_tui.flows import batches as flow
from atb_tui.flows.batches import SetupOutcome
from atb_tui.flows.downloads import open_file, resolve, save_report
from atb_tui.messages import OpenChild, OpenItem, OpenPanel
from atb_tui.screens.batch_dialogs import (
    BATCHES_CSS,
    DuplicateDialog,
    ReportDialog,
    SetupDialog,
    push_now,
)
from atb_tui.screens.batch_form import send_form
from atb_tui.screens.confirm_dialogs import ChoiceScreen
from atb_tui.screens.instruction_editor import InstructionEditorScreen
from atb_tui.screens.item import ItemScreen
from atb_tui.screens.study_launch import StudyLaunchScreen
from atb_tui.views.batch_facts import (
    TERMINAL_BATCH,
    StatusHistory,
    can_sync,
    dataset_label,
)
from atb_tui.views.batch_state import BatchState
from atb_tui.widgets.batch_facts import BatchFacts
from atb_tui.widgets.data_view import DataView
from atb_tui.widgets.study_rows import STUDY_COLUMNS, study_row


class BatchDetailScreen(ItemScreen):
    """Everything about one batch, kept current while it changes."""

    SCREEN_ID = "batch"
    AREA_TITLE = "Batches"
    TITLE_LOADING = "Batch  ·  {id}"
    TITLE_LOADED = "Batch · {name}  ·  {id}"
    CSS_PATH = BATCHES_CSS
    BINDINGS = bindings(
        "batch.setup", "batch.instructions", "batch.launch", "batch.edit", "batch.report",
        "batch.duplicate", "batch.sync", "batch.dataset", "table.refresh", "batch.responses",
        "batch.exports",
    )  # fmt: skip

    def __init__(self, workspace_id: str, workspace_title: str, batch_id: str) -> None:
        super().__init__(workspace_id, workspace_title, batch_id)
        self.state: BatchState | None = None  # the batch, its dataset, a sync being followed
        self.studies: list[Study] = []
        self.legacy: list[PageItem] | None = None  # None until the first load answered
        self.history = StatusHistory()

    @property
    def batch_id(self) -> str:
        return self.item_id

    @property
    def current(self) -> Batch | None:
        return self.state.batch if self.state else None

    @property
    def dataset(self) -> Dataset | None:
        return self.state.dataset if self.state else None

    def compose_body(self) -> ComposeResult:
        yield self.title_line()
        yield BatchFacts("Loading…", id="facts")
        yield self.poll_clock()
        yield Static("", id="transfer")
        launch = self.hint("batch.launch")
        empty = "No study uses this batch yet" + (f" ({launch} launches one)." if launch else ".")
        yield DataView(STUDY_COLUMNS, empty_message=empty)

    def hint(self, command_id: str) -> str:
        """The key of a command as the user has it, or "" where a read-only profile can't."""
        if self.session.read_only and REGISTRY[command_id].mutates:
            return ""
        return key_label(self.app, command_id, self.atb.settings.keymap)

    # ---- loading ----------------------------------------------------------------------------

    def reload(self) -> None:
        self.load()

    @work(exclusive=True, group="batch-load", exit_on_error=False)
    async def load(self) -> None:
        """The slow-changing parts (questions, studies); the poll brings the batch itself."""
        self.clock.poll_now()
        self.legacy = await flow.read_questions(self.client, self.item_id)
        self.studies = await flow.batch_studies(self.client, self.item_id)
        self.query_one(DataView).set_rows([study_row(s) for s in self.studies])
        self._show()

    @work(exclusive=True, group="batch-poll", exit_on_error=False)
    async def poll(self) -> None:
        try:
            self.state = await flow.read_batch(self.client, self.item_id, self.state)
        except NotFoundError:
            self.query_one("#facts", Static).update(f"No batch with id {self.item_id}.")
            self.clock.succeeded([])
            return
        except ProlificError as error:
            self.clock.failed(error)
            return
        batch = self.state.batch
        changed = self.history.see(batch.status, self.server_now())
        if changed and len(self.history.entries) > 1 and batch.status in TERMINAL_BATCH:
            self._announce(batch)
        self.clock.succeeded(self.state.statuses())
        self._show()

    def _announce(self, batch: Batch) -> None:
        if batch.status == "ERROR":
            self.notify(f"{batch.name} is ERROR.", title="Batch", severity="error")
        else:
            self.notify(f"{batch.name} is {batch.status}.", title="Batch")
        if self.atb.settings.bell:
            self.app.bell()

    # ---- showing ----------------------------------------------------------------------------

    def _show(self) -> None:
        if self.state is None:
            return
        self.show_name(self.state.batch.name)
        facts = self.query_one(BatchFacts)
        facts.show(self.state, self.legacy, self.history, self.hint, self.session.read_only)
        self.refresh_bindings()

    # ---- actions ----------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        allowed = super().check_action(action, parameters)
        if not allowed or self.state is None:
            return allowed
        if action == "open_dataset" and self.state.batch.dataset_id is None:
            return None
        if action == "sync":
            return can_sync(self.state.batch, self.state.dataset)  # hidden where it means nothing
        return True

    def action_setup(self) -> None:
        if self.state is None:
            return
        blocker = self.state.blocker(self.legacy)
        if blocker is not None:
            self.notify(f"Setup is unavailable: {blocker}.", severity="warning")
            return
        facts = flow.setup_facts(self.state.batch, self.state.dataset)
        # Pushed from the key's own handler: digits typed right after `s` land in the dialog.
        self.set_up(push_now(self.app, SetupDialog(self.state.batch.name, facts)))

    @work(exclusive=True, group="batch-setup", exit_on_error=False)
    async def set_up(self, answer: asyncio.Future[int | None]) -> None:
        tasks_per_group = await answer
        if tasks_per_group is not None:
            # Shielded: a worker cancelled (the screen closing) must not cut a POST in flight.
            sent = flow.start_setup(self.client, self.item_id, tasks_per_group)
            self._tell_setup(await asyncio.shield(sent))
            self.clock.poll_now()

    def _tell_setup(self, outcome: SetupOutcome) -> None:
        # Setup is a create-type POST: never repeated on its own, the user retries knowingly.
        was = self.current.status if self.current else "as it was"
        notice = flow.setup_notice(outcome, self.hint("batch.setup"), was)
        self.notify(notice.text, title=notice.title, severity=notice.severity,
                    timeout=notice.timeout)  # fmt: skip

    @work(exclusive=True, group="batch-edit", exit_on_error=False)
    async def action_edit_batch(self) -> None:
        if self.current is None:
            return
        initial = flow.edit_values(self.current)

        async def save(values: flow.BatchFormValues) -> Batch:
            return await flow.edit_batch(self.client, self.item_id, values)

        saved = await send_form(self.atb, "Edit batch", initial, save)
        if saved is not None and self.state is not None:
            self.state.batch = saved
            self.notify(f"Saved {saved.name}.", title="Batch")
            self._show()

    @work(exclusive=True, group="batch-duplicate", exit_on_error=False)
    async def action_duplicate(self) -> None:
        if self.current is None:
            return
        attached = self.current.dataset_id
        label = dataset_label(self.dataset, attached) if attached else None
        dialog = DuplicateDialog(self.current.name, label)
        choice = await self.app.push_screen_wait(dialog)
        if choice is None:
            return
        copy = await asyncio.shield(flow.duplicate_batch(self.client, self.item_id, choice))
        self.notify(flow.duplicated_text(copy, choice), title="Batch duplicated")
        self.navigate(OpenItem("batch", copy.id, copy.name))

    @work(exclusive=True, group="batch-report", exit_on_error=False)
    async def action_download_report(self) -> None:
        suggested = flow.report_path(self.current.name if self.current else self.item_id)
        path = await self.app.push_screen_wait(ReportDialog(suggested))
        if path is None:
            return
        saved = await self._save_report(path)
        choices = [("keep", "OK"), ("open", "Open it")]
        choice = await self.app.push_screen_wait(
            ChoiceScreen("Report saved", f"Saved to {saved}", choices)
        )
        problem = open_file(saved) if choice == "open" else None
        if problem:
            self.notify(problem, title="Report")

    async def _save_report(self, path: Path) -> Path:
        label = self.query_one("#transfer", Static)
        loop = asyncio.get_running_loop()

        def progress(done: int, total: int) -> None:
            loop.call_soon(label.update, f"Downloading the report… {done:,} bytes")

        try:
            wanted = resolve(path, f"{self.item_id[:8]}-report.csv")
            saved = await save_report(self.client, self.item_id, wanted, progress)
        except ProlificError as error:
            label.update(f"[red]Report not saved: {error.message}[/]")
            raise
        label.update(f"Report saved to {saved}")
        return saved

    @work(exclusive=True, group="batch-sync", exit_on_error=False)
    async def action_sync(self) -> None:
        if self.state is None or not can_sync(self.state.batch, self.state.dataset):
            return
        job = await self.client.batches.sync(self.item_id)
        if self.state is not None:  # the poll may have replaced it meanwhile: set it on the new
            self.state.sync_job = job
        self.notify("Sync started: tasks are made for the new datapoints.", title="Batch")
        self._show()
        self.clock.poll_now()

    # ---- going elsewhere --------------------------------------------------------------------

    def action_instructions(self) -> None:
        editor = InstructionEditorScreen(self.workspace_id, self.workspace_title, self.item_id)
        self.navigate(OpenChild(editor))

    def action_launch_study(self) -> None:
        launch = StudyLaunchScreen(self.workspace_id, self.workspace_title, self.item_id)
        self.navigate(OpenChild(launch))

    def action_view_responses(self) -> None:
        self.navigate(OpenItem("responses", self.item_id, self.item_name))

    def action_open_exports(self) -> None:
        self.navigate(OpenPanel("exports", "batch", self.item_id, self.item_name))

    def action_open_dataset(self) -> None:
        if self.current is not None and self.current.dataset_id is not None:
            self.navigate(OpenItem("dataset", self.current.dataset_id))

    @on(DataView.Chosen)
    def _study_chosen(self, event: DataView.Chosen) -> None:
        self.navigate(OpenItem("study", event.key))

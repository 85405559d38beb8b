"""The response viewer: one batch's responses in four views that share one filter.

The first poll loads everything (pages fetched / total on the progress line); later polls, on
the monitor's policy while a study of the batch is live, fetch only what arrived since. New rows
are appended without moving the cursor or the scroll, and a "+N new" marker offers `n`.
"""

from __future__ import annotations

import json

from textual import on, work
from textual.app import ComposeResult
from textual.widgets import Static

from atb_tui.api.errors import ProlificError
from atb_tui.api.models import Batch, Study
from atb_tui.commands import bindings
from atb_tui.flows import responses as flow
from atb_tui.paths import styles_dir
from atb_tui.screens.responses_export import ExportProgress, export_view
from atb_tui.screens.responses_filter import FilterInput, ViewerFilterScreen
from atb_tui.views.responses.detail import describe_response
from atb_tui.views.responses.screen_text import (
    CHOSEN_FIELD,
    empty_message,
    progress_line,
    view_bar,
)
from atb_tui.views.responses.store import ResponseStore
from atb_tui.views.responses.tables import ResponsesTable, RowsTable
from atb_tui.views.responses.viewer import VIEWS, ViewerState, ViewModel
from atb_tui.widgets import virtual_table_messages as table_messages
from atb_tui.widgets.virtual_table import VirtualTable


class ResponsesScreen(ViewerFilterScreen):
    """Responses, Tasks, Summary and Participants of one batch."""

    SCREEN_ID = "responses"
    CSS_PATH = str(styles_dir() / "responses.tcss")
    BINDINGS = bindings(
        "responses.view1", "responses.view2", "responses.view3", "responses.view4",
        "table.filter", "responses.queue", "responses.copy_cell", "responses.copy_row",
        "responses.export", "responses.new", "table.refresh", "responses.submissions",
    )  # fmt: skip

    def __init__(
        self, workspace_id: str, workspace_title: str, batch_ref: str, filter_text: str = ""
    ) -> None:
        super().__init__()
        self.initial_filter = filter_text  # applied once the first load is in
        self.batch_studies: list[Study] = []  # the studies on this batch, seen at the last poll
        self.workspace_id = workspace_id
        self.workspace_title = workspace_title
        self.batch_ref = batch_ref
        self.current_batch: Batch | None = None
        self.state: ViewerState | None = None
        self.new_count = 0
        self.first_new: str | None = None
        self.datapoint_source = ""
        self._build_generation = 0
        self.export_progress: ExportProgress | None = None  # the last export's progress line

    def compose_body(self) -> ComposeResult:
        yield Static(f"Responses  ·  {self.batch_ref}", classes="screen-title", id="title")
        yield Static("", id="views")
        yield Static("Loading responses…", id="progress")
        yield Static("", id="export-progress")
        yield FilterInput(placeholder="participant:… instruction:\"…\" answer:… agree<0.5 text~…",
                          id="filter")  # fmt: skip
        yield Static("", id="filter-status")
        yield VirtualTable(empty_message="Loading…", id="table")
        yield Static("", id="detail")
        yield self.poll_clock()

    def trail(self) -> tuple[str, ...]:
        name = self.current_batch.name if self.current_batch else self.batch_ref[:13]
        return (self.workspace_title, "Batches", name, "Responses")

    def on_mount(self) -> None:
        self.query_one("#filter", FilterInput).display = False
        self.query_one("#export-progress", Static).display = False
        self._status("")
        self.table.focus()
        self._show_bar()

    # ---- loading and live updates -----------------------------------------------------------

    def action_refresh(self) -> None:
        self.clock.poll_now()

    @work(exclusive=True, group="responses-poll", exit_on_error=False)
    async def poll(self) -> None:
        try:
            statuses = await self._poll()
        except (ProlificError, LookupError) as error:
            self.query_one("#progress", Static).update(f"Could not load responses: {error}")
            self.clock.failed(error if isinstance(error, ProlificError) else None)
            return
        self.clock.succeeded(statuses)

    async def _poll(self) -> list[str]:
        if self.state is None or self.current_batch is None:
            await self._first_load()
        else:
            added = await flow.fetch_responses(self.client, self.current_batch.id, self.state.store)
            if added:
                self._arrived(added)
        assert self.current_batch is not None
        self.batch_studies = await flow.studies_of_batch(self.client, self.current_batch.id)
        return [s.status for s in self.batch_studies if s.status]

    async def _first_load(self) -> None:
        self.current_batch = await flow.resolve_batch(
            self.client, self.workspace_id, self.batch_ref
        )
        self.query_one("#title", Static).update(f"Responses  ·  {self.current_batch.name}")
        self.refresh_chrome()
        store = ResponseStore(await flow.instruction_infos(self.client, self.current_batch))
        self.state = ViewerState(store)
        progress = self.query_one("#progress", Static)
        shown = False

        def report(step: flow.LoadProgress) -> None:
            nonlocal shown
            progress.update(step.describe())
            if not shown:  # first rows on screen as soon as the first page is in
                shown = True
                self._show_model(keep_position=False)

        await flow.fetch_responses(self.client, self.current_batch.id, store, report)
        self._show_progress()
        self._show_model(keep_position=True)
        if self.initial_filter:  # opened for one participant (from the submissions review)
            self.apply_filter_text(self.initial_filter)
            self.initial_filter = ""
        self.load_datapoints()

    @work(exclusive=True, group="responses-datapoints", exit_on_error=False)
    async def load_datapoints(self) -> None:
        """The datapoints for the Tasks view and the detail pane (the report CSV)."""
        if self.current_batch is None or self.state is None:
            return
        try:
            found = await flow.fetch_datapoints(
                self.client, self.current_batch.id, self.server_now()
            )
        except (ProlificError, OSError) as error:
            self.datapoint_source = f"datapoints unavailable ({error})"
        else:
            self.state.datapoints = found.by_task
            self.datapoint_source = f"datapoints from the {found.source}"
        self._show_model(keep_position=True)  # the Tasks view and the detail pane show them
        self._show_progress()

    def _arrived(self, added: int) -> None:
        assert self.state is not None
        if self.new_count == 0:
            self.first_new = self.state.store.rows[len(self.state.store) - added].id
        self.new_count += added
        self._show_progress()
        self._show_model(keep_position=True)

    def _show_progress(self) -> None:
        text = progress_line(self.state, self.new_count, self.datapoint_source)
        self._status_line("#progress", text)

    def _status_line(self, selector: str, text: str) -> None:
        self.query_one(selector, Static).update(text)

    def action_jump_new(self) -> None:
        if self.state is None or self.first_new is None:
            return
        self.show_view("responses")
        self.table.move_to_key(self.first_new)
        self.new_count, self.first_new = 0, None
        self._show_bar()

    # ---- views --------------------------------------------------------------------------------

    def action_show_view(self, view: str) -> None:
        self.show_view(view)

    def show_view(self, view: str) -> None:
        if self.state is None or view not in VIEWS:
            return
        if view != self.state.view:
            self.state.view = view
            self._show_model(keep_position=False)
        self.table.focus()

    def action_toggle_queue(self) -> None:
        if self.state is None:
            return
        self.state.queue = not self.state.queue
        self.show_view("tasks")
        self._show_model(keep_position=False)

    def _show_model(self, *, keep_position: bool) -> None:
        """Show the current view: at once when it is ready, else built in a worker thread
        (Tasks and Participants of 100k responses take a while; the keyboard must not wait)."""
        if self.state is None:
            return
        self._build_generation += 1
        model = self.state.cached()
        if model is None:
            self._status_line("#progress", "Working…")
            self._build_model(self.state.view, keep_position, self._build_generation)
        else:
            self._apply_model(self.state.view, model, keep_position, self._build_generation)

    @work(thread=True, exclusive=True, group="responses-build", exit_on_error=False)
    def _build_model(self, view: str, keep_position: bool, generation: int) -> None:
        if self.state is not None:
            model = self.state.model(view)
            self.app.call_from_thread(self._apply_model, view, model, keep_position, generation)

    def _apply_model(
        self, view: str, model: ViewModel, keep_position: bool, generation: int
    ) -> None:
        state = self.state
        if state is None or state.view != view or generation != self._build_generation:
            return  # the user moved on while it was being built
        self._show_progress()
        table = self.table
        table.empty_message = empty_message(state)
        sort = state.sorts[state.view]
        table.sort_column, table.sort_descending = sort.column, sort.descending
        table.set_model(model, keep_position=keep_position)
        self.query_one("#detail", Static).display = state.view == "responses"
        self._show_bar()
        self._show_detail()

    def _show_bar(self) -> None:
        self.query_one("#views", Static).update(view_bar(self.state))
        self._show_progress()

    @on(VirtualTable.CursorMoved)
    def _cursor_moved(self) -> None:
        self._show_detail()

    def _show_detail(self) -> None:
        state = self.state
        if state is None or state.view != "responses":
            return
        row = self.table.cursor_row
        model = self.table.model
        text = ""
        if row >= 0 and isinstance(model, ResponsesTable):
            text = describe_response(state.store, model.indices[row], state.datapoints)
        self.query_one("#detail", Static).update(text)

    @on(VirtualTable.SortRequested)
    def _sort(self, event: table_messages.SortRequested) -> None:
        if self.state is not None:
            self.state.sort_by(event.column_index)
            self._show_model(keep_position=True)

    @on(VirtualTable.Chosen)
    def _chosen(self, event: table_messages.Chosen) -> None:
        """Enter on a participant or a task: their responses."""
        if self.state is None:
            return
        field = CHOSEN_FIELD.get(self.state.view)
        if field is not None:
            self.apply_filter_text(f"{field}:{event.key}")
            self.show_view("responses")

    # ---- copy and export ----------------------------------------------------------------------

    def action_copy_cell(self) -> None:
        if self.state is None or self.table.cursor_row < 0:
            return
        model, row = self.table.model, self.table.cursor_row
        if isinstance(model, ResponsesTable | RowsTable):
            value = model.copy_value(row, self.table.cursor_column)
            self.app.copy_to_clipboard(value)
            self.notify("Copied the cell.", timeout=2)

    def action_copy_row(self) -> None:
        if self.state is None or self.table.cursor_row < 0:
            return
        model = self.table.model
        if not isinstance(model, ResponsesTable | RowsTable):
            return
        record = model.row_json(self.table.cursor_row)
        self.app.copy_to_clipboard(json.dumps(record, ensure_ascii=False))
        self.notify("Copied the row as JSON.", timeout=2)

    @work(exclusive=True, group="responses-submissions", exit_on_error=False)
    async def action_view_submissions(self) -> None:
        """Review the submissions of the batch's study (asks which when there are several)."""
        from atb_tui.screens.review_dialogs import open_submissions_of  # loaded when first needed

        await open_submissions_of(self, self.batch_studies)

    def action_export(self) -> None:
        if self.state is not None and self.current_batch is not None:
            export_view(self, self.state, self.current_batch.name)

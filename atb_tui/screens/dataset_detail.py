"""One dataset, opened by id: what it holds, its processing followed live, its import report.

Prolific cannot list datasets, so opening one here remembers it (per profile and workspace)
for the datasets screen. V3 datasets have a processing status; V4 datasets have a schema and
import jobs, whose accepted/rejected counts and per-record errors are shown as a table.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.widgets import Static

from atb_tui.api.errors import NotFoundError, ProlificError
from atb_tui.api.models import Dataset, ImportJob
from atb_tui.commands import bindings
from atb_tui.logic.timefmt import short_time
from atb_tui.paths import styles_dir
from atb_tui.screens.dataset_append import AppendDialog, AppendOutcome, jsonl_chunks
from atb_tui.screens.item import ItemScreen
from atb_tui.views.batch_facts import dataset_state
from atb_tui.widgets.data_view import Cell, DataView, Row
from atb_tui.widgets.status import status_text

FINISHED = frozenset({"READY", "ERROR"})
REPORT_COLUMNS = (("import", "Import"), ("file", "File"), ("status", "Status"),
                  ("accepted", "Accepted"), ("rejected", "Rejected"), ("record", "Record"),
                  ("field", "Field"), ("reason", "Reason"))  # fmt: skip


def import_report_rows(imports: list[ImportJob]) -> list[Row]:
    """One row per import job, then one per rejected record (record numbers are 1-based)."""
    rows: list[Row] = []
    for job in imports:
        counts = (str(job.accepted_count or 0), str(job.rejected_count or 0))
        status = status_text(job.status.upper())
        cells: tuple[Cell, ...] = (job.import_id[:13], job.filename or "", status, *counts,
                                   "", "", job.reason or "")  # fmt: skip
        rows.append(Row(job.import_id, cells))
        for n, error in enumerate(job.errors):
            record = "" if error.record_index is None else f"{error.record_index + 1:,}"
            cells = ("", "", "", "", "", record, error.field or "", error.reason or "")
            rows.append(Row(f"{job.import_id}:{n}", cells))
    return rows


def watched_statuses(dataset: Dataset) -> list[str]:
    """What the poll policy looks at: the V3 status, or the V4 import jobs' statuses."""
    if dataset.schema_version == 4:
        return [job.status for job in dataset.imports or []] or ["READY"]
    return [dataset_state(dataset)]


class DatasetDetailScreen(ItemScreen):
    """A dataset and its processing, kept current until it is finished."""

    SCREEN_ID = "dataset"
    AREA_TITLE = "Datasets"
    TITLE_LOADING = "Dataset  ·  {id}"
    TITLE_LOADED = "Dataset · {name}  ·  {id}"
    CSS_PATH = str(styles_dir() / "datasets.tcss")
    BINDINGS = bindings("dataset.append", "table.refresh")

    def __init__(self, workspace_id: str, workspace_title: str, dataset_id: str) -> None:
        super().__init__(workspace_id, workspace_title, dataset_id)
        self.dataset: Dataset | None = None
        self.appended: AppendOutcome | None = None

    @property
    def dataset_id(self) -> str:
        return self.item_id

    def compose_body(self) -> ComposeResult:
        yield self.title_line()
        yield Static("Loading…", id="facts")
        yield self.poll_clock()
        yield DataView(REPORT_COLUMNS, empty_message="No import report (V3 datasets have none).")

    @work(exclusive=True, group="dataset-poll", exit_on_error=False)
    async def load(self) -> None:
        try:
            dataset = await self.client.datasets.get(self.item_id)
        except NotFoundError:
            self.query_one("#facts", Static).update(f"No dataset with id {self.item_id}.")
            self.clock.succeeded([])
            return
        except ProlificError as error:
            self.clock.failed(error)
            return
        self._remember(dataset)
        self.session.recent_datasets.remember([dataset])  # a new-batch form may offer it next
        self._announce(self.dataset, dataset)
        self.dataset = dataset
        self.clock.succeeded(watched_statuses(dataset))
        self._show(dataset)

    def _remember(self, dataset: Dataset) -> None:
        if self.dataset is None:
            profile = self.session.profile.name
            self.atb.state.remember_dataset(profile, self.workspace_id, dataset.id, dataset.name)

    def _announce(self, before: Dataset | None, after: Dataset) -> None:
        if before is None or dataset_state(before) == dataset_state(after):
            return
        state = dataset_state(after)
        if state == "ERROR":
            self.notify(f"{after.name} failed to process.", title="Dataset", severity="error")
        elif state in FINISHED:
            self.notify(f"{after.name} is {state}.", title="Dataset")
        if state in FINISHED and self.atb.settings.bell:
            self.app.bell()

    def _show(self, dataset: Dataset) -> None:
        self.show_name(dataset.name)
        self.query_one("#facts", Static).update(self._facts(dataset))
        report = self.query_one(DataView)
        report.display = dataset.schema_version == 4
        if report.display and self.focused is None:
            report.focus_table()
        elif not report.display and self.focused is report.table:
            self.set_focus(None)  # at once, not whenever Textual notices the table is hidden
        appended = self.appended.rows() if self.appended else []
        report.set_rows([*appended, *import_report_rows(dataset.imports or [])])
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        allowed = super().check_action(action, parameters)
        if allowed and action == "append":
            return self.dataset is not None and self.dataset.schema_version == 4
        return allowed

    @work(exclusive=True, group="dataset-append", exit_on_error=False)
    async def action_append(self) -> None:
        if self.dataset is None or self.dataset.schema_version != 4:
            return
        path: Path | None = await self.app.push_screen_wait(AppendDialog())
        if path is not None:
            await self.append(path)

    async def append(self, path: Path) -> None:
        outcome = AppendOutcome(path.name)
        self.appended = outcome
        chunks = jsonl_chunks(path)
        while chunk := await asyncio.to_thread(next, chunks, None):
            offset, text = chunk
            outcome.add(offset, await self.client.datasets.append_datapoints(self.item_id, text))
        message = f"{outcome.accepted:,} datapoints appended, {outcome.rejected:,} rejected."
        self.notify(
            message, title="Append", severity="warning" if outcome.rejected else "information"
        )
        self.clock.poll_now()

    @staticmethod
    def _facts(dataset: Dataset) -> str:
        grouping = "by META_TASK_GROUP_ID" if dataset.has_predetermined_grouping_id else "none"
        rows = [
            ("Status", status_text(dataset_state(dataset)).markup),
            ("Version", f"V{dataset.schema_version}"),
            ("Datapoints", f"{dataset.total_datapoint_count:,}"),
            ("File", dataset.filename or "—"),
            ("Created", short_time(dataset.created_at)),
        ]
        schema = dataset.dataset_schema
        if schema is not None:
            fields = ", ".join(f"{key}: {field.type}" for key, field in schema.fields.items())
            rows.append(("Schema", f"{fields}{' (strict)' if schema.strict else ''}"))
        else:
            rows.append(("Groups", grouping))
        return "\n".join(f"[b]{label:<11}[/b]{value}" for label, value in rows)

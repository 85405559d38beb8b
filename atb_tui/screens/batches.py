"""Batches of a workspace: the table, Enter to open one, `n` to create one."""

from __future__ import annotations

import asyncio

from textual import work

from atb_tui.api.models import Batch
from atb_tui.commands import TABLE_COMMANDS, bindings
from atb_tui.flows.batches import BatchFormValues, create_batch
from atb_tui.logic.timefmt import short_time
from atb_tui.messages import OpenItem
from atb_tui.screens.area import AreaScreen
from atb_tui.screens.batch_form import send_form
from atb_tui.screens.datasets import known_datasets
from atb_tui.widgets.data_view import Row
from atb_tui.widgets.status import status_text

NEW_BATCH = BatchFormValues(
    name="",
    task_name="",
    introduction="<p>Describe the task in a sentence or two.</p>",
    steps="<ol><li>Read the item</li><li>Answer the questions</li></ol>",
)


class BatchesScreen(AreaScreen):
    """Every batch in the workspace, newest first."""

    SCREEN_ID = "batches"
    TITLE_TEXT = "Batches"
    ITEM_KIND = "batch"
    HINT = (
        ("table.open", "opens"),
        ("batches.new", "new"),
        ("table.filter", "filters"),
        ("table.refresh", "refreshes"),
    )
    COLUMNS = (
        ("name", "Name"), ("status", "Status"), ("dataset", "Dataset"),
        ("datapoints", "Datapoints"), ("tasks", "Tasks"), ("groups", "Groups"),
        ("instructions", "Instr."), ("created", "Created"),
    )  # fmt: skip
    EMPTY = "No batches yet. A batch pairs a dataset with instructions (n creates one)."
    BINDINGS = bindings("batches.new", TABLE_COMMANDS[0], TABLE_COMMANDS[-1])

    def __init__(self, workspace_id: str, workspace_title: str) -> None:
        super().__init__(workspace_id, workspace_title)
        self.batches: list[Batch] | None = None  # as last read (None: not read yet)

    async def fetch_rows(self) -> list[Row]:
        batches = await self.client.batches.list(self.workspace_id)
        batches.sort(key=lambda b: str(b.created_at), reverse=True)
        self.batches = batches
        return [self._row(batch) for batch in batches]

    @staticmethod
    def _row(batch: Batch) -> Row:
        return Row(
            batch.id,
            (
                batch.name,
                status_text(batch.status),
                ", ".join(d.filename or d.name or d.id[:8] for d in batch.datasets) or "—",
                str(sum(d.total_datapoint_count or 0 for d in batch.datasets)),
                str(batch.total_task_count),
                str(batch.total_task_groups or 0),
                str(batch.total_instruction_count),
                short_time(batch.created_at),
            ),
        )

    def on_screen_resume(self) -> None:
        super().on_screen_resume()
        self.reload_when_uncovered()  # back from a batch that may have changed

    @work(exclusive=True, group="batch-new", exit_on_error=False)
    async def action_new_batch(self) -> None:
        # The list just read names the datasets the batches use: not read again for the form,
        # nor are the settled datasets this session read lately (flows/datasets.py).
        datasets = await known_datasets(self.client, self.atb, self.workspace_id,
                                        batches=self.batches, reuse=True)  # fmt: skip
        choices = [
            (d.id, f"{d.name} · {d.status or 'V4'} · {d.total_datapoint_count:,}") for d in datasets
        ]

        async def create(values: BatchFormValues) -> Batch:
            # Shielded: a cancelled worker must not cut the POST in flight (sent once).
            return await asyncio.shield(create_batch(self.client, self.workspace_id, values))

        batch = await send_form(self.atb, "New batch", NEW_BATCH, create, datasets=choices,
                                lost_is_final=True)  # fmt: skip
        if batch is not None:
            # The list is re-read when the user comes back to it (`reload_when_uncovered`).
            self.notify(f"Created {batch.name}.", title="Batch")
            self.navigate(OpenItem("batch", batch.id, batch.name))

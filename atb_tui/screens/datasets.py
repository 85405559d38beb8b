"""Datasets of a workspace: the API has no list endpoint, so we show what we know."""

from __future__ import annotations

from collections.abc import Set
from typing import TYPE_CHECKING

from atb_tui.api.models import Batch, Dataset
from atb_tui.commands import TABLE_COMMANDS, bindings
from atb_tui.flows import datasets as flow
from atb_tui.logic.timefmt import short_time
from atb_tui.messages import OpenChild
from atb_tui.screens.area import AreaScreen
from atb_tui.screens.dataset_new import DatasetNewScreen
from atb_tui.views.batch_facts import dataset_state
from atb_tui.widgets.data_view import Row
from atb_tui.widgets.status import status_text

if TYPE_CHECKING:
    from atb_tui.api import ProlificClient
    from atb_tui.app import AtbApp


async def known_datasets(
    client: ProlificClient,
    app: AtbApp,
    workspace_id: str,
    *,
    skip: Set[str] = frozenset(),
    batches: list[Batch] | None = None,
    reuse: bool = False,
) -> list[Dataset]:
    """The workspace's datasets (flows/datasets.py) with the ones this profile remembers;
    `reuse` takes settled ones this session read lately instead of reading them again."""
    remembered: list[str] = []
    recent = None
    if app.session is not None:
        known = app.state.known_datasets(app.session.profile.name, workspace_id)
        remembered = [item.dataset_id for item in known]
        recent = app.session.recent_datasets
    return await flow.known_datasets(
        client, workspace_id, remembered, skip=skip, batches=batches, recent=recent, reuse=reuse
    )


def dataset_row(dataset: Dataset) -> Row:
    """A dataset as a table row (shared by the datasets screen and the monitor)."""
    return Row(
        dataset.id,
        (
            dataset.name,
            dataset.id,
            status_text(dataset_state(dataset)),
            f"{dataset.total_datapoint_count:,}",
            f"V{dataset.schema_version}",
            dataset.filename or "",
            short_time(dataset.created_at),
        ),
    )


class DatasetsScreen(AreaScreen):
    """Datasets used by the workspace's batches plus those opened or created here."""

    SCREEN_ID = "datasets"
    TITLE_TEXT = "Datasets"
    ITEM_KIND = "dataset"
    HINT = (
        ("table.open", "opens"),
        ("datasets.new", "new (upload a file)"),
        ("table.filter", "filters"),
        ("table.refresh", "refreshes"),
    )
    COLUMNS = (
        ("name", "Name"), ("id", "ID"), ("status", "Status"), ("datapoints", "Datapoints"),
        ("version", "Ver."), ("file", "File"), ("created", "Created"),
    )  # fmt: skip
    EMPTY = (
        "No datasets known yet. Prolific cannot list datasets: the ones your batches use and the\n"
        "ones you create or open here (`:dataset <id>`) appear in this list."
    )
    BINDINGS = bindings("datasets.new", TABLE_COMMANDS[0], TABLE_COMMANDS[-1])

    async def fetch_rows(self) -> list[Row]:
        datasets = await known_datasets(self.client, self.atb, self.workspace_id)
        return [dataset_row(d) for d in datasets]

    def on_screen_resume(self) -> None:
        super().on_screen_resume()
        self.reload_when_uncovered()  # back from a new or opened dataset: it belongs here now

    def action_new_dataset(self) -> None:
        # Straight to the app's queue (not bubbled): the form is up and composed before the
        # key counts as handled, so what is typed next lands in it.
        self.navigate(OpenChild(DatasetNewScreen(self.workspace_id, self.workspace_title)))

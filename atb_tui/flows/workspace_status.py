"""A workspace at one moment: its batches, the datasets being processed, its live studies.

What the live monitor shows, fetched once (`atb-tui status`): the same rows
(`views.monitor_rows`), the same notion of "live" and the same datasets (those the
workspace's batches use plus any the caller remembers). GETs only.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from dataclasses import dataclass

from atb_tui.api import ProlificClient
from atb_tui.api.errors import NotFoundError
from atb_tui.api.models import Batch, Dataset, Study
from atb_tui.views.monitor_rows import (
    LIVE_STUDY,
    Observation,
    batch_observation,
    dataset_observation,
    is_moving,
    study_observation,
)


@dataclass(frozen=True)
class StudyStatus:
    """A live study, its row, and its submissions counted by status."""

    study: Study
    row: Observation
    counts: dict[str, int]


@dataclass(frozen=True)
class WorkspaceStatus:
    """Every batch; the datasets still being processed; the live studies."""

    batches: list[tuple[Batch, Observation]]
    datasets: list[tuple[Dataset, Observation]]
    studies: list[StudyStatus]


async def workspace_status(
    client: ProlificClient, workspace_id: str, remembered_datasets: Iterable[str] = ()
) -> WorkspaceStatus:
    """Fetch the workspace's status (batches, their datasets, studies and their counts)."""
    batches, studies = await asyncio.gather(
        client.batches.list(workspace_id), client.studies.list()
    )
    wanted = [d.id for batch in batches for d in batch.datasets] + list(remembered_datasets)
    found = await asyncio.gather(*(_dataset(client, i) for i in dict.fromkeys(wanted)))
    datasets = [(d, dataset_observation(d)) for d in found if d is not None]
    batch_ids = {batch.id for batch in batches}
    live = [s for s in studies if s.data_collection_id in batch_ids and s.status in LIVE_STUDY]
    counts = await asyncio.gather(*(client.studies.submission_counts(s.id) for s in live))
    return WorkspaceStatus(
        [(batch, batch_observation(batch)) for batch in batches],
        [(d, row) for d, row in datasets if is_moving(row)],
        [StudyStatus(s, study_observation(s, c), c) for s, c in zip(live, counts, strict=True)],
    )


async def _dataset(client: ProlificClient, dataset_id: str) -> Dataset | None:
    try:
        return await client.datasets.get(dataset_id)
    except NotFoundError:
        return None  # a remembered dataset that was deleted since

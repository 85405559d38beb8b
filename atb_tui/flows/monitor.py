"""One look at a workspace's moving parts for the live monitor: batches, the datasets it knows,
the studies that are live (or already followed), and the export jobs this session watches.

It asks as little as it can: finished datasets are skipped (they will not move again), only
live or followed studies get their submission counts, and an export job is asked about only
while it generates.
"""

from __future__ import annotations

import asyncio
from collections.abc import Container, Iterable, Set
from dataclasses import dataclass, field

from atb_tui.api import ProlificClient
from atb_tui.api.errors import NotFoundError
from atb_tui.api.models import Batch, Study
from atb_tui.api.models.common import ExportJob
from atb_tui.flows import exports as exports_flow
from atb_tui.flows.datasets import RecentDatasets, known_datasets
from atb_tui.views.monitor_rows import (
    Observation,
    batch_observation,
    dataset_observation,
    study_observation,
)

LIVE = ("ACTIVE", "PAUSED")
FINISHED_DATASET = ("READY", "ERROR")


@dataclass
class Look:
    """What one poll saw, and what it learnt for the next."""

    observations: list[Observation] = field(default_factory=list)
    # (id, name) of the batch behind each row: a batch's own, or the one a study uses.
    row_batches: dict[str, tuple[str, str]] = field(default_factory=dict)
    finished_datasets: set[str] = field(default_factory=set)  # not to be asked about again


def export_observation(export_id: str, batch_name: str, job: ExportJob) -> Observation:
    progress = f"{job.response_count:,} responses" if job.response_count is not None else ""
    return Observation("export", export_id, f"export of {batch_name}", job.status, progress)


async def look(
    client: ProlificClient,
    workspace_id: str,
    remembered: Iterable[str],
    followed: Container[str],
    skip_datasets: Set[str] = frozenset(),
    recent: RecentDatasets | None = None,
) -> Look:
    """Everything processing or live in the workspace; `followed` are the ids already on the
    monitor (they keep being read until they finish), `skip_datasets` the finished ones.
    Datasets `recent` holds that had settled are not read again (finished is finished)."""
    batches = await client.batches.list(workspace_id)
    names = {b.id: b.name for b in batches}
    found = Look([batch_observation(b) for b in batches])
    await _datasets(
        client, workspace_id, remembered, batches, followed, skip_datasets, found, recent
    )
    studies = await _studies(client, set(names), followed)
    found.observations += [study_observation(s, c) for s, c in studies]
    found.row_batches = {b: (b, name) for b, name in names.items()}
    for study, _ in studies:
        batch_id = study.data_collection_id or ""
        found.row_batches[study.id] = (batch_id, names.get(batch_id, ""))
    await _exports(client, names, found)
    return found


async def _datasets(
    client: ProlificClient,
    workspace_id: str,
    remembered: Iterable[str],
    batches: list[Batch],
    followed: Container[str],
    skip: Set[str],
    found: Look,
    recent: RecentDatasets | None,
) -> None:
    datasets = await known_datasets(
        client, workspace_id, remembered, skip=skip, batches=batches, recent=recent, reuse=True
    )
    for seen in (dataset_observation(d) for d in datasets):
        found.observations.append(seen)
        if seen.status in FINISHED_DATASET and seen.item_id not in followed:
            found.finished_datasets.add(seen.item_id)


async def _studies(
    client: ProlificClient, batch_ids: set[str], followed: Container[str]
) -> list[tuple[Study, dict[str, int]]]:
    """The live (or followed) studies of these batches, with their submission counts."""
    studies = [s for s in await client.studies.list() if s.data_collection_id in batch_ids]
    wanted = [s for s in studies if s.status in LIVE or s.id in followed]
    counts = await asyncio.gather(*(client.studies.submission_counts(s.id) for s in wanted))
    return list(zip(wanted, counts, strict=True))


async def _exports(client: ProlificClient, names: dict[str, str], found: Look) -> None:
    """Export jobs of these batches that this session started or saw generating: one request
    per such job while it generates, none at all when there is none."""
    watch = exports_flow.watch_of(client)
    for export_id, kind, batch_id in watch.of_parents(set(names)):
        try:
            job = await exports_flow.resource_for(client, kind).export_status(batch_id, export_id)
        except NotFoundError:  # deleted meanwhile
            watch.finished(export_id)
            continue
        if not job.is_generating:
            watch.finished(export_id)
        found.observations.append(export_observation(export_id, names[batch_id], job))
        found.row_batches[export_id] = (batch_id, names[batch_id])

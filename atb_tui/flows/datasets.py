"""The datasets a workspace knows of: Prolific cannot list datasets, so they are the ones its
batches use plus the ones this machine remembers (opened or uploaded here)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterable, Set

from atb_tui.api import ProlificClient
from atb_tui.api.errors import NotFoundError
from atb_tui.api.models import Batch, Dataset
from atb_tui.api.models.enums import DatasetStatus

# A settled dataset read this recently is not read again to be offered in a form.
REUSE_WITHIN_S = 60.0
SETTLED = frozenset({DatasetStatus.READY, DatasetStatus.ERROR})


class RecentDatasets:
    """The datasets one session has read lately, by id.

    Prolific cannot list datasets, so showing them means one GET each: the datasets list, the
    monitor and the new-batch form each read every one. A form opened seconds after a list
    offers what the list just read, when it has settled (READY or ERROR: processing is over,
    so what the form shows, its name, status and size, no longer changes); a dataset still
    processing, or a V4 one (no status, imports can add to it), is read again. The monitor
    reuses them too (it never reads a finished dataset again anyway); the datasets list always
    reads, so `r` there shows what Prolific says now."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._read: dict[str, tuple[float, Dataset]] = {}

    def remember(self, datasets: Iterable[Dataset]) -> None:
        now = self._clock()
        for dataset in datasets:
            self._read[dataset.id] = (now, dataset)

    def reusable(self, dataset_id: str) -> Dataset | None:
        """The dataset as last read, if it had settled and was read within REUSE_WITHIN_S."""
        at, dataset = self._read.get(dataset_id, (0.0, None))
        if dataset is None or dataset.status not in SETTLED:
            return None
        return dataset if self._clock() - at <= REUSE_WITHIN_S else None


async def known_datasets(
    client: ProlificClient,
    workspace_id: str,
    remembered: Iterable[str] = (),
    *,
    skip: Set[str] = frozenset(),
    batches: list[Batch] | None = None,
    recent: RecentDatasets | None = None,
    reuse: bool = False,
) -> list[Dataset]:
    """Datasets the workspace's batches use plus the `remembered` ids (newest first), except
    the ids in `skip`; one gone meanwhile is left out. Pass `batches` when just fetched.

    What is read goes into `recent`; with `reuse`, settled datasets it read lately are taken
    from it instead of being read again (see `RecentDatasets`)."""
    if batches is None:
        batches = await client.batches.list(workspace_id)
    ids = [d.id for batch in batches for d in batch.datasets] + list(remembered)
    wanted = [i for i in dict.fromkeys(ids) if i not in skip]
    kept = {i: d for i in wanted if reuse and recent and (d := recent.reusable(i)) is not None}
    read = await asyncio.gather(*(_get(client, i) for i in wanted if i not in kept))
    fresh = [d for d in read if d is not None]
    if recent is not None:
        recent.remember(fresh)
    datasets = [*kept.values(), *fresh]
    datasets.sort(key=lambda d: str(d.created_at), reverse=True)
    return datasets


async def _get(client: ProlificClient, dataset_id: str) -> Dataset | None:
    try:
        return await client.datasets.get(dataset_id)
    except NotFoundError:
        return None

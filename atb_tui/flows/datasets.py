"""The datasets a workspace knows of: Prolific cannot list datasets, so they are the ones its
batches use plus the ones this machine remembers (opened or uploaded here)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Set

from atb_tui.api import ProlificClient
from atb_tui.api.errors import NotFoundError
from atb_tui.api.models import Batch, Dataset


async def known_datasets(
    client: ProlificClient,
    workspace_id: str,
    remembered: Iterable[str] = (),
    *,
    skip: Set[str] = frozenset(),
    batches: list[Batch] | None = None,
) -> list[Dataset]:
    """Datasets the workspace's batches use plus the `remembered` ids (newest first), except
    the ids in `skip`; one gone meanwhile is left out. Pass `batches` when just fetched."""
    if batches is None:
        batches = await client.batches.list(workspace_id)
    ids = [d.id for batch in batches for d in batch.datasets] + list(remembered)
    wanted = [i for i in dict.fromkeys(ids) if i not in skip]
    found = await asyncio.gather(*(_get(client, i) for i in wanted))
    datasets = [d for d in found if d is not None]
    datasets.sort(key=lambda d: str(d.created_at), reverse=True)
    return datasets


async def _get(client: ProlificClient, dataset_id: str) -> Dataset | None:
    try:
        return await client.datasets.get(dataset_id)
    except NotFoundError:
        return None

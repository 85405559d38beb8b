"""Finding a workspace's batches, datasets and studies for the `:` command line (no widgets).

`known_items` lists what the command line can complete to; `check_item` asks Prolific whether an
id exists before the app opens a screen with live actions for it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable

from atb_tui.api import ProlificClient
from atb_tui.api.errors import BadRequestError, NotFoundError, UnprocessableError
from atb_tui.logic.jump import Known, item_kind


async def known_items(
    client: ProlificClient, workspace_id: str, dataset_ids: Iterable[str] = ()
) -> list[Known]:
    """Batches, the datasets they use (plus `dataset_ids`) and studies of the workspace."""
    batches, projects, studies = await asyncio.gather(
        client.batches.list(workspace_id),
        client.projects.list(workspace_id),
        client.studies.list(),
    )
    items = [Known("batch", batch.id, batch.name) for batch in batches]
    names = {d.id: d.name or "" for batch in batches for d in batch.datasets}
    for dataset_id in dataset_ids:
        names.setdefault(dataset_id, "")
    items += [Known("dataset", dataset_id, name) for dataset_id, name in names.items()]
    project_ids = {project.id for project in projects}
    items += [
        Known("study", study.id, study.name or "")
        for study in studies
        if getattr(study, "project", None) in project_ids
    ]
    return items


async def check_item(client: ProlificClient, kind: str, item_id: str) -> str | None:
    """None when the item exists; otherwise what to tell the user (network errors propagate)."""
    getters = {
        "batch": client.batches.get,
        "dataset": client.datasets.get,
        "study": client.studies.get,
        "collection": client.collections.get,
    }
    kind = item_kind(kind)
    if kind not in getters:
        return None  # nothing to check it with: the screen will say what it finds
    try:
        await getters[kind](item_id)
    except (NotFoundError, BadRequestError, UnprocessableError):
        return f"No {kind} with id {item_id}: check the id or the workspace."
    return None

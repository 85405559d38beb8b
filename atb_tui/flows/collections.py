"""Collections over the client: load one for editing, save a draft, find its studies.

A save is a create (POST, never repeated blindly) the first time and a full replacement (PUT,
ids kept) afterwards. The client's own checks run first, so a draft Prolific would refuse is
reported without a request.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import ValidationError

from atb_tui.api import ProlificClient
from atb_tui.api.models.collections import Collection
from atb_tui.api.models.studies import Study
from atb_tui.views.collection_draft import (
    CollectionDraft,
    create_request,
    draft_from_collection,
    request_problem,
    update_request,
)

COLLECTION_METHOD = "AI_TASK_BUILDER_COLLECTION"
NOT_ENABLED = (
    "Collections are not enabled for this account/workspace. They are an early-access "
    "Prolific feature: ask Prolific support to enable AI Task Builder Collections for this "
    "workspace, or use batches."
)


@dataclass(frozen=True)
class SavedCollection:
    """The stored collection and the draft that now matches it, or why nothing was sent."""

    collection: Collection | None = None
    draft: CollectionDraft | None = None
    refused: str = ""


async def save_collection(
    client: ProlificClient, workspace_id: str, collection_id: str | None, draft: CollectionDraft
) -> SavedCollection:
    """Create (no id yet) or replace the collection; refused drafts send nothing."""
    try:
        if collection_id is None:
            request = create_request(draft, workspace_id)
        else:
            replacement = update_request(draft)
    except ValidationError as error:
        return SavedCollection(refused=request_problem(error))
    if collection_id is None:
        stored = await client.collections.create(request)
    else:
        stored = await client.collections.replace(collection_id, replacement)
    return SavedCollection(stored, draft_from_collection(stored))


async def find_lost_create(
    client: ProlificClient, workspace_id: str, name: str
) -> Collection | None:
    """After a create whose answer was lost: the collection it made, if it made one (the
    newest of that name), so the next save replaces it instead of creating a second."""
    existing = await client.collections.list(workspace_id)
    match = [c for c in existing if c.name == name.strip()]
    return max(match, key=lambda c: str(c.created_at)) if match else None


def studies_on(studies: list[Study], collection_id: str) -> list[Study]:
    """The studies launched on this collection, newest first."""
    mine = [s for s in studies if s.data_collection_id == collection_id]
    return sorted(mine, key=lambda s: str(s.date_created or ""), reverse=True)

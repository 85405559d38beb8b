"""Collections: fixed pages of content and questions, answered without a dataset."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from atb_tui.api.models._base import RequestModel, ResponseModel, SchemaVersion
from atb_tui.api.models.batches import ResponseBody
from atb_tui.api.models.common import TaskDetails, TaskDetailsInput
from atb_tui.api.models.layout import CollectionPage, CollectionPageInput


class Collection(ResponseModel):
    """A collection (an early-access feature; it has no status)."""

    id: str
    name: str
    workspace_id: str | None = None
    schema_version: SchemaVersion | None = None
    created_at: datetime | None = None
    created_by: str | None = None
    task_details: TaskDetails | None = None
    collection_items: list[CollectionPage] = Field(default_factory=list)
    last_modified_at: datetime | None = None
    last_modified_by: str | None = None
    item_count: int | None = None


class CollectionCreate(RequestModel):
    """A new collection: at least one page with at least one item."""

    workspace_id: str = Field(min_length=1)
    name: str = Field(min_length=1)
    task_details: TaskDetailsInput
    collection_items: list[CollectionPageInput] = Field(min_length=1)


class CollectionUpdate(RequestModel):
    """A full replacement of a collection (the workspace cannot change)."""

    name: str = Field(min_length=1)
    task_details: TaskDetailsInput
    collection_items: list[CollectionPageInput] = Field(min_length=1)


class CollectionResponse(ResponseModel):
    """One participant's answer to one question of a collection."""

    id: str
    collection_id: str
    participant_id: str
    response: ResponseBody
    created_at: datetime | None = None
    submission_id: str | None = None

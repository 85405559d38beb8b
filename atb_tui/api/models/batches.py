"""Batches: a dataset paired with questions, set up into tasks, and the responses to them."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Self

from pydantic import Field, model_validator

from atb_tui.api.models._base import PatchModel, RequestModel, ResponseModel, Scalar, SchemaVersion
from atb_tui.api.models.common import TaskDetails, TaskDetailsInput
from atb_tui.api.models.layout import BatchPage, BatchPageInput


class BatchDataset(ResponseModel):
    """A dataset attached to a batch (a summary; fetch the dataset for details)."""

    id: str
    total_datapoint_count: int | None = None
    filename: str | None = None
    name: str | None = None
    status: str | None = None


class Batch(ResponseModel):
    """A batch (see ``BatchStatus``). Counts are zero until setup has run."""

    id: str
    name: str
    status: str
    workspace_id: str | None = None
    created_at: datetime | None = None
    created_by: str | None = None
    datasets: list[BatchDataset] = Field(default_factory=list)
    total_task_count: int = 0
    total_instruction_count: int = 0
    total_task_groups: int | None = None
    schema_version: SchemaVersion | None = None
    task_details: TaskDetails | None = None
    batch_items: list[BatchPage] | None = None
    auto_sync_enabled: bool | None = None
    tasks_per_group: int | None = None

    @property
    def dataset_id(self) -> str | None:
        """The attached dataset, if any."""
        return self.datasets[0].id if self.datasets else None


class BatchCreate(RequestModel):
    """A new batch. Attach a dataset now or at setup; give ``batch_items`` or use instructions."""

    name: str = Field(min_length=1)
    workspace_id: str = Field(min_length=1)
    task_details: TaskDetailsInput
    dataset_id: str | None = None
    batch_items: list[BatchPageInput] | None = Field(default=None, min_length=1)
    auto_sync_enabled: bool | None = None


class BatchUpdate(PatchModel):
    """Changes to a batch; only the fields you set are sent.

    ``batch_items`` replaces the whole layout (keep ids to keep items); ``batch_items=None``
    sends ``null``. The other fields cannot be cleared, so ``None`` is refused for them.
    """

    name: str | None = Field(default=None, min_length=1)
    task_details: TaskDetailsInput | None = None
    dataset_id: str | None = None
    batch_items: list[BatchPageInput] | None = None
    auto_sync_enabled: bool | None = None

    @model_validator(mode="after")
    def _refuse_null(self) -> Self:
        for name in self.model_fields_set - {"batch_items"}:
            if getattr(self, name) is None:
                raise ValueError(f"{name} cannot be cleared; leave it out to keep it unchanged")
        return self


class AnswerItem(ResponseModel):
    """One part of an answer. Which fields are present depends on the question type:
    ``value`` (+ ``unit`` or ``explanation``), or the file fields for uploads."""

    value: Scalar | None = None
    unit: str | None = None
    explanation: str | None = None
    file_key: str | None = None
    file_name: str | None = None
    file_size_mb: float | None = None
    content_type: str | None = None


class ResponseBody(ResponseModel):
    """A participant's answer to one question (see ``InstructionType`` for ``type``)."""

    instruction_id: str
    type: str
    answer: list[AnswerItem] = Field(default_factory=list)


class TaskResponse(ResponseModel):
    """One answer: a participant, a task (datapoint) and a question."""

    id: str
    batch_id: str
    participant_id: str
    task_id: str
    response: ResponseBody
    created_at: datetime | None = None
    submission_id: str | None = None
    correlation_id: str | None = None
    metadata: dict[str, Any] | None = None
    schema_version: SchemaVersion | None = None
    no_submission: bool | None = None


class SyncJob(ResponseModel):
    """Materialisation of tasks for datapoints appended since setup (see ``SyncStatus``)."""

    batch_id: str
    sync_id: str
    status: str
    dataset_id: str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    tasks_created: int | None = None
    datapoints_processed: int | None = None
    groups_created: int | None = None
    groups_expanded: int | None = None
    reason: str | None = None

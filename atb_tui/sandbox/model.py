"""The sandbox's state, as plain dataclasses of JSON-friendly values.

Times are POSIX timestamps (floats, UTC); they are rendered as ISO-8601 only at the HTTP
edge. Heterogeneous payloads that the API echoes back (instructions, batch_items pages,
collection pages, study settings) are kept as JSON dicts rather than modelled field by
field, because the sandbox validates them on the way in and returns them as stored.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

JSON = dict[str, Any]

DATASET_STATUSES = ("UNINITIALISED", "PROCESSING", "READY", "ERROR")
BATCH_STATUSES = ("UNINITIALISED", "PROCESSING", "READY", "ERROR")
STUDY_STATUSES = (
    "UNPUBLISHED",
    "SCHEDULED",
    "PUBLISHING",
    "ACTIVE",
    "AWAITING REVIEW",
    "PAUSED",
    "COMPLETED",
)
SUBMISSION_STATUSES = (
    "RESERVED",
    "ACTIVE",
    "TIMED-OUT",
    "AWAITING REVIEW",
    "APPROVED",
    "RETURNED",
    "REJECTED",
    "PARTIALLY APPROVED",
    "SCREENED OUT",
)
INSTRUCTION_TYPES = (
    "multiple_choice",
    "free_text",
    "free_text_with_unit",
    "multiple_choice_with_free_text",
    "file_upload",
)


@dataclass
class User:
    id: str
    email: str
    first_name: str
    last_name: str
    currency_code: str
    date_joined: float


@dataclass
class Workspace:
    id: str
    title: str
    description: str
    owner_id: str
    currency_code: str
    funds: int  # minor units deposited; spending is derived from studies
    created_at: float
    wallet_id: str
    naivety_distribution_rate: float | None = None
    # Collections are early access: Prolific enables them per workspace on request.
    collections_enabled: bool = True


@dataclass
class Project:
    id: str
    workspace_id: str
    title: str
    description: str
    owner_id: str
    created_at: float
    type: str = "PRIVATE"
    is_longitudinal: bool = False


@dataclass
class Datapoint:
    id: str
    values: JSON
    group_key: str | None = None


@dataclass
class ParsedUpload:
    """What processing a V3 file produced, revealed when its processing time has elapsed."""

    ok: bool
    reason: str | None
    columns: list[str]
    datapoints: list[Datapoint]


@dataclass
class Dataset:
    id: str
    name: str
    workspace_id: str
    created_at: float
    created_by: str
    schema_version: int  # 3 = legacy CSV/ZIP, 4 = schema + import jobs
    status: str = "UNINITIALISED"
    filename: str | None = None
    error_reason: str | None = None
    columns: list[str] = field(default_factory=list)
    datapoints: list[Datapoint] = field(default_factory=list)
    schema: JSON | None = None
    schema_revision: int = 1
    import_ids: list[str] = field(default_factory=list)
    pending: ParsedUpload | None = None


@dataclass
class ImportJob:
    id: str
    dataset_id: str
    filename: str
    created_at: float
    updated_at: float
    status: str = "uninitialised"
    accepted_count: int = 0
    rejected_count: int = 0
    errors: list[JSON] = field(default_factory=list)
    reason: str | None = None
    pending: list[Datapoint] = field(default_factory=list)


@dataclass
class MigrationJob:
    id: str
    dataset_id: str
    schema_version: int
    created_at: float
    updated_at: float
    status: str = "processing"
    reprocessed_count: int = 0
    failed_count: int = 0
    errors: list[JSON] = field(default_factory=list)
    reason: str | None = None


@dataclass
class Task:
    id: str
    batch_id: str
    datapoint_id: str
    group_id: str


@dataclass
class TaskGroup:
    id: str
    batch_id: str
    task_ids: list[str]
    key: str | None = None


@dataclass
class Batch:
    id: str
    name: str
    workspace_id: str
    created_at: float
    created_by: str
    task_details: JSON
    dataset_id: str | None = None
    status: str = "UNINITIALISED"
    batch_items: list[JSON] | None = None
    auto_sync_enabled: bool = False
    instructions: list[JSON] = field(default_factory=list)
    tasks_per_group: int = 1
    task_ids: list[str] = field(default_factory=list)
    group_ids: list[str] = field(default_factory=list)
    error_reason: str | None = None


@dataclass
class Study:
    id: str
    project_id: str
    workspace_id: str
    created_at: float
    settings: JSON  # every CreateStudy field as stored (name, reward, data_collection_id…)
    status: str = "UNPUBLISHED"
    published_at: float | None = None
    publish_at: float | None = None
    completed_at: float | None = None
    arrival_interval: float = 3.0
    arrival_pending: bool = False
    arrivals: int = 0
    group_takers: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class Submission:
    id: str
    study_id: str
    participant_id: str
    status: str
    started_at: float
    reward: int
    completed_at: float | None = None
    group_id: str | None = None
    study_code: str | None = None


@dataclass
class ResponseRecord:
    """One answer to one instruction; parent is a batch (with a task) or a collection."""

    id: str
    created_at: float
    parent_id: str
    participant_id: str
    submission_id: str
    task_id: str | None
    instruction_id: str
    type: str
    answer: list[JSON]
    metadata: dict[str, str] = field(default_factory=dict)


@dataclass
class ExportJob:
    id: str
    parent_id: str
    parent_kind: str  # "batch" | "collection"
    created_at: float
    status: str = "generating"
    completed_at: float | None = None
    response_count: int = 0  # responses included: the export is a snapshot
    # Optional filters (addendum §11.1): one study, and a window on response time.
    study_id: str | None = None
    from_at: float | None = None
    to_at: float | None = None


@dataclass
class SyncJob:
    id: str
    batch_id: str
    dataset_id: str
    created_at: float
    updated_at: float
    status: str = "queued"
    tasks_created: int = 0
    datapoints_processed: int = 0
    groups_created: int = 0
    groups_expanded: int = 0
    reason: str | None = None


@dataclass
class Collection:
    id: str
    workspace_id: str
    name: str
    task_details: JSON
    pages: list[JSON]
    created_at: float
    created_by: str
    last_modified_at: float
    last_modified_by: str


@dataclass
class Annotator:
    """A simulated participant: how often they agree with the truth and how fast they work."""

    id: str
    reliability: float
    speed: float  # multiplies the time a submission takes; < 1 is fast
    careless: bool


@dataclass(order=True)
class Event:
    due: float
    seq: int
    kind: str = field(compare=False)
    target: str = field(compare=False)

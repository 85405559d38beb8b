"""Datasets: the data participants annotate (V3 CSV uploads, V4 schema datasets)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Self

from pydantic import Field, model_validator

from atb_tui.api.models._base import RequestModel, ResponseModel, SchemaVersion
from atb_tui.api.models.enums import DatasetFieldType

MAX_SCHEMA_FIELDS = 200
MAX_FIELD_KEY_LENGTH = 128
MAX_FIELD_LABEL_LENGTH = 255


class DatasetSchemaField(RequestModel):
    """How one field of a V4 record is used."""

    type: DatasetFieldType
    label: str | None = Field(default=None, max_length=MAX_FIELD_LABEL_LENGTH)


class DatasetSchema(RequestModel):
    """A V4 dataset schema to send. ``strict`` rejects records missing any field."""

    strict: bool = False
    fields: dict[str, DatasetSchemaField] = Field(min_length=1, max_length=MAX_SCHEMA_FIELDS)

    @model_validator(mode="after")
    def _check_fields(self) -> Self:
        for key in self.fields:
            if not 1 <= len(key) <= MAX_FIELD_KEY_LENGTH:
                raise ValueError(f"field keys must be 1 to {MAX_FIELD_KEY_LENGTH} characters")
        groups = [k for k, f in self.fields.items() if f.type == DatasetFieldType.TASK_GROUP_ID]
        if len(groups) > 1:
            raise ValueError(f"at most one task_group_id field is allowed, got {groups}")
        return self

    def to_payload(self) -> dict[str, Any]:
        """The schema as JSON; ``strict`` is always sent because the spec requires it."""
        return self.model_dump(mode="json", exclude_none=True)


class StoredSchemaField(ResponseModel):
    """A schema field as stored (its type may be one this client does not know)."""

    type: str
    label: str | None = None


class StoredDatasetSchema(ResponseModel):
    """A dataset's schema as returned by the API."""

    strict: bool | None = None
    fields: dict[str, StoredSchemaField] = Field(default_factory=dict)

    def to_input(self) -> DatasetSchema:
        """A request model to edit and send back (raises if a field type is unknown to us)."""
        return DatasetSchema.model_validate(
            {"strict": bool(self.strict), "fields": self.model_dump(exclude_none=True)["fields"]}
        )


class ImportJobError(ResponseModel):
    """Why a record of an upload was rejected (``record_index`` is zero-based)."""

    record_index: int | None = None
    field: str | None = None
    reason: str | None = None


class ImportJob(ResponseModel):
    """One file upload into a V4 dataset (see ``ImportStatus``)."""

    dataset_id: str
    import_id: str
    status: str
    type: str | None = None
    filename: str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    accepted_count: int | None = None
    rejected_count: int | None = None
    errors: list[ImportJobError] = Field(default_factory=list)
    reason: str | None = None


class Dataset(ResponseModel):
    """A dataset. V3 has ``status``/``filename``; V4 has ``dataset_schema``/``imports``."""

    id: str
    name: str
    workspace_id: str | None = None
    created_at: datetime | None = None
    created_by: str | None = None
    total_datapoint_count: int = 0
    schema_version: SchemaVersion | None = None
    status: str | None = None
    filename: str | None = None
    has_predetermined_grouping_id: bool | None = None
    dataset_schema: StoredDatasetSchema | None = Field(default=None, alias="schema")
    imports: list[ImportJob] | None = None
    migration_job_id: str | None = None


class UploadURL(ResponseModel):
    """Where and how to upload a dataset file. Use ``content_type`` exactly."""

    dataset_id: str
    upload_url: str
    http_method: str = "PUT"
    content_type: str | None = None
    expires_at: datetime | None = None
    file_key: str | None = None
    import_id: str | None = None


class AppendError(ResponseModel):
    """Why an appended record was rejected (``record_index`` is one-based)."""

    record_index: int | None = None
    field: str | None = None
    reason: str | None = None


class AppendResult(ResponseModel):
    """Outcome of appending records to a V4 dataset."""

    accepted: int = 0
    rejected: int = 0
    errors: list[AppendError] = Field(default_factory=list)


class MigrationError(ResponseModel):
    """A datapoint field nulled because it was invalid under the new schema."""

    datapoint_id: str | None = None
    field: str | None = None
    reason: str | None = None


class SchemaMigrationJob(ResponseModel):
    """Re-normalisation of a V4 dataset after a schema change (see ``MigrationStatus``)."""

    dataset_id: str
    job_id: str
    status: str
    schema_version: SchemaVersion | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    reprocessed_count: int | None = None
    failed_count: int | None = None
    errors: list[MigrationError] = Field(default_factory=list)
    reason: str | None = None

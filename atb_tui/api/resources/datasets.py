"""Datasets: create, upload (streamed to storage), follow processing, append, change schema."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from atb_tui.api._requester import Requester
from atb_tui.api._transfer import PresignedTransfer, Progress, content_type_for, file_size
from atb_tui.api.errors import PresignedURLError
from atb_tui.api.models.datasets import (
    AppendResult,
    Dataset,
    DatasetSchema,
    ImportJob,
    SchemaMigrationJob,
    UploadURL,
)
from atb_tui.api.resources._base import DATA_COLLECTION, Resource, parse_as, seg, status_of

MAX_APPEND_RECORDS = 1000
NDJSON = "application/x-ndjson"


def _jsonl(records: Sequence[Mapping[str, Any]] | str) -> bytes:
    """Records as JSON Lines, refusing an empty batch or one over the API's limit."""
    if isinstance(records, str):
        lines = [line for line in records.splitlines() if line.strip()]
    else:
        lines = [json.dumps(dict(record), ensure_ascii=False) for record in records]
    if not lines:
        raise ValueError("there are no records to append")
    if len(lines) > MAX_APPEND_RECORDS:
        raise ValueError(f"at most {MAX_APPEND_RECORDS} records per request, got {len(lines)}")
    return ("\n".join(lines) + "\n").encode("utf-8")


class Datasets(Resource):
    """``/api/v1/data-collection/datasets``"""

    def __init__(self, requester: Requester, transfer: PresignedTransfer) -> None:
        super().__init__(requester)
        self._transfer = transfer

    @staticmethod
    def _path(dataset_id: str, *rest: str) -> str:
        return "/".join([f"{DATA_COLLECTION}/datasets", seg(dataset_id, "dataset_id"), *rest])

    async def create(
        self, workspace_id: str, name: str, schema: DatasetSchema | None = None
    ) -> Dataset:
        """A new, empty dataset; with a ``schema`` it is a V4 dataset."""
        if not name.strip():
            raise ValueError("a dataset needs a name")
        body: dict[str, Any] = {"name": name, "workspace_id": workspace_id}
        if schema is not None:
            body["schema"] = schema.to_payload()
        path = f"{DATA_COLLECTION}/datasets"
        response = await self._requester.request("POST", path, json_body=body)
        return parse_as(response, Dataset)

    async def get(self, dataset_id: str) -> Dataset:
        """A dataset (V4 ones include their schema and import jobs)."""
        return parse_as(await self._requester.request("GET", self._path(dataset_id)), Dataset)

    async def status(self, dataset_id: str) -> str:
        """A V3 dataset's processing status (see ``DatasetStatus``)."""
        response = await self._requester.request("GET", self._path(dataset_id, "status"))
        return status_of(response)

    async def upload_url(self, dataset_id: str, filename: str) -> UploadURL:
        """A presigned URL to upload ``filename`` (V4: also starts an import job)."""
        path = self._path(dataset_id, "upload-url", seg(filename, "filename"))
        return parse_as(await self._requester.request("GET", path), UploadURL)

    async def upload(
        self,
        dataset_id: str,
        path: Path,
        *,
        filename: str | None = None,
        progress: Progress | None = None,
    ) -> UploadURL:
        """Upload a local file: get a URL, then stream the file there (no API token sent).

        ``progress(bytes_sent, total)`` is called as chunks go out. Returns the upload URL
        record, whose ``import_id`` (V4) tells you which import job to follow.
        """
        path = Path(path)
        file_size(path)  # a missing file fails here, before an import job is started for it
        target = await self.upload_url(dataset_id, filename or path.name)
        if target.http_method.upper() != "PUT":
            raise PresignedURLError(
                f"Prolific asked for an unsupported {target.http_method} upload."
            )
        content_type = target.content_type or content_type_for(filename or path.name)
        await self._transfer.upload(
            target.upload_url, path, content_type=content_type, progress=progress
        )
        return target

    async def import_status(self, dataset_id: str, import_id: str) -> ImportJob:
        """One V4 import job (poll until ``TERMINAL_IMPORT_STATUSES``)."""
        path = self._path(dataset_id, "imports", seg(import_id, "import_id"))
        return parse_as(await self._requester.request("GET", path), ImportJob)

    async def append_datapoints(
        self, dataset_id: str, records: Sequence[Mapping[str, Any]] | str
    ) -> AppendResult:
        """Append up to 1000 records to a V4 dataset (mappings, or JSON Lines text)."""
        response = await self._requester.request(
            "POST",
            self._path(dataset_id, "datapoints"),
            content=_jsonl(records),
            headers={"Content-Type": NDJSON},
        )
        return parse_as(response, AppendResult)

    async def update_schema(self, dataset_id: str, schema: DatasetSchema) -> Dataset:
        """Set or change a V4 schema; a change starts a migration (``migration_job_id``)."""
        body = {"schema": schema.to_payload()}
        response = await self._requester.request("PATCH", self._path(dataset_id), json_body=body)
        return parse_as(response, Dataset)

    async def schema_migration(self, dataset_id: str, job_id: str) -> SchemaMigrationJob:
        """A schema migration job (poll until ``TERMINAL_MIGRATION_STATUSES``)."""
        path = self._path(dataset_id, "schema-migrations", seg(job_id, "job_id"))
        return parse_as(await self._requester.request("GET", path), SchemaMigrationJob)

"""Batches: create, set up, duplicate, read responses, reports, exports and syncs."""

from __future__ import annotations

import builtins
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import msgspec

from atb_tui.api._pagination import fetch_all, iter_pages
from atb_tui.api._requester import ApiResponse
from atb_tui.api._transfer import Progress
from atb_tui.api.models.batches import Batch, BatchCreate, BatchUpdate, SyncJob, TaskResponse
from atb_tui.api.models.common import Page, PresignedURL
from atb_tui.api.models.response_rows import (
    LIST_DECODER,
    PAGE_DECODER,
    ResponseRow,
    ResponseRowPage,
)
from atb_tui.api.resources._base import (
    DATA_COLLECTION,
    nonempty,
    parse_as,
    results_of,
    seg,
    status_of,
)
from atb_tui.api.resources._exports import ExportingResource

BATCHES = f"{DATA_COLLECTION}/batches"
RESPONSE_PAGE_SIZE = 5000


@dataclass(frozen=True, slots=True)
class ResponseRowBatch:
    """One page of the fast path: its rows, the server's total, and how far we have read."""

    rows: builtins.list[ResponseRow]
    total: int | None
    fetched: int


class Batches(ExportingResource):
    """``/api/v1/data-collection/batches``"""

    def _path(self, object_id: str, *rest: str) -> str:
        return "/".join([BATCHES, seg(object_id, "batch_id"), *rest])

    async def list(self, workspace_id: str) -> builtins.list[Batch]:
        """Every batch of a workspace."""
        params = {"workspace_id": nonempty(workspace_id, "workspace_id")}
        return await fetch_all(self._requester, BATCHES, Batch, params=params)

    async def create(self, batch: BatchCreate) -> Batch:
        """A new batch (never repeated blindly: a lost answer raises ``OutcomeUnknownError``)."""
        response = await self._requester.request("POST", BATCHES, json_body=batch.to_payload())
        return parse_as(response, Batch)

    async def get(self, batch_id: str) -> Batch:
        """One batch."""
        return parse_as(await self._requester.request("GET", self._path(batch_id)), Batch)

    async def update(self, batch_id: str, changes: BatchUpdate) -> Batch:
        """Change name, task details, dataset, layout or auto-sync."""
        response = await self._requester.request(
            "PATCH", self._path(batch_id), json_body=changes.to_payload()
        )
        return parse_as(response, Batch)

    async def status(self, batch_id: str) -> str:
        """The batch's status (see ``BatchStatus``)."""
        return status_of(await self._requester.request("GET", self._path(batch_id, "status")))

    async def setup(
        self, batch_id: str, *, dataset_id: str | None = None, tasks_per_group: int | None = None
    ) -> None:
        """Generate the tasks (the batch becomes PROCESSING, then READY)."""
        body: dict[str, Any] = {}
        if dataset_id is not None:
            body["dataset_id"] = nonempty(dataset_id, "dataset_id")
        if tasks_per_group is not None:
            if tasks_per_group < 1:
                raise ValueError("tasks_per_group must be at least 1")
            body["tasks_per_group"] = tasks_per_group
        await self._requester.request("POST", self._path(batch_id, "setup"), json_body=body)

    async def duplicate(
        self, batch_id: str, *, name: str | None = None, upload_new_dataset: bool = False
    ) -> Batch:
        """A copy of the batch, sharing its dataset, or with none (``upload_new_dataset``)."""
        body: dict[str, Any] = {}
        if name is not None:
            body["name"] = name
        if upload_new_dataset:
            body["upload_new_dataset"] = True
        response = await self._requester.request(
            "POST", self._path(batch_id, "duplicate"), json_body=body
        )
        return parse_as(response, Batch)

    def iter_responses(
        self, batch_id: str, *, page_size: int | None = None
    ) -> AsyncIterator[Page[TaskResponse]]:
        """The batch's responses, page by page (one page if the server sends them all)."""
        path = self._path(batch_id, "responses")
        return iter_pages(self._requester, path, TaskResponse, page_size=page_size)

    async def responses(self, batch_id: str) -> builtins.list[TaskResponse]:
        """Every response of the batch, however many pages that takes."""
        return await fetch_all(self._requester, self._path(batch_id, "responses"), TaskResponse)

    async def iter_response_rows(
        self, batch_id: str, *, offset: int = 0, page_size: int = RESPONSE_PAGE_SIZE
    ) -> AsyncIterator[ResponseRowBatch]:
        """The fast path: responses from ``offset`` on, each page decoded whole by msgspec.

        ``offset`` lets a viewer fetch only what arrived since its last load. A server that
        ignores ``limit`` and sends everything at once costs exactly one request.
        """
        path = self._path(batch_id, "responses")
        url = path
        query: dict[str, str | int | bool] | None = {"offset": offset, "limit": page_size}
        fetched = offset
        while True:
            response = await self._requester.request("GET", url, params=query)
            page = _decode_rows(response)
            rows = page.results or []
            fetched += len(rows)
            yield ResponseRowBatch(rows, page.count, fetched)
            if page.next_href:
                url = self._requester.same_origin_url(page.next_href, response.endpoint)
                query = None  # httpx would replace the link's own query with ours
            elif rows and page.count is not None and fetched < page.count:
                url, query = path, {"offset": fetched, "limit": page_size}
            else:
                return

    async def report_url(self, batch_id: str) -> PresignedURL:
        """A short-lived URL of the CSV report (dataset plus response columns)."""
        path = self._path(batch_id, "report") + "/"
        return parse_as(await self._requester.request("GET", path), PresignedURL)

    async def download_report(
        self, batch_id: str, dest: Path, progress: Progress | None = None
    ) -> Path:
        """Save the CSV report to ``dest`` (a file, or a directory to put it in)."""
        report = await self.report_url(batch_id)
        return await self._transfer.download(report.url, Path(dest), progress=progress)

    async def sync(self, batch_id: str) -> SyncJob:
        """Create tasks for datapoints appended since setup (V4 datasets, READY batches)."""
        response = await self._requester.request("POST", self._path(batch_id, "sync"))
        return parse_as(response, SyncJob)

    async def sync_status(self, batch_id: str, sync_id: str) -> SyncJob:
        """One sync job (poll until ``TERMINAL_SYNC_STATUSES``)."""
        path = self._path(batch_id, "syncs", seg(sync_id, "sync_id"))
        return parse_as(await self._requester.request("GET", path), SyncJob)

    async def tasks(self, batch_id: str) -> builtins.list[str]:
        """Task ids of the batch. Not in Prolific's spec (the official CLI uses it)."""
        response = await self._requester.request("GET", self._path(batch_id, "tasks"))
        return parse_as(response, builtins.list[str], results_of(response))

    async def task_groups(self, batch_id: str) -> builtins.list[str]:
        """Task-group ids of the batch. Not in Prolific's spec (the official CLI uses it)."""
        response = await self._requester.request("GET", self._path(batch_id, "task-groups"))
        return parse_as(response, builtins.list[str], results_of(response))


def _decode_rows(response: ApiResponse) -> ResponseRowPage:
    """A page of responses (or a bare list, which some endpoints send) decoded in one go."""
    try:
        if response.content.lstrip()[:1] == b"[":
            return ResponseRowPage(results=LIST_DECODER.decode(response.content))
        return PAGE_DECODER.decode(response.content)
    except msgspec.DecodeError as error:  # ValidationError is a DecodeError
        raise response.malformed(str(error)) from error

"""Payload pieces shared by several resources: task details, presigned URLs, export jobs, pages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Generic, TypeVar

from pydantic import Field

from atb_tui.api.models._base import RequestModel, ResponseModel
from atb_tui.api.models.enums import ExportStatus

T = TypeVar("T")


class TaskDetails(ResponseModel):
    """What participants see before the task: a title, an HTML introduction and HTML steps."""

    task_name: str | None = None
    task_introduction: str | None = None
    task_steps: str | None = None


class TaskDetailsInput(RequestModel):
    """Task details to send; the API requires all three fields together."""

    task_name: str = Field(min_length=1)
    task_introduction: str
    task_steps: str


class PresignedURL(ResponseModel):
    """A short-lived URL to download a file directly from storage (no API token needed)."""

    url: str
    expires_at: datetime | None = None
    http_method: str = "GET"


class ExportFilters(ResponseModel):
    """What an export job covers: one study and/or a window on response time (all optional)."""

    study_id: str | None = None
    from_: datetime | None = Field(default=None, alias="from")
    to: datetime | None = None


class ExportJob(ResponseModel):
    """A ZIP export of a batch or collection.

    ``generating`` carries ``export_id`` (poll it); ``complete`` carries ``url`` and
    ``expires_at`` (download it); ``failed`` carries nothing (request a new export). The
    current API (reference addendum §11.1) adds ``created_at`` and ``filters``; the older
    "already complete" answer to a request has neither, nor an ``export_id``.
    """

    status: str
    export_id: str | None = None
    url: str | None = None
    expires_at: datetime | None = None
    created_at: datetime | None = None
    completed_at: datetime | None = None
    filters: ExportFilters | None = None
    response_count: int | None = None

    @property
    def is_complete(self) -> bool:
        """True when the archive can be downloaded."""
        return self.status == ExportStatus.COMPLETE and self.url is not None

    @property
    def is_failed(self) -> bool:
        """True when the export failed and must be requested again."""
        return self.status == ExportStatus.FAILED

    @property
    def is_generating(self) -> bool:
        """True while the archive is being built (poll again)."""
        return self.status == ExportStatus.GENERATING


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    """One page of a list endpoint: its items and the server's total count, when given."""

    items: list[T]
    total: int | None

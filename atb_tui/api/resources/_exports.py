"""ZIP export jobs, shared by batches and collections (same contract on both).

The API as documented now (reference addendum §11.1): ``POST …/export`` answers 202 with a
job and takes optional filters; ``GET …/export`` lists jobs; ``GET …/export/{id}`` gives
one; ``DELETE …/export/{id}`` removes one (409 while generating). The older 200
``{"status": "complete", "url", "expires_at"}`` answer to a request is still accepted.
"""

from __future__ import annotations

import builtins
from datetime import UTC, datetime
from pathlib import Path

from atb_tui.api._requester import Requester
from atb_tui.api._transfer import PresignedTransfer, Progress
from atb_tui.api.errors import ConflictError, PresignedURLError
from atb_tui.api.models.common import ExportJob
from atb_tui.api.resources._base import Resource, nonempty, parse_as, results_of, seg


def _instant(moment: datetime, what: str) -> str:
    """ISO 8601 in UTC with ``Z``; a naive datetime is refused as ambiguous."""
    if moment.tzinfo is None:
        raise ValueError(f"{what} must be timezone-aware (e.g. datetime.now(UTC))")
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def export_filters(
    study_id: str | None, from_: datetime | None, to: datetime | None
) -> dict[str, str]:
    """The query parameters of an export request (only the filters that are set)."""
    params: dict[str, str] = {}
    if study_id is not None:
        params["study_id"] = nonempty(study_id, "study_id")
    if from_ is not None:
        params["from"] = _instant(from_, "from_")
    if to is not None:
        params["to"] = _instant(to, "to")
    if from_ is not None and to is not None and from_ > to:
        raise ValueError("the export window ends before it starts ('to' is before 'from_')")
    return params


class ExportingResource(Resource):
    """A resource whose objects can be exported as a ZIP archive."""

    _id_name = "id"

    def __init__(self, requester: Requester, transfer: PresignedTransfer) -> None:
        super().__init__(requester)
        self._transfer = transfer

    def _path(self, object_id: str, *rest: str) -> str:
        raise NotImplementedError

    async def request_export(
        self,
        object_id: str,
        study_id: str | None = None,
        from_: datetime | None = None,
        to: datetime | None = None,
    ) -> ExportJob:
        """Start an export job (or get the one with the same filter still generating).

        Not retried blindly when the answer is lost (each call may create a job, and a
        parent holds at most 10): re-list the jobs instead."""
        params = export_filters(study_id, from_, to)
        response = await self._requester.request(
            "POST", self._path(object_id, "export"), params=params or None
        )
        return parse_as(response, ExportJob)

    async def list_exports(self, object_id: str) -> builtins.list[ExportJob]:
        """Every export job of the object, as the API lists them."""
        response = await self._requester.request("GET", self._path(object_id, "export"))
        return parse_as(response, builtins.list[ExportJob], results_of(response))

    async def export_status(self, object_id: str, export_id: str) -> ExportJob:
        """The state of an export; a complete one carries a fresh download URL."""
        path = self._path(object_id, "export", seg(export_id, "export_id"))
        return parse_as(await self._requester.request("GET", path), ExportJob)

    async def delete_export(self, object_id: str, export_id: str) -> None:
        """Remove an export job; one still generating cannot be deleted (``ConflictError``)."""
        path = self._path(object_id, "export", seg(export_id, "export_id"))
        try:
            await self._requester.request("DELETE", path)
        except ConflictError as error:
            raise ConflictError(
                "This export is still being generated: it can be deleted once it has "
                "finished (complete or failed).",
                endpoint=error.endpoint,
                status_code=409,
            ) from error

    async def download_export(
        self, job: ExportJob, dest: Path, progress: Progress | None = None
    ) -> Path:
        """Save a complete export's ZIP to ``dest`` (a file, or a directory to put it in)."""
        if not job.is_complete or job.url is None:
            raise PresignedURLError(
                f"The export is not ready to download (status: {job.status}); "
                "wait until its status is complete."
            )
        return await self._transfer.download(job.url, Path(dest), progress=progress)

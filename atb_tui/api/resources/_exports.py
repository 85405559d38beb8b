"""ZIP exports, shared by batches and collections (same contract on both)."""

from __future__ import annotations

from pathlib import Path

from atb_tui.api._requester import Requester
from atb_tui.api._transfer import PresignedTransfer, Progress
from atb_tui.api.errors import PresignedURLError
from atb_tui.api.models.common import ExportJob
from atb_tui.api.resources._base import Resource, parse_as, seg


class ExportingResource(Resource):
    """A resource whose objects can be exported as a ZIP archive."""

    _id_name = "id"

    def __init__(self, requester: Requester, transfer: PresignedTransfer) -> None:
        super().__init__(requester)
        self._transfer = transfer

    def _path(self, object_id: str, *rest: str) -> str:
        raise NotImplementedError

    async def request_export(self, object_id: str) -> ExportJob:
        """Start an export, or get the one already running or ready (the server dedupes)."""
        response = await self._requester.request("POST", self._path(object_id, "export"))
        return parse_as(response, ExportJob)

    async def export_status(self, object_id: str, export_id: str) -> ExportJob:
        """The state of an export; a complete one carries a fresh download URL."""
        path = self._path(object_id, "export", seg(export_id, "export_id"))
        return parse_as(await self._requester.request("GET", path), ExportJob)

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

"""Export jobs of a batch or collection: request, follow, download (no widgets here).

Downloads go to a folder the user chose: into a hidden temporary file first, then moved to
a name that does not exist yet (``export.zip``, ``export (1).zip``…) with an operation that
refuses to replace a file, so nothing is ever overwritten. Cancelled or failed downloads
leave no partial file. The presigned URL gets no ``Authorization`` header: the client's
storage connection has no credentials at all.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import secrets
import weakref
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Literal
from urllib.parse import urlsplit

from atb_tui.api import LocalFileError, ProlificClient, ProlificError
from atb_tui.api.models.common import ExportJob
from atb_tui.api.resources._exports import ExportingResource

Kind = Literal["batch", "collection"]
Sleep = Callable[[float], Awaitable[None]]
Progress = Callable[[int, int | None], None]
JobUpdate = Callable[[ExportJob], None]


class ExportFailedError(ProlificError):
    """The export job ended as ``failed`` (request a new one) or never finished."""

    default_title = "Export failed"


def resource_for(client: ProlificClient, kind: Kind) -> ExportingResource:
    """The client resource that owns export jobs of ``kind``."""
    return client.batches if kind == "batch" else client.collections


async def start_export(
    client: ProlificClient,
    kind: Kind,
    parent_id: str,
    *,
    study_id: str | None = None,
    from_: datetime | None = None,
    to: datetime | None = None,
) -> ExportJob:
    """Create a job (or get the one with the same filter still generating)."""
    resource = resource_for(client, kind)
    return await resource.request_export(parent_id, study_id=study_id, from_=from_, to=to)


async def follow_export(
    client: ProlificClient,
    kind: Kind,
    parent_id: str,
    job: ExportJob,
    *,
    sleep: Sleep = asyncio.sleep,
    interval: float = 2.0,
    max_polls: int = 150,
    on_update: JobUpdate | None = None,
) -> ExportJob:
    """Poll until the job is complete (returned) or failed (``ExportFailedError``)."""
    resource = resource_for(client, kind)
    for attempt in range(max_polls + 1):
        if job.is_complete:
            return job
        if job.is_failed:
            raise ExportFailedError("The export failed on Prolific's side; request a new one.")
        if job.export_id is None:
            raise ExportFailedError(f"The export answer had no job id (status: {job.status}).")
        if attempt == max_polls:
            break
        await sleep(interval)
        job = await resource.export_status(parent_id, job.export_id)
        if on_update:
            on_update(job)
    raise ExportFailedError("The export is still generating; look again later.")


def file_name_of(job: ExportJob, fallback: str = "export.zip") -> str:
    """The ZIP's name from its URL (last path segment), never empty or a path."""
    name = PurePosixPath(urlsplit(job.url or "").path).name
    return name if name not in {"", ".", ".."} else fallback


def free_name(folder: Path, name: str) -> Path:
    """``folder/name``, or ``name (1)``, ``name (2)``… — the first that does not exist."""
    candidate = folder / name
    stem, suffix = Path(name).stem, Path(name).suffix
    number = 0
    while candidate.exists():
        number += 1
        candidate = folder / f"{stem} ({number}){suffix}"
    return candidate


async def download_export(
    client: ProlificClient,
    kind: Kind,
    job: ExportJob,
    folder: Path,
    *,
    name: str | None = None,
    progress: Progress | None = None,
) -> Path:
    """Download a complete job into ``folder`` without overwriting anything; returns the file."""
    folder = Path(folder)
    if not folder.is_dir():
        raise LocalFileError(f"{folder} is not a folder.")
    temporary = folder / f".{file_name_of(job)}.{secrets.token_hex(4)}.download"
    try:
        await resource_for(client, kind).download_export(job, temporary, progress)
        return await asyncio.to_thread(_claim, temporary, folder, name or file_name_of(job))
    finally:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)


def _claim(temporary: Path, folder: Path, name: str) -> Path:
    """Give the finished download a free name; a hard link never replaces an existing file,
    so a file that appears meanwhile makes us pick the next name instead."""
    for _ in range(100):
        final = free_name(folder, name)
        try:
            os.link(temporary, final)
        except FileExistsError:
            continue
        except OSError:  # no hard links here (some network or FAT filesystems)
            if final.exists():
                continue
            os.rename(temporary, final)
            return final
        return final
    raise LocalFileError(f"Could not find a free name for {name} in {folder}.")


# ---- jobs this session follows (the monitor shows them) ----------------------------------------


@dataclass
class ExportWatch:
    """Export jobs the user started, or saw generating, in this session.

    The monitor asks only about these (one request per generating job per poll), so a
    workspace with no export under way costs the monitor nothing extra."""

    jobs: dict[str, tuple[Kind, str]] = field(default_factory=dict)  # export id → parent

    def see(self, kind: Kind, parent_id: str, jobs: list[ExportJob]) -> None:
        """Follow the generating ones among ``jobs`` (a listing or a new job)."""
        for job in jobs:
            if job.export_id is not None and job.is_generating:
                self.jobs[job.export_id] = (kind, parent_id)

    def finished(self, export_id: str) -> None:
        """Stop following a job that is complete, failed or gone."""
        self.jobs.pop(export_id, None)

    def of_parents(self, parent_ids: set[str]) -> list[tuple[str, Kind, str]]:
        """(export id, kind, parent id) of the followed jobs whose parent is in ``parent_ids``."""
        return [(e, kind, p) for e, (kind, p) in self.jobs.items() if p in parent_ids]


_WATCHES: weakref.WeakKeyDictionary[ProlificClient, ExportWatch] = weakref.WeakKeyDictionary()


def watch_of(client: ProlificClient) -> ExportWatch:
    """The watch of this session (one client per session, so it ends with the session)."""
    watch = _WATCHES.get(client)
    if watch is None:
        watch = _WATCHES[client] = ExportWatch()
    return watch


async def list_jobs(client: ProlificClient, kind: Kind, parent_id: str) -> list[ExportJob]:
    """Every job of the parent, newest first; the generating ones are followed."""
    jobs = await resource_for(client, kind).list_exports(parent_id)
    watch_of(client).see(kind, parent_id, jobs)
    oldest = datetime.min.replace(tzinfo=UTC)
    return sorted(jobs, key=lambda job: job.created_at or oldest, reverse=True)


async def request_and_watch(
    client: ProlificClient,
    kind: Kind,
    parent_id: str,
    *,
    study_id: str | None = None,
    from_: datetime | None = None,
    to: datetime | None = None,
) -> ExportJob:
    """``start_export``, and follow the job on the monitor while it generates."""
    job = await start_export(client, kind, parent_id, study_id=study_id, from_=from_, to=to)
    watch_of(client).see(kind, parent_id, [job])
    return job


def export_file(typed: str, downloads: Path) -> Path | None:
    """The file `:open` names: as typed (``~`` expanded), else inside the downloads folder."""
    path = Path(typed.strip()).expanduser()
    if not path.is_absolute() and not path.is_file():
        path = downloads / path
    return path if path.is_file() else None

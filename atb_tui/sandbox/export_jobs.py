"""Export jobs as documented now (reference addendum §11.1), for batches and collections.

``POST …/export`` always answers 202 with a job; optional filters ``study_id``, ``from`` and
``to`` (ISO datetimes, on response time) narrow what the ZIP holds. A job with the same
filter that is still generating is returned instead of a new one. A parent holds at most
:data:`MAX_JOBS` jobs: the next request is refused with **409** (flat envelope) — it is a
conflict with the parent's state that the client resolves by deleting a job, not a rate
limit (a 429 would invite an automatic retry that can never succeed) nor a malformed
request (400). ``DELETE`` removes a job, except while it is generating (409).
"""

from __future__ import annotations

from collections.abc import Mapping

from atb_tui.sandbox import exports
from atb_tui.sandbox.errors import ClassicError, FlatError, not_found
from atb_tui.sandbox.ids import iso, iso_or_none, parse_iso
from atb_tui.sandbox.model import JSON, ExportJob
from atb_tui.sandbox.world import World

MAX_JOBS = 10


def parse_filters(query: Mapping[str, str]) -> tuple[str | None, float | None, float | None]:
    """``study_id``, ``from`` and ``to`` from the query string; a bad date is a classic 400."""
    problems: dict[str, list[str]] = {}
    bounds: list[float | None] = []
    for key in ("from", "to"):
        raw = query.get(key)
        try:
            bounds.append(parse_iso(raw) if raw else None)
        except ValueError:
            problems[key] = [f"{raw!r} is not an ISO 8601 date-time."]
            bounds.append(None)
    start, end = bounds
    if start is not None and end is not None and start > end:
        problems["to"] = ["'to' must not be before 'from'."]
    if problems:
        raise ClassicError(400, problems)
    return (query.get("study_id") or None), start, end


def jobs_of(world: World, parent_id: str) -> list[ExportJob]:
    """The parent's export jobs, oldest first."""
    return [job for job in world.exports.values() if job.parent_id == parent_id]


def request_job(
    world: World,
    kind: str,
    parent_id: str,
    filters: tuple[str | None, float | None, float | None],
) -> ExportJob:
    """The running job with the same filter, or a new one (409 once the parent has 10)."""
    study_id, start, end = filters
    jobs = jobs_of(world, parent_id)
    for job in jobs:
        if job.status == "generating" and (job.study_id, job.from_at, job.to_at) == filters:
            return job
    if len(jobs) >= MAX_JOBS:
        raise FlatError(
            409,
            f"This {kind} already has {MAX_JOBS} export jobs; delete one before requesting "
            "another.",
            "Conflict",
        )
    job = ExportJob(world.new_uuid(), parent_id, kind, world.now)
    job.study_id, job.from_at, job.to_at = study_id, start, end
    world.exports[job.id] = job
    current = len(world.responses_of(parent_id))
    world.schedule(world.now + exports.export_delay(current), "export_done", job.id)
    return job


def find_job(world: World, parent_id: str, export_id: str) -> ExportJob:
    """One job of this parent, or a flat 404."""
    job = world.exports.get(export_id)
    if job is None or job.parent_id != parent_id:
        raise not_found("export", flat=True)
    return job


def delete_job(world: World, job: ExportJob) -> None:
    """Remove a finished (complete or failed) job; 409 while it is generating."""
    if job.status == "generating":
        raise FlatError(
            409,
            "This export is still generating; it can be deleted once it is complete or failed.",
            "Conflict",
        )
    del world.exports[job.id]


def filters_payload(job: ExportJob) -> JSON:
    """The job's filters as the list and status endpoints show them."""
    return {
        "study_id": job.study_id,
        "from": iso_or_none(job.from_at),
        "to": iso_or_none(job.to_at),
    }


def created_payload(job: ExportJob) -> JSON:
    """Fields every job payload carries besides its status."""
    return {
        "export_id": job.id,
        "created_at": iso(job.created_at),
        "filters": filters_payload(job),
    }

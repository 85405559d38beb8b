"""What the exports screen shows and what its new-export form accepts (no Textual here).

A job's filter is summarised in words ("all responses", "study Pilot · from 2026-11-01"), its
status, when it was created, how many responses it holds (the API gives no byte size; a file
downloaded in this session shows its size) and the file name its URL carries.

The form takes dates as ``YYYY-MM-DD`` (or a full ISO date-time); a bare date is read in UTC,
"from" as the start of that day and "to" as its end, so ``from 2026-11-01 to 2026-11-01`` is
that whole day.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, time
from pathlib import Path

from atb_tui.api.models.common import ExportJob
from atb_tui.logic.timefmt import short_time

COLUMNS = (
    ("filter", "Filter"),
    ("status", "Status"),
    ("created", "Created"),
    ("size", "Size"),
    ("file", "File"),
)
MAX_FILE_CHARS = 28


@dataclass(frozen=True)
class ExportRequest:
    """A validated new-export form: every filter optional."""

    study_id: str | None = None
    from_: datetime | None = None
    to: datetime | None = None


class FormError(ValueError):
    """A form value that cannot be used; the message says which and why."""


def parse_day(text: str, what: str, *, end_of_day: bool = False) -> datetime | None:
    """A typed date or date-time as an aware UTC datetime; "" means no bound."""
    typed = text.strip()
    if not typed:
        return None
    try:
        moment = datetime.fromisoformat(typed.replace("Z", "+00:00"))
    except ValueError:
        raise FormError(f"{what}: {typed!r} is not a date (use YYYY-MM-DD).") from None
    if len(typed) == 10 and end_of_day:  # a bare date: the whole of that day
        moment = datetime.combine(moment.date(), time.max)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def export_request(study_id: str | None, from_text: str, to_text: str) -> ExportRequest:
    """The form's values checked: dates readable and the window not backwards."""
    start = parse_day(from_text, "From")
    end = parse_day(to_text, "To", end_of_day=True)
    if start is not None and end is not None and start > end:
        raise FormError("To is before From: the window would hold nothing.")
    return ExportRequest(study_id or None, start, end)


def request_of(job: ExportJob) -> ExportRequest:
    """The filter a job was made with (to retry it with the same one)."""
    filters = job.filters
    if filters is None:
        return ExportRequest()
    return ExportRequest(filters.study_id, filters.from_, filters.to)


def filter_summary(job: ExportJob, study_names: Mapping[str, str]) -> str:
    """The job's filter in words."""
    filters = job.filters
    if filters is None or not (filters.study_id or filters.from_ or filters.to):
        return "all responses"
    parts = []
    if filters.study_id:
        parts.append(f"study {study_names.get(filters.study_id, filters.study_id[:8])}")
    if filters.from_:
        parts.append(f"from {_day(filters.from_)}")
    if filters.to:
        parts.append(f"to {_day(filters.to)}")
    return " · ".join(parts)


def _day(moment: datetime) -> str:
    """A date when the bound sits on a day's edge (as the form makes them), else the minute."""
    utc = moment.astimezone(UTC)
    if utc.time().replace(microsecond=0) in (time.min, time(23, 59, 59)):
        return utc.strftime("%Y-%m-%d")
    return short_time(utc)


def size_text(job: ExportJob, saved: Path | None) -> str:
    """The downloaded file's size when known, else how many responses the ZIP holds."""
    if saved is not None:
        try:
            return human_bytes(saved.stat().st_size)
        except OSError:
            pass
    if job.response_count is not None:
        return f"{job.response_count:,} responses"
    return ""


def human_bytes(size: int) -> str:
    """``912 B``, ``14.2 KB``, ``3.1 MB``."""
    value = float(size)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} GB"


def job_cells(
    job: ExportJob, study_names: Mapping[str, str], saved: Path | None, file_name: str
) -> tuple[str, str, str, str, str]:
    """One table row's cells (status is coloured by the screen)."""
    shown_file = saved.name if saved is not None else (file_name if job.is_complete else "")
    if len(shown_file) > MAX_FILE_CHARS:  # long generated names: the start and the end tell
        shown_file = f"{shown_file[:16]}…{shown_file[-10:]}"
    return (
        filter_summary(job, study_names),
        job.status,
        short_time(job.created_at),
        size_text(job, saved),
        shown_file,
    )


def generating(jobs: list[ExportJob]) -> list[ExportJob]:
    """The jobs still being built."""
    return [job for job in jobs if job.is_generating]

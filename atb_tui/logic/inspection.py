"""What a dataset file inspection returns: problems, warnings and a bounded preview.

Positions follow what a user sees in a spreadsheet or an editor: CSV rows are records numbered
from 1 with the header as row 1 (so the first datapoint is row 2), columns are numbered from 1,
and JSONL positions are physical line numbers from 1 (`column` is then the character position
of a JSON syntax error, and `row` is None because the line is in the message). A CSV record
that spans several physical lines (a quoted newline) keeps one row number; messages add the
line number when it differs.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

FileFormat = Literal["csv", "jsonl"]

HIDDEN_PREFIX = "META_"
GROUP_COLUMN = "META_TASK_GROUP_ID"
V4_GROUP_COLUMN = "task_group_id"

# Above this the upload still works but is slow; said as a warning, never a block.
LARGE_FILE_BYTES = 500_000_000
# Enough to locate the pattern of a broken file without letting a 500 MB file of ragged rows
# grow the problem list without bound.
MAX_REPORTED_PER_KIND = 20


@dataclass(frozen=True)
class Problem:
    """One finding about the file. `row`/`column` are 1-based (see the module docstring)."""

    code: str
    message: str
    row: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class FileInspection:
    """The result of scanning a dataset file before upload.

    `problems` block the upload; `warnings` let the user continue. When `complete` is false the
    scan stopped at `scanned_bytes` (see `max_bytes_scanned`) and counts cover that part only.
    `group_count` is estimated (within about 1%) when a file has more than 100,000 groups.
    """

    path: Path
    format: FileFormat
    size_bytes: int
    columns: tuple[str, ...] = ()
    hidden_columns: tuple[str, ...] = ()
    group_column: str | None = None
    group_count: int = 0
    group_count_exact: bool = True
    row_count: int = 0
    preview: tuple[tuple[str, ...], ...] = ()
    preview_records: tuple[Mapping[str, object], ...] = ()
    problems: tuple[Problem, ...] = ()
    warnings: tuple[Problem, ...] = ()
    scanned_bytes: int = 0
    complete: bool = True

    @property
    def can_upload(self) -> bool:
        """True when nothing blocks the upload (warnings may remain)."""
        return not self.problems

    @property
    def visible_columns(self) -> tuple[str, ...]:
        """Columns participants will see (everything but hidden `META_` columns)."""
        hidden = set(self.hidden_columns)
        return tuple(name for name in self.columns if name not in hidden)

    def first_datapoint(self) -> dict[str, str]:
        """The first previewed row's visible values ({} when nothing was previewed)."""
        shown = self.visible_columns
        if self.preview_records:
            record = self.preview_records[0]
            return {name: _as_text(record.get(name)) for name in shown if name in record}
        if self.preview:
            row = zip(self.columns, self.preview[0], strict=False)  # short rows are allowed
            return {name: value for name, value in row if name in shown}
        return {}

    @property
    def estimated_row_count(self) -> int:
        """Rows counted, extrapolated to the whole file when the scan stopped early."""
        if self.complete or self.scanned_bytes <= 0:
            return self.row_count
        return round(self.row_count * self.size_bytes / self.scanned_bytes)


def _as_text(value: object) -> str:
    """A previewed JSONL value as the text a participant would read."""
    return value if isinstance(value, str) else "" if value is None else str(value)


@dataclass
class Findings:
    """Mutable collector used while scanning; caps each kind so memory stays bounded."""

    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    overflow: dict[str, int] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)

    def problem(
        self, code: str, message: str, row: int | None = None, col: int | None = None
    ) -> None:
        """Record a blocking problem (capped per code)."""
        self._add(self.problems, Problem(code, message, row, col))

    def warning(
        self, code: str, message: str, row: int | None = None, col: int | None = None
    ) -> None:
        """Record a non-blocking warning (capped per code)."""
        self._add(self.warnings, Problem(code, message, row, col))

    def _add(self, target: list[Problem], item: Problem) -> None:
        seen = self.counts.get(item.code, 0)
        self.counts[item.code] = seen + 1
        if seen < MAX_REPORTED_PER_KIND:
            target.append(item)
        else:
            self.overflow[item.code] = self.overflow.get(item.code, 0) + 1

    def finish(self) -> tuple[tuple[Problem, ...], tuple[Problem, ...]]:
        """Problems and warnings, each followed by a summary of what the cap left out."""
        return self._with_overflow(self.problems), self._with_overflow(self.warnings)

    def _with_overflow(self, items: list[Problem]) -> tuple[Problem, ...]:
        result = list(items)
        codes = dict.fromkeys(item.code for item in items)
        for code in codes:
            hidden = self.overflow.get(code, 0)
            if hidden:
                noun = "place" if hidden == 1 else "places"
                message = f"… and {hidden:,} more {noun} like this"
                result.append(Problem(f"{code}_more", message))
        return tuple(result)


def format_size(size_bytes: int) -> str:
    """Human size in decimal units: '612 MB', '3.4 kB', '17 bytes'."""
    if size_bytes < 1000:
        return f"{size_bytes} bytes" if size_bytes != 1 else "1 byte"
    value = float(size_bytes)
    for unit in ("kB", "MB", "GB", "TB"):
        value /= 1000
        if value < 1000 or unit == "TB":
            return f"{value:.1f} {unit}" if value < 10 else f"{value:,.0f} {unit}"
    raise AssertionError("unreachable")  # pragma: no cover


def large_file_warning(size_bytes: int) -> Problem | None:
    """The 'very large file' warning, or None for ordinary sizes."""
    if size_bytes <= LARGE_FILE_BYTES:
        return None
    limit = format_size(LARGE_FILE_BYTES)
    message = f"file is {format_size(size_bytes)}; uploads over {limit} are slow"
    return Problem("large_file", message)


def is_hidden(column: str) -> bool:
    """Whether participants never see this column (Prolific's `META_` prefix)."""
    return column.startswith(HIDDEN_PREFIX)

"""Inspect a local dataset file before anything is uploaded.

`inspect_file` streams the file once in constant memory (it keeps only the first rows for the
preview and the set of task-group ids) and reports, with row and column, everything that would
make Prolific reject the file or surprise the researcher: bad encoding, ragged rows, empty or
duplicate column names, a missing header, an empty file, broken quoting. It never raises: an
unreadable file is reported as a problem too. Row and column numbering is described in
`atb_tui.logic.inspection`.

V3 datasets are CSV; V4 datasets are CSV or JSONL (`atb_tui.logic.jsonl_inspect`).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from atb_tui.logic.distinct import DistinctCounter
from atb_tui.logic.inspection import (
    GROUP_COLUMN,
    FileFormat,
    FileInspection,
    Findings,
    Problem,
    is_hidden,
)
from atb_tui.logic.jsonl_inspect import scan_jsonl
from atb_tui.logic.lines import LineSource
from atb_tui.logic.scan import ScanResult
from atb_tui.logic.schema_proposal import FieldProposal, propose_schema, schema_to_wire

__all__ = [
    "FieldProposal",
    "FileInspection",
    "Problem",
    "inspect_file",
    "propose_schema",
    "schema_to_wire",
]

_FORMATS: dict[str, FileFormat] = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl"}
_LOOKS_LIKE_DATA = re.compile(r"^\s*([-+]?\d[\d,]*(\.\d+)?|https?://\S+)\s*$")
_CSV_ERRORS = {
    "line contains NUL": "contains a NUL byte: is this a spreadsheet or binary file, not CSV?",
    "field larger than field limit": (
        'a value is longer than {limit:,} characters; this usually means a quote (") '
        "is never closed"
    ),
    "expected after": (
        'a quoted value is followed by more text; to put a quote inside a value write it twice ("")'
    ),
    "unexpected end of data": 'the file ends inside a quoted value: a quote (") is never closed',
    "new-line character seen in unquoted field": (
        "contains a bare carriage return (old Mac line endings?); save with ordinary line endings"
    ),
}


def inspect_file(
    path: Path,
    *,
    preview_rows: int = 20,
    max_bytes_scanned: int | None = None,
    group_column: str | None = None,
) -> FileInspection:
    """Scan `path` (CSV, or JSONL by its `.jsonl`/`.ndjson` suffix) and describe it.

    Never raises for anything about the file: unreadable, binary or malformed files come back
    with `problems`. `max_bytes_scanned` stops early (the result says `complete=False`).
    The column whose values define task groups is META_TASK_GROUP_ID (CSV, V3), or for JSONL
    (V4 only) also `task_group_id`; pass `group_column` when a V4 schema names another field.
    """
    candidates = (group_column,) if group_column else None
    file_format = _FORMATS.get(path.suffix.lower())
    try:
        size = path.stat().st_size
        if file_format is None:
            return _wrong_extension(path, size)
        with path.open("rb") as stream:
            scan = _scan(stream, file_format, preview_rows, max_bytes_scanned, candidates)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        problem = Problem("unreadable", f"can't read {path.name}: {reason}")
        return FileInspection(path, file_format or "csv", 0, problems=(problem,))
    return scan.result(path, file_format, size)


def _wrong_extension(path: Path, size: int) -> FileInspection:
    message = (
        f"'{path.name}' is not a .csv or .jsonl file; Prolific reads the format from the "
        "file name, so rename it (ZIP datasets can't be previewed here)"
    )
    return FileInspection(path, "csv", size, problems=(Problem("file_type", message),))


def _scan(
    stream: BinaryIO,
    file_format: FileFormat,
    preview_rows: int,
    max_bytes: int | None,
    group_columns: tuple[str, ...] | None,
) -> ScanResult:
    findings = Findings()
    source = LineSource(stream, findings, max_bytes)
    preview_limit = max(preview_rows, 0)
    if file_format == "jsonl":
        return scan_jsonl(source, findings, preview_limit, group_columns)
    return _CsvScan(source, findings, preview_limit, group_columns or (GROUP_COLUMN,)).run()


@dataclass
class _CsvScan:
    """One pass over a CSV file; each record is checked, counted and forgotten."""

    source: LineSource
    findings: Findings
    preview_limit: int
    group_columns: tuple[str, ...]
    header: list[str] | None = None
    leading_blank_rows: int = 0
    row_count: int = 0
    preview: list[tuple[str, ...]] = field(default_factory=list)
    group_index: int | None = None
    group_ids: DistinctCounter = field(default_factory=DistinctCounter)
    blank_rows: list[int] = field(default_factory=list)
    ungrouped_rows: list[int] = field(default_factory=list)
    blank_row_count: int = 0
    ungrouped_count: int = 0

    def run(self) -> ScanResult:
        """Read every record, then add the aggregated warnings."""
        for row, start_line, record in self._records():
            if self.header is None:
                self._take_header(row, record)
            else:
                self._check_data_row(row, start_line, record)
        self._aggregate_warnings()
        columns = tuple(self.header or ())
        group = columns[self.group_index] if self.group_index is not None else None
        return ScanResult(
            self.findings, self.source, columns, group, self.group_ids.count,
            self.group_ids.exact, self.row_count, tuple(self.preview),
        )  # fmt: skip

    def _records(self) -> Iterator[tuple[int, int, list[str]]]:
        reader = csv.reader(self.source.lines(), strict=True)
        row = 0
        while True:
            row += 1
            self.source.position = row
            start_line = reader.line_num + 1
            try:
                record = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                self.findings.problem("malformed", _row_label(row, start_line, exc), row)
                continue
            yield row, start_line, record

    def _take_header(self, row: int, record: list[str]) -> None:
        if not record:
            self.leading_blank_rows += 1
            return
        if self.leading_blank_rows:
            message = (
                f"no header: the file starts with {self.leading_blank_rows:,} blank row(s); "
                "the first row must hold the column names"
            )
            self.findings.problem("no_header", message, 1)
        self.header = record
        for problem in check_header(record, row):
            self.findings.problem(problem.code, problem.message, problem.row, problem.column)
        for warning in header_warnings(record, row):
            self.findings.warning(warning.code, warning.message, warning.row, warning.column)
        self.group_index = next(
            (record.index(name) for name in self.group_columns if name in record), None
        )

    def _check_data_row(self, row: int, start_line: int, record: list[str]) -> None:
        assert self.header is not None
        if not record or not any(value.strip() for value in record):
            self._note(self.blank_rows, row)
            self.blank_row_count += 1
            return
        self.row_count += 1
        if len(self.preview) < self.preview_limit:
            self.preview.append(tuple(record))
        if len(record) != len(self.header):
            self._ragged(row, start_line, record)
        elif self.group_index is not None:
            self._group(row, record[self.group_index])

    def _ragged(self, row: int, start_line: int, record: list[str]) -> None:
        assert self.header is not None
        where = _where(row, start_line)
        count = len(record)
        fields = "field" if count == 1 else "fields"
        message = f"{where} has {count} {fields}, the header has {len(self.header)}"
        column = min(count, len(self.header)) + 1
        self.findings.problem("ragged_row", message, row, column)

    def _group(self, row: int, value: str) -> None:
        if value.strip():
            self.group_ids.add(value)
        else:
            self._note(self.ungrouped_rows, row)
            self.ungrouped_count += 1

    @staticmethod
    def _note(rows: list[int], row: int) -> None:
        if len(rows) < 3:
            rows.append(row)

    def _aggregate_warnings(self) -> None:
        if self.blank_row_count:
            count = self.blank_row_count
            rows = _rows_phrase(count, self.blank_rows, "is", "are")
            pronoun = "it" if count == 1 else "them"
            message = f"{rows} empty; remove {pronoun} so no empty datapoint is created"
            self.findings.warning("blank_rows", message, self.blank_rows[0])
        if self.ungrouped_count and self.header is not None and self.group_index is not None:
            name = self.header[self.group_index]
            rows = _rows_phrase(self.ungrouped_count, self.ungrouped_rows, "has", "have")
            message = f"{rows} no {name} value"
            row, column = self.ungrouped_rows[0], self.group_index + 1
            self.findings.warning("missing_group_id", message, row, column)


def check_header(header: list[str], row: int = 1) -> list[Problem]:
    """Blocking header problems: empty names, duplicates, a first row that is really data."""
    problems: list[Problem] = []
    first_seen: dict[str, int] = {}
    for column, name in enumerate(header, start=1):
        key = name.strip()
        if not key:
            problems.append(Problem("empty_header", f"header cell {column} is empty", row, column))
        elif key in first_seen:
            message = f"duplicate column name '{key}' (columns {first_seen[key]} and {column})"
            problems.append(Problem("duplicate_header", message, row, column))
        else:
            first_seen[key] = column
    if header and all(_LOOKS_LIKE_DATA.match(name) for name in header):
        sample = ", ".join(f"'{name}'" for name in header[:3])
        message = (
            f"no header: the first row looks like data ({sample}); "
            "the first row must hold the column names"
        )
        problems.append(Problem("no_header", message, row, 1))
    return problems


def header_warnings(header: list[str], row: int = 1) -> list[Problem]:
    """Non-blocking header findings: stray spaces, a non-comma separator, nothing visible."""
    warnings: list[Problem] = []
    for column, name in enumerate(header, start=1):
        if name.strip() and name != name.strip():
            message = f"column {column} name '{name}' has spaces at the start or end"
            warnings.append(Problem("header_spaces", message, row, column))
    separator = _other_separator(header)
    if separator is not None:
        message = (
            f"only one column found; the file seems to use {separator} between values, "
            "but Prolific expects commas"
        )
        warnings.append(Problem("separator", message, row, 1))
    if header and all(is_hidden(name) for name in header):
        message = "every column starts with META_, so participants will see no data"
        warnings.append(Problem("all_hidden", message, row, None))
    return warnings


def _other_separator(header: list[str]) -> str | None:
    if len(header) != 1:
        return None
    for char, name in ((";", "semicolons"), ("\t", "tabs"), ("|", "'|'")):
        if char in header[0]:
            return name
    return None


def _where(row: int, start_line: int) -> str:
    if row == start_line:
        return f"row {row:,}"
    return f"row {row:,} (line {start_line:,})"


def _row_label(row: int, start_line: int, exc: csv.Error) -> str:
    text = str(exc)
    for needle, explanation in _CSV_ERRORS.items():
        if needle in text:
            return f"{_where(row, start_line)}: {explanation.format(limit=csv.field_size_limit())}"
    return f"{_where(row, start_line)} is not valid CSV: {text}"


def _rows_phrase(count: int, first_rows: list[int], singular: str, plural: str) -> str:
    """'row 17 is' / '3 rows (17, 20, 31) are' / '9 rows (2, 5, 8, …) are'."""
    if count == 1:
        return f"row {first_rows[0]:,} {singular}"
    listed = ", ".join(f"{row:,}" for row in first_rows)
    more = ", …" if count > len(first_rows) else ""
    return f"{count:,} rows ({listed}{more}) {plural}"

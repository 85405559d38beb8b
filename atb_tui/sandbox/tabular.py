"""Reading uploaded dataset files for real: V3 CSV/ZIP and V4 CSV/JSONL records.

V3 files either become datapoints or give the dataset a human reason for ``ERROR``:
bad encoding, empty file, missing header, ragged rows, no data rows, or unreadable CSV.
V4 files are read record by record and checked against the dataset's schema, so an
import job can report accepted and rejected counts with per-record errors.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import IO, Any

from atb_tui.sandbox.model import JSON, Datapoint, ParsedUpload

GROUP_COLUMN = "META_TASK_GROUP_ID"
HIDDEN_PREFIX = "META_"
SCHEMA_FIELD_TYPES = ("text", "image_url", "metadata", "task_group_id", "audio_url", "video_url")
SHOWN_FIELD_TYPES = ("text", "image_url", "audio_url", "video_url")
_NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?$")
_URL = re.compile(r"^https?://\S+$")
MakeId = Callable[[], str]


class UploadRejected(Exception):
    """The file cannot be used at all; the message says why in the user's terms."""


def is_hidden_column(name: str) -> bool:
    """``META_`` columns are kept and exported but never shown to participants."""
    return name.startswith(HIDDEN_PREFIX)


def parse_v3(stream: IO[bytes], filename: str, make_id: MakeId) -> ParsedUpload:
    """Parse a V3 upload (``.csv``, or a ``.zip`` holding one) into datapoints or an error."""
    try:
        if filename.lower().endswith(".zip"):
            stream = _csv_inside_zip(stream)
        columns, rows = _read_csv(stream)
    except UploadRejected as exc:
        return ParsedUpload(ok=False, reason=str(exc), columns=[], datapoints=[])
    datapoints = [_datapoint(columns, row, make_id) for row in rows]
    return ParsedUpload(ok=True, reason=None, columns=columns, datapoints=datapoints)


def _datapoint(columns: list[str], row: list[str], make_id: MakeId) -> Datapoint:
    values = dict(zip(columns, row, strict=True))
    return Datapoint(id=make_id(), values=values, group_key=values.get(GROUP_COLUMN))


def _csv_inside_zip(stream: IO[bytes]) -> IO[bytes]:
    try:
        archive = zipfile.ZipFile(stream)
    except zipfile.BadZipFile:
        raise UploadRejected("The file is not a valid ZIP archive.") from None
    with archive:
        members = [
            name
            for name in archive.namelist()
            if name.lower().endswith(".csv") and not name.startswith("__MACOSX/")
        ]
        if not members:
            raise UploadRejected("The ZIP archive contains no .csv file.")
        return io.BytesIO(archive.read(members[0]))


def _read_csv(stream: IO[bytes]) -> tuple[list[str], list[list[str]]]:
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", errors="strict", newline="")
    reader = csv.reader(text, strict=True)
    try:
        header = _header(reader)
        rows = list(_rows(reader, len(header)))
    except UnicodeDecodeError as exc:
        raise UploadRejected(
            f"The file is not valid UTF-8 text ({exc.reason} near line {reader.line_num + 1}). "
            "Save it as UTF-8 and upload it again."
        ) from None
    except csv.Error as exc:
        raise UploadRejected(
            f"The file could not be read as CSV (line {reader.line_num}): {exc}."
        ) from None
    finally:
        text.detach()
    if not rows:
        raise UploadRejected("The file has a header row but no data rows.")
    return header, rows


def _header(reader: Iterator[list[str]]) -> list[str]:
    header = next((row for row in reader if any(cell.strip() for cell in row)), None)
    if header is None:
        raise UploadRejected("The file is empty.")
    names = [cell.strip() for cell in header]
    if any(not name for name in names):
        raise UploadRejected(
            "The first row must be a header naming every column, but it has an empty column name."
        )
    duplicates = sorted({name for name in names if names.count(name) > 1})
    if duplicates:
        raise UploadRejected(f"The header row repeats column names: {', '.join(duplicates)}.")
    if all(_NUMBER.match(name) for name in names):
        raise UploadRejected(
            "The first row looks like data, not a header: add a header row naming each column."
        )
    return names


def _rows(reader: Any, width: int) -> Iterator[list[str]]:
    for row in reader:
        if not any(cell.strip() for cell in row):
            continue  # blank lines (often a trailing newline) are not datapoints
        if len(row) != width:
            raise UploadRejected(
                f"Line {reader.line_num} has {len(row)} values but the header has {width} columns."
            )
        yield row


# -- V4 records ----------------------------------------------------------------------------


@dataclass
class RecordResult:
    """One record of a V4 file: its index, the record if it parsed, or why it did not."""

    index: int
    record: JSON | None
    problem: str | None = None


def read_records(stream: IO[bytes], filename: str) -> list[RecordResult]:
    """Records from a V4 ``.jsonl`` or ``.csv`` file, zero-based indices, blank lines skipped."""
    if filename.lower().endswith(".csv"):
        columns, rows = _read_csv(stream)
        return [RecordResult(i, dict(zip(columns, row, strict=True))) for i, row in enumerate(rows)]
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", errors="strict")
    try:
        return jsonl_records(text)
    except UnicodeDecodeError:
        raise UploadRejected("The file is not valid UTF-8 text.") from None
    finally:
        text.detach()


def jsonl_records(lines: Iterable[str]) -> list[RecordResult]:
    """Parse JSON Lines; each non-blank line is a record (or a parse problem)."""
    results = []
    for index, line in enumerate(line for line in lines if line.strip()):
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            results.append(RecordResult(index, None, f"invalid JSON: {exc.msg}"))
            continue
        if not isinstance(value, dict):
            results.append(RecordResult(index, None, "each line must be a JSON object"))
        else:
            results.append(RecordResult(index, value))
    return results


def check_record(record: JSON, schema: JSON) -> list[tuple[str, str]]:
    """Problems with ``record`` against a V4 schema, as ``(field, reason)`` pairs."""
    fields: dict[str, JSON] = schema.get("fields", {})
    problems = []
    for key, spec in fields.items():
        if key not in record or record[key] is None or record[key] == "":
            if schema.get("strict"):
                problems.append((key, "required field is missing"))
            continue
        reason = _check_value(record[key], str(spec.get("type")))
        if reason:
            problems.append((key, reason))
    if schema.get("strict"):
        problems.extend((key, "field is not in the schema") for key in record if key not in fields)
    return problems


def _check_value(value: Any, field_type: str) -> str | None:
    if field_type in ("image_url", "audio_url", "video_url"):
        if not isinstance(value, str) or not _URL.match(value):
            return "must be an http(s) URL"
    elif field_type in ("text", "task_group_id"):
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            return "must be a string"
    elif isinstance(value, dict | list):
        return "must be a scalar value"
    return None


def schema_datapoint(record: JSON, schema: JSON, make_id: MakeId) -> Datapoint:
    """A datapoint keeping only schema fields, with its task group key if the schema has one."""
    fields: dict[str, JSON] = schema.get("fields", {})
    values = {key: record[key] for key in fields if key in record}
    group_field = next(
        (k for k, spec in fields.items() if spec.get("type") == "task_group_id"), None
    )
    group = values.get(group_field) if group_field else None
    return Datapoint(id=make_id(), values=values, group_key=None if group is None else str(group))

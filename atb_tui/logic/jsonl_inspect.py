"""Scan a JSONL dataset (V4): one JSON object per line, blank lines skipped.

Positions are physical line numbers from 1, as in an editor (and as the user will look for
them). Columns are the union of the records' keys in order of first appearance.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from atb_tui.logic.distinct import DistinctCounter
from atb_tui.logic.inspection import GROUP_COLUMN, V4_GROUP_COLUMN, Findings
from atb_tui.logic.lines import LineSource
from atb_tui.logic.scan import ScanResult

# Keeps memory bounded when every record invents new keys (usually a file of arbitrary JSON).
MAX_COLUMNS = 1000
_JSON_TYPE_NAMES = {list: "an array", str: "a string", bool: "a boolean", type(None): "null"}


class _DuplicateKeyError(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _reject_duplicate_keys(pairs: list[tuple[str, object]]) -> dict[str, object]:
    record: dict[str, object] = {}
    for key, value in pairs:
        if key in record:
            raise _DuplicateKeyError(key)
        record[key] = value
    return record


def scan_jsonl(
    source: LineSource,
    findings: Findings,
    preview_limit: int,
    group_columns: tuple[str, ...] | None = None,
) -> ScanResult:
    """Read every line of `source`, checking each record; keep only the first records."""
    scan = _JsonlScan(findings, preview_limit, group_columns or (GROUP_COLUMN, V4_GROUP_COLUMN))
    source.position_name = "line"
    for line_number, text in enumerate(source.lines(), start=1):
        source.position = line_number + 1
        if text.strip():
            scan.check_line(line_number, text)
    return scan.result(source)


@dataclass
class _JsonlScan:
    findings: Findings
    preview_limit: int
    group_columns: tuple[str, ...]
    key_counts: dict[str, int] = field(default_factory=dict)
    records: int = 0
    preview_records: list[dict[str, object]] = field(default_factory=list)
    group_ids: DistinctCounter = field(default_factory=DistinctCounter)
    ungrouped: int = 0
    first_ungrouped: int | None = None
    too_many_columns: bool = False

    def check_line(self, line: int, text: str) -> None:
        """Parse one non-blank line and fold it into the counts."""
        record = self._parse(line, text)
        if record is None:
            return
        self.records += 1
        if len(self.preview_records) < self.preview_limit:
            self.preview_records.append(record)
        self._check_keys(line, record)
        self._check_values(line, record)
        self._count_group(line, record)

    def _parse(self, line: int, text: str) -> dict[str, object] | None:
        try:
            value = json.loads(text, object_pairs_hook=_reject_duplicate_keys)
        except _DuplicateKeyError as exc:
            self.findings.problem("duplicate_key", f"line {line:,} has the field '{exc.key}' twice")
            return None
        except json.JSONDecodeError as exc:
            message = f"line {line:,} is not valid JSON: {exc.msg} (column {exc.colno})"
            self.findings.problem("bad_json", message, None, exc.colno)
            return None
        except (ValueError, RecursionError):
            message = f"line {line:,} is not usable JSON (a number is too long or nesting too deep)"
            self.findings.problem("bad_json", message)
            return None
        if not isinstance(value, dict):
            kind = _JSON_TYPE_NAMES.get(type(value), "a number")
            self.findings.problem("not_object", f"line {line:,} is {kind}, not a JSON object")
            return None
        return value

    def _check_keys(self, line: int, record: dict[str, object]) -> None:
        for key in record:
            if not key.strip():
                self.findings.problem("empty_header", f"line {line:,} has an empty field name")
            elif key in self.key_counts:
                self.key_counts[key] += 1
            elif len(self.key_counts) < MAX_COLUMNS:
                self.key_counts[key] = 1
            elif not self.too_many_columns:
                self.too_many_columns = True
                message = f"more than {MAX_COLUMNS:,} different field names (from line {line:,})"
                self.findings.problem("too_many_columns", message)

    def _check_values(self, line: int, record: dict[str, object]) -> None:
        for key, value in record.items():
            if isinstance(value, dict | list):
                kind = "an object" if isinstance(value, dict) else "an array"
                message = (
                    f"line {line:,}: field '{key}' holds {kind}; Task Builder shows text and "
                    "image URLs, so it will appear as raw JSON"
                )
                self.findings.warning("nested_value", message)

    def _count_group(self, line: int, record: dict[str, object]) -> None:
        key = self.group_key
        if key is None:
            return
        value = record.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            self.ungrouped += 1
            self.first_ungrouped = self.first_ungrouped or line
        else:
            self.group_ids.add(display_value(value))

    @property
    def group_key(self) -> str | None:
        """The first of the candidate group fields seen so far."""
        for key in self.group_columns:
            if key in self.key_counts:
                return key
        return None

    def result(self, source: LineSource) -> ScanResult:
        """Add the whole-file warnings and build the scan result."""
        columns = tuple(self.key_counts)
        self._missing_field_warnings()
        preview = tuple(
            tuple(display_value(record.get(name)) for name in columns)
            for record in self.preview_records
        )
        return ScanResult(
            self.findings, source, columns, self.group_key, self.group_ids.count,
            self.group_ids.exact, self.records, preview, tuple(self.preview_records),
        )  # fmt: skip

    def _missing_field_warnings(self) -> None:
        for key, count in self.key_counts.items():
            missing = self.records - count
            if missing and key != self.group_key:
                message = f"field '{key}' is missing in {missing:,} of {self.records:,} records"
                self.findings.warning("missing_field", message)
        if self.ungrouped:
            message = (
                f"{self.ungrouped:,} record(s) have no {self.group_key} value "
                f"(first at line {self.first_ungrouped:,})"
            )
            self.findings.warning("missing_group_id", message)


def display_value(value: object) -> str:
    """A JSON value as a preview cell: strings as they are, null empty, the rest as JSON."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)

"""The mutable result of one scan, frozen into a `FileInspection` with whole-file checks."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from atb_tui.logic.inspection import (
    FileFormat,
    FileInspection,
    Findings,
    is_hidden,
    large_file_warning,
)
from atb_tui.logic.lines import LineSource


@dataclass
class ScanResult:
    """What a scanner found, before it becomes a frozen `FileInspection`."""

    findings: Findings
    source: LineSource
    columns: tuple[str, ...] = ()
    group_column: str | None = None
    group_count: int = 0
    group_count_exact: bool = True
    row_count: int = 0
    preview: tuple[tuple[str, ...], ...] = ()
    preview_records: tuple[dict[str, object], ...] = ()

    def result(self, path: Path, file_format: FileFormat, size: int) -> FileInspection:
        """Freeze into the public result, adding the whole-file checks."""
        if size == 0 or (not self.columns and not self.findings.problems):
            self.findings.problem("empty_file", "empty file: there is nothing to upload")
        elif self.row_count == 0 and not self.source.fatal and self.source.lines_read:
            self.findings.problem("no_rows", _no_rows_message(file_format))
        large = large_file_warning(size)
        if large is not None:
            self.findings.warnings.insert(0, large)
        problems, warnings = self.findings.finish()
        hidden = tuple(name for name in self.columns if is_hidden(name))
        complete = not self.source.stopped_early
        return FileInspection(
            path=path, format=file_format, size_bytes=size, columns=self.columns,
            hidden_columns=hidden, group_column=self.group_column, group_count=self.group_count,
            group_count_exact=self.group_count_exact,
            row_count=self.row_count, preview=self.preview, preview_records=self.preview_records,
            problems=problems, warnings=warnings, scanned_bytes=self.source.bytes_read,
            complete=complete,
        )  # fmt: skip


def _no_rows_message(file_format: FileFormat) -> str:
    if file_format == "jsonl":
        return "no records: the file has no JSON objects"
    return "no data rows: the file has column names but no datapoints"

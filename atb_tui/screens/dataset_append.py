"""Append datapoints to a V4 dataset from a local JSON Lines file.

The API takes at most 1,000 records per request, so the file is read lazily and sent in
chunks; record numbers in the result are file-wide (the API numbers each request from 1).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label, Static

from atb_tui.api.models import AppendResult
from atb_tui.api.resources.datasets import MAX_APPEND_RECORDS
from atb_tui.paths import styles_dir
from atb_tui.screens.batch_dialogs import Dialog, dialog_buttons
from atb_tui.widgets.chrome import cancel_hint
from atb_tui.widgets.data_view import Row
from atb_tui.widgets.file_suggester import PathSuggester
from atb_tui.widgets.status import status_text

JSONL_SUFFIXES = (".jsonl", ".ndjson")


def jsonl_chunks(path: Path, size: int = MAX_APPEND_RECORDS) -> Iterator[tuple[int, str]]:
    """(records before this chunk, chunk text) for the non-blank lines of `path`."""
    lines: list[str] = []
    sent = 0
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                lines.append(line)
            if len(lines) == size:
                yield sent, "".join(lines)
                sent, lines = sent + len(lines), []
    if lines:
        yield sent, "".join(lines)


@dataclass
class AppendOutcome:
    """What appending a whole file did, with file-wide record numbers."""

    filename: str
    accepted: int = 0
    rejected: int = 0
    errors: list[tuple[int | None, str, str]] = field(default_factory=list)

    def add(self, offset: int, result: AppendResult) -> None:
        self.accepted += result.accepted
        self.rejected += result.rejected
        for error in result.errors:
            record = None if error.record_index is None else offset + error.record_index
            self.errors.append((record, error.field or "", error.reason or ""))

    def rows(self) -> list[Row]:
        """Rows for the dataset's report table: a summary, then one per rejected record."""
        summary = ("append", self.filename, status_text("COMPLETE"), str(self.accepted),
                   str(self.rejected), "", "", "")  # fmt: skip
        rows = [Row("append", summary)]
        for n, (record, field_name, reason) in enumerate(self.errors):
            where = "" if record is None else f"{record:,}"
            rows.append(Row(f"append:{n}", ("", "", "", "", "", where, field_name, reason)))
        return rows


def append_problem(path: Path) -> str | None:
    """Why this file cannot be appended, or None."""
    if path.suffix.lower() not in JSONL_SUFFIXES:
        return "Appending takes a JSON Lines file (.jsonl): one record per line."
    if not path.is_file():
        return f"There is no file at {path}."
    return None


class AppendDialog(Dialog[Path | None]):
    """Which JSONL file to append."""

    CSS_PATH = str(styles_dir() / "dialogs.tcss")

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(
                f"[b]Append datapoints (V4)[/b]  [dim]Enter appends · {cancel_hint(self.app)}[/dim]"
            )
            yield Label("JSON Lines file (→ completes)")
            yield Input(id="path", suggester=PathSuggester(JSONL_SUFFIXES))
            yield Static("", id="problem", classes="problem")
            yield dialog_buttons("Append")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def action_submit(self) -> None:
        path = Path(self.query_one(Input).value.strip()).expanduser()
        problem = append_problem(path)
        if problem is not None:
            self.query_one("#problem", Static).update(problem)
            return
        self.dismiss(path)

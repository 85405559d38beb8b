"""What the API log panel shows: one row per request attempt, and one request in full.

Textual-free. Rows are formatted when the table asks for them (only the rows on screen), and
the filter is a plain case-insensitive substring over the row's text.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import UTC
from typing import Any

from atb_tui.api.request_log import Body, RequestRecord
from atb_tui.views.table_model import Column

COLUMNS = (
    Column("time", "Time (UTC)", width=12, priority=5),
    Column("method", "Method", width=6, priority=9),
    Column("url", "Path", priority=10),
    Column("status", "Status", width=7, priority=9),
    Column("ms", "ms", width=6, align="right", priority=4),
    Column("sent", "Sent", width=7, align="right", priority=2),
    Column("received", "Received", width=8, align="right", priority=3),
    Column("try", "Try", width=3, align="right", priority=6),
    Column("cause", "Cause", priority=8),
)
ERROR_STYLE = "bold red"
RETRY_STYLE = "yellow"
API_PREFIX = "/api/v1/"  # every API path has it: the table drops it (the detail shows it)
MAX_PRETTY_LINES = 5000  # a detail pane of pages of JSON helps nobody; the file has it all


def size_text(count: int) -> str:
    """Bytes, short: 812 B, 4.2 KB, 1.3 MB."""
    if count < 1000:
        return f"{count} B"
    if count < 1_000_000:
        return f"{count / 1000:.1f} KB"
    return f"{count / 1_000_000:.1f} MB"


def cells(record: RequestRecord) -> tuple[str, ...]:
    """The row of one record, in ``COLUMNS`` order."""
    return (
        record.at.astimezone(UTC).strftime("%H:%M:%S.%f")[:12],
        record.method,
        short_url(record.shown_url),
        record.outcome,
        f"{record.duration_ms:.0f}",
        size_text(record.bytes_sent) if record.bytes_sent else "",
        size_text(record.bytes_received) if record.bytes_received else "",
        str(record.attempt) if record.attempt > 1 else "",
        record.cause,
    )


SORT_KEYS: dict[str, Callable[[RequestRecord], Any]] = {
    "time": lambda r: r.seq,
    "status": lambda r: (r.status or 0, r.error or ""),
    "ms": lambda r: r.duration_ms,
    "sent": lambda r: r.bytes_sent,
    "received": lambda r: r.bytes_received,
    "try": lambda r: r.attempt,
}


def short_url(url: str) -> str:
    """An API path without the ``/api/v1/`` every one of them starts with."""
    return url[len(API_PREFIX) - 1 :] if url.startswith(API_PREFIX) else url


class ApiLogModel:
    """The records that match ``query`` (all of them when it is empty), in the order sent,
    or sorted by column ``sort[0]`` (descending when ``sort[1]``)."""

    def __init__(
        self,
        records: Sequence[RequestRecord],
        query: str = "",
        sort: tuple[int, bool] | None = None,
    ) -> None:
        needle = query.strip().casefold()
        self._rows = [r for r in records if not needle or needle in _haystack(r)]
        if sort is not None:
            column, descending = sort
            key = SORT_KEYS.get(COLUMNS[column].key) or _text_key(column)
            self._rows.sort(key=key, reverse=descending)

    @property
    def columns(self) -> Sequence[Column]:
        return COLUMNS

    def __len__(self) -> int:
        return len(self._rows)

    def cell(self, row: int, column: int) -> str:
        return cells(self._rows[row])[column]

    def row_key(self, row: int) -> str:
        return str(self._rows[row].seq)

    def index_of(self, key: str) -> int | None:
        return next((i for i, r in enumerate(self._rows) if str(r.seq) == key), None)

    def record(self, row: int) -> RequestRecord:
        return self._rows[row]

    def cell_style(self, row: int, column: int) -> str | None:
        record = self._rows[row]
        if COLUMNS[column].key == "status" and (record.status is None or record.status >= 400):
            return ERROR_STYLE
        if COLUMNS[column].key == "try" and record.attempt > 1:
            return RETRY_STYLE
        return None


def _text_key(column: int) -> Callable[[RequestRecord], Any]:
    def key(record: RequestRecord) -> str:
        return cells(record)[column].casefold()

    return key


def _haystack(record: RequestRecord) -> str:
    return " ".join(cells(record)).casefold()


def detail_text(record: RequestRecord) -> str:
    """One request in full: its facts, then both bodies (pretty JSON when they parse)."""
    facts = [
        f"{record.method} {record.shown_url}",
        f"host {record.host}  ·  {record.outcome}  ·  {record.duration_ms:.0f} ms  ·  "
        f"attempt {record.attempt}  ·  cause: {record.cause}",
        f"at {record.at.isoformat(timespec='milliseconds')}  ·  "
        f"sent {size_text(record.bytes_sent)}  ·  received {size_text(record.bytes_received)}",
        "",
        "── Request body " + "─" * 40,
        _body_text(record.request_body, record.request_text()),
        "",
        "── Response body " + "─" * 39,
        _body_text(record.response_body, record.response_text()),
    ]
    return "\n".join(facts)


def pretty(text: str) -> str:
    """JSON indented for reading; anything else as it is."""
    try:
        parsed = json.loads(text)
    except ValueError:
        return text
    return json.dumps(parsed, indent=2, ensure_ascii=False)


def _body_text(body: Body, text: str) -> str:
    if not text:
        return "(none)"
    if body.note:
        return text
    shown = pretty(text) if not body.truncated else text
    lines = shown.splitlines()
    if len(lines) > MAX_PRETTY_LINES:
        shown = "\n".join(lines[:MAX_PRETTY_LINES])
        shown += f"\n… {len(lines) - MAX_PRETTY_LINES:,} more lines not shown"
    if body.truncated:
        shown += f"\n… truncated: the first {size_text(len(body.head))} of {size_text(body.size)}"
    return shown

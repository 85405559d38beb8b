"""The API log's rows, filter, sort and detail text (views/api_log.py), and its JSON lines."""

from __future__ import annotations

import json
import stat
from datetime import UTC, datetime
from pathlib import Path

import pytest

from atb_tui.api.cause import caused_by, current_cause
from atb_tui.api.http_log import HttpLogError, JsonLinesLog
from atb_tui.api.request_log import (
    BODY_LIMIT,
    Body,
    RequestLog,
    RequestRecord,
    redact_presigned,
)
from atb_tui.views.api_log import COLUMNS, ApiLogModel, detail_text

AT = datetime(2026, 11, 23, 9, 0, 1, 250_000, tzinfo=UTC)
SIGNED = "https://s3.example/bucket/a.csv?X-Amz-Signature=abc123&X-Amz-Credential=me"


def record(seq: int, path: str = "/api/v1/users/me", **fields: object) -> RequestRecord:
    values: dict[str, object] = {
        "seq": seq,
        "at": AT,
        "method": "GET",
        "url": path,
        "path": path,
        "host": "api.prolific.com",
        "status": 200,
        "error": None,
        "duration_ms": 12.4,
        "bytes_sent": 0,
        "bytes_received": 1500,
        "attempt": 1,
        "cause": "background",
    }
    values.update(fields)
    return RequestRecord(**values)  # type: ignore[arg-type]


def column(key: str) -> int:
    return next(i for i, c in enumerate(COLUMNS) if c.key == key)


def test_rows_show_time_outcome_size_and_retry() -> None:
    model = ApiLogModel([record(1), record(2, status=None, error="timeout", attempt=2)])
    assert model.cell(0, column("time")) == "09:00:01.250"
    assert model.cell(0, column("received")) == "1.5 KB"
    assert model.cell(0, column("try")) == ""
    assert model.cell(1, column("status")) == "timeout"
    assert model.cell(1, column("try")) == "2"
    assert model.cell_style(1, column("status")) == "bold red"


def test_filter_matches_any_column_and_sort_orders_numbers() -> None:
    records = [
        record(1, duration_ms=30.0, cause="open batch"),
        record(2, "/api/v1/studies/", duration_ms=5.0, cause="poll monitor"),
        record(3, "/api/v1/studies/", status=503, duration_ms=200.0),
    ]
    assert [m.seq for m in map(ApiLogModel(records, "STUDIES").record, range(2))] == [2, 3]
    assert len(ApiLogModel(records, "poll")) == 1
    assert len(ApiLogModel(records, "503")) == 1
    slowest_first = ApiLogModel(records, sort=(column("ms"), True))
    assert [slowest_first.record(i).seq for i in range(3)] == [3, 1, 2]


def test_detail_pretty_prints_json_and_says_when_a_body_was_cut() -> None:
    small = record(1, response_body=Body.of(b'{"name":"Toxicity","count":2}'))
    text = detail_text(small)
    assert '  "name": "Toxicity",' in text
    assert "Request body" in text
    huge = record(2, response_body=Body.of(b'{"results":[' + b'"x",' * 40_000 + b'"y"]}'))
    assert huge.response_body.truncated
    assert len(huge.response_body.head) == BODY_LIMIT
    assert "… truncated: the first 65.5 KB of 160.0 KB" in detail_text(huge)


def test_bodies_and_urls_are_redacted_when_read() -> None:
    log = RequestLog()
    log.add_redaction(lambda text: text.replace("secret-token-value", "[REDACTED]"))
    body = Body.of(json.dumps({"upload_url": SIGNED, "echo": "secret-token-value"}).encode())
    kept = record(1, response_body=body, redact=log.redact_text)
    text = json.dumps(kept.to_json())
    assert "abc123" not in text
    assert "secret-token-value" not in text
    assert "https://s3.example/bucket/a.csv?[REDACTED]" in text
    unsigned = "https://api.prolific.com/api/v1/studies/?cursor=2"
    assert redact_presigned(unsigned) == unsigned  # pagination links stay readable


def test_cause_is_scoped_to_the_block() -> None:
    assert current_cause() == "background"
    with caused_by("publish study"):
        assert current_cause() == "publish study"
    assert current_cause() == "background"


def test_http_log_is_private_json_lines(tmp_path: Path) -> None:
    target = tmp_path / "http.jsonl"
    target.write_text("")
    target.chmod(0o644)
    sink = JsonLinesLog(target)
    sink.write(record(1))
    sink.write(record(2, status=None, error="dropped"))
    sink.close()
    sink.write(record(3))  # after close: ignored, never an error
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    lines = [json.loads(line) for line in target.read_text().splitlines()]
    assert [line["seq"] for line in lines] == [1, 2]
    assert lines[1]["error"] == "dropped"
    assert lines[0]["time"] == "2026-11-23T09:00:01.250+00:00"


def test_http_log_in_a_missing_directory_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(HttpLogError, match="cannot write the HTTP log"):
        JsonLinesLog(tmp_path / "missing" / "http.jsonl")


def test_the_table_drops_the_api_prefix_and_keeps_storage_urls() -> None:
    model = ApiLogModel([record(1), record(2, url="https://s3.example/b/a.csv?[REDACTED]")])
    assert model.cell(0, column("url")) == "/users/me"
    assert model.cell(1, column("url")) == "https://s3.example/b/a.csv?[REDACTED]"


def test_old_bodies_are_forgotten_past_the_budget() -> None:
    log = RequestLog(capacity=10, body_budget=2 * BODY_LIMIT)
    for seq in range(1, 5):
        log.add(record(seq, response_body=Body.of(b"x" * (BODY_LIMIT + 10))))
    kept = log.records()
    assert len(kept) == 4
    assert log.body_bytes == 2 * BODY_LIMIT
    assert [r.response_body.head != b"" for r in kept] == [False, False, True, True]
    assert "not kept" in kept[0].response_text()
    assert kept[0].response_body.size == BODY_LIMIT + 10  # the facts stay

"""`--http-log FILE`: a file that cannot be written is one line and exit 2, before Textual."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from atb_tui.cli import build_parser, main
from atb_tui.storage.logging_setup import shutdown_logging


def test_http_log_is_a_documented_flag() -> None:
    assert build_parser().parse_args(["--http-log", "x.jsonl"]).http_log == "x.jsonl"
    assert "--http-log" in build_parser().format_help()


def test_http_log_in_a_missing_directory_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    try:
        code = main(["--demo", "--http-log", str(tmp_path / "missing" / "http.jsonl")])
    finally:
        shutdown_logging()
    err = capsys.readouterr().err
    assert code == 2
    assert "cannot write the HTTP log" in err
    assert len(err.strip().splitlines()) == 1


def test_http_log_with_a_command_says_it_applies_to_the_app(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "http.jsonl"
    assert main(["--http-log", str(target), "config"]) == 2
    assert "--http-log applies to the app and to status" in capsys.readouterr().err
    assert not target.exists()


def test_http_log_records_a_headless_command(tmp_path: Path) -> None:
    target = tmp_path / "http.jsonl"
    command = ["status", "--demo", "--workspace", "Sentiment Lab", "--json"]
    assert main(["--http-log", str(target), *command]) == 0
    records = [json.loads(line) for line in target.read_text().splitlines()]
    assert records, "status made requests, so the log has lines"
    assert all(r["method"] == "GET" for r in records)
    assert any("/workspaces" in r["url"] for r in records)

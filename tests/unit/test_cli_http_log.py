"""`--http-log FILE`: a file that cannot be written is one line and exit 2, before Textual."""

from __future__ import annotations

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
    assert "--http-log applies to the app" in capsys.readouterr().err
    assert not target.exists()

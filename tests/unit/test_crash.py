"""Issue 17: an unexpected exception never shows locals or secrets.

Textual's own crash output is a rich traceback with locals (the token, the whole environment).
These tests force crashes with a distinctive token in a local variable and in the environment,
and check the terminal and the crash file.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from atb_tui import cli
from atb_tui.app import AppOptions, AtbApp, run_app
from atb_tui.crash import redact_report, write_crash_report
from atb_tui.session import Session
from atb_tui.startup import plan_start
from atb_tui.storage.logging_setup import shutdown_logging
from atb_tui.storage.profiles import Profile, ProfileStore

ENV_TOKEN = "tok_CRASH_ENV_5e4d3c2b1a"
LOCAL_SECRET = "tok_CRASH_LOCAL_0a9b8c7d6e"


@pytest.fixture(autouse=True)
def _no_file_log_left() -> Iterator[None]:
    yield
    shutdown_logging()


def crash_files(root: Path) -> list[Path]:
    return sorted((root / "crashes").glob("atb-tui-crash-*.txt"))


def assert_no_secret(text: str) -> None:
    assert ENV_TOKEN not in text
    assert LOCAL_SECRET not in text


def test_a_crash_inside_the_app_leaves_one_line_and_a_redacted_report(
    isolated_config: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("PROLIFIC_TOKEN", ENV_TOKEN)
    env = {"PROLIFIC_TOKEN": ENV_TOKEN}

    def connect(profile: Profile, token: str) -> Session:
        secret_in_scope = LOCAL_SECRET  # a local: rich's traceback would print it
        raise RuntimeError(f"cannot connect with {token} ({len(secret_in_scope)})")

    plan = plan_start(demo=False, api_url=None, profile_name=None, env=env, profiles=ProfileStore())
    original_run = AtbApp.run

    def headless_run(app: AtbApp) -> None:
        original_run(app, headless=True, size=(80, 24))

    monkeypatch.setattr(AtbApp, "run", headless_run)
    code = run_app(AppOptions(env=env, connect=connect, start=plan))
    out, err = capsys.readouterr()
    assert code == 1
    assert_no_secret(out + err)
    assert "Traceback" not in out + err
    assert "locals" not in err
    [report] = crash_files(isolated_config)
    assert str(report) in err
    assert "RuntimeError: cannot connect with [REDACTED]" in err
    text = report.read_text()
    assert_no_secret(text)
    assert "Traceback" in text
    assert "in connect" in text
    assert oct(report.stat().st_mode & 0o777) == "0o600"


def test_a_crash_outside_the_app_is_caught_by_the_cli_boundary(
    isolated_config: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("PROLIFIC_TOKEN", ENV_TOKEN)

    def broken_config() -> int:
        environment = {"PROLIFIC_TOKEN": ENV_TOKEN, "other": LOCAL_SECRET}
        raise KeyError(f"PROLIFIC_TOKEN={environment['PROLIFIC_TOKEN']}")

    monkeypatch.setattr(cli, "_print_config", broken_config)
    assert cli.main(["config"]) == 1
    out, err = capsys.readouterr()
    assert len(err.strip().splitlines()) == 1
    assert_no_secret(out + err)
    [report] = crash_files(isolated_config)
    assert_no_secret(report.read_text())
    assert "broken_config" in report.read_text()


def test_presigned_query_strings_are_removed_from_reports() -> None:
    url = "https://bucket.s3.amazonaws.com/up/file.csv?X-Amz-Credential=AKIA&X-Amz-Signature=abc"
    text = redact_report(f"PUT {url} failed")
    assert "AKIA" not in text
    assert "abc" not in text
    assert "https://bucket.s3.amazonaws.com/up/file.csv?[REDACTED]" in text


def test_a_report_is_written_elsewhere_when_the_config_dir_cannot_hold_it(
    isolated_config: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "temp"))
    (tmp_path / "temp").mkdir()
    isolated_config.mkdir(parents=True)
    (isolated_config / "crashes").write_text("a file where the folder should be")
    report = write_crash_report(ValueError("boom"))
    assert report.path is not None
    assert report.path.parent == tmp_path / "temp"
    assert "ValueError: boom" in report.terminal_line()

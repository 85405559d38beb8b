"""The headless commands as a script runs them: real processes against `atb-tui sandbox serve`.

One served sandbox (a real process on a free loopback port) for the module; each command is a
fresh `python -m atb_tui` with PROLIFIC_URL and PROLIFIC_TOKEN, as in a shell script.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from atb_tui.api import ProlificClient
from tests.helpers.sandbox import make_sandbox

REPO = Path(__file__).resolve().parents[2]
TOKEN = "tok_HEADLESS_SERVE_5e4d3c2b1a"
WORKSPACE = "Sentiment Lab"
STARTUP_LINES = 20


@pytest.fixture(scope="module")
def served() -> Iterator[str]:
    """The base URL of a sandbox served by `atb-tui sandbox serve --port 0`."""
    process = subprocess.Popen(
        [sys.executable, "-m", "atb_tui", "sandbox", "serve", "--port", "0", "--token", TOKEN],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        stdin=subprocess.DEVNULL,
        text=True,
        start_new_session=True,
    )
    assert process.stdout is not None
    try:
        url = ""
        for _ in range(STARTUP_LINES):  # readline waits for the banner: no timed wait
            line = process.stdout.readline()
            if line.startswith("Prolific sandbox listening on "):
                url = line.split()[-1]
                break
        assert url.startswith("http://127.0.0.1:"), "the sandbox did not start"
        yield url
    finally:
        process.send_signal(signal.SIGINT)  # serve stops cleanly on Ctrl-C
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def atb(url: str, *argv: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PROLIFIC_URL": url, "PROLIFIC_TOKEN": TOKEN}
    result = subprocess.run(
        [sys.executable, "-m", "atb_tui", *argv],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )
    assert TOKEN not in result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    return result


def batches_via_api(url: str) -> dict[str, str]:
    async def fetch() -> dict[str, str]:
        async with ProlificClient(TOKEN, base_url=url) as client:
            workspace = next(w for w in await client.workspaces.list() if w.title == WORKSPACE)
            return {b.id: b.status for b in await client.batches.list(workspace.id)}

    return asyncio.run(fetch())


def study_named(name: str) -> str:
    """Study ids are fixed by the seed, so a local sandbox names the served one's."""
    studies = make_sandbox().world.studies
    return next(key for key, study in studies.items() if study.settings.get("name") == name)


def test_status_json_matches_the_api(served: str) -> None:
    result = atb(served, "status", "--workspace", WORKSPACE, "--json")
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    now = batches_via_api(served)
    # A batch may finish processing between the two reads: compare ids, and statuses of the
    # batches that were not moving.
    assert {b["id"] for b in found["batches"]} == set(now)
    settled = {b["id"]: b["status"] for b in found["batches"] if b["status"] != "PROCESSING"}
    assert all(now[batch] == status for batch, status in settled.items())
    assert [s["name"] for s in found["studies"]] == ["Movie review sentiment"]


def test_watch_exit_codes(served: str) -> None:
    ready = atb(served, "watch", "Toxicity screen", "--workspace", WORKSPACE, "--timeout", "60")
    assert ready.returncode == 0, ready.stderr
    assert ready.stdout.splitlines()[-1].startswith("Reached READY: batch Toxicity screen")
    failed = atb(served, "watch", "Old tweets", "--workspace", WORKSPACE, "--json")
    assert failed.returncode == 1
    assert json.loads(failed.stdout.splitlines()[-1])["outcome"] == "failed"
    draft = study_named("Street scene captions - round 2")
    timeout = atb(served, "watch", draft, "--timeout", "0.5", "--json")
    assert timeout.returncode == 3
    assert json.loads(timeout.stdout.splitlines()[-1])["outcome"] == "timeout"
    unknown = atb(served, "watch", "0123456789abcdef01234567")
    assert unknown.returncode == 2
    assert unknown.stderr.strip() == "atb-tui: no study with id 0123456789abcdef01234567"


def test_responses_on_stdout_equal_the_file(served: str, tmp_path: Path) -> None:
    argv = ("responses", "Sentiment - pilot", "--workspace", WORKSPACE, "--filter", "answer:neg")
    printed = subprocess.run(  # bytes, exactly as a shell redirect would store them
        [sys.executable, "-m", "atb_tui", *argv],
        cwd=REPO,
        env={**os.environ, "PROLIFIC_URL": served, "PROLIFIC_TOKEN": TOKEN},
        capture_output=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )
    assert printed.returncode == 0, printed.stderr
    assert printed.stderr == b""  # not a terminal: no progress
    target = tmp_path / "negative.csv"
    written = atb(served, *argv, "-o", str(target), "--json")
    assert written.returncode == 0, written.stderr
    assert target.read_bytes() == printed.stdout
    summary = json.loads(written.stdout)
    assert summary["rows"] == printed.stdout.count(b"\n") - 1 > 0
    again = atb(served, *argv, "-o", str(target))
    assert again.returncode == 2
    assert "already exists" in again.stderr

"""Issue 17, through a real process: a representative few of test_cli_errors' cases.

Each costs about half a second of imports, so the full table runs in process; these check
that what reaches a user's terminal (the real stderr, the real exit code) is the same.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
TOKEN = "tok_SUBPROCESS_7c6b5a4f3e"

CASES = [
    # (id, argv, extra env, exit code, fragment of the one line)
    (
        "env-http-with-token",
        [],
        {"PROLIFIC_TOKEN": TOKEN, "PROLIFIC_URL": "http://example.com"},
        2,
        "PROLIFIC_URL: plain http://",
    ),
    (
        "flag-not-url",
        ["--api-url", "notaurl"],
        {},
        2,
        "--api-url: the API URL must start with https://",
    ),
    (
        "profile-nosuch",
        ["--profile", "nosuch"],
        {"PROLIFIC_TOKEN": TOKEN},
        2,
        "no profile named 'nosuch'",
    ),
    ("port-out-of-range", ["sandbox", "serve", "--port", "99999"], {}, 2, "0 to 65535"),
]


@pytest.mark.parametrize(
    ("argv", "extra", "code", "says"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_the_real_entry_point_prints_one_line(
    argv: list[str], extra: dict[str, str], code: int, says: str, isolated_config: Path
) -> None:
    env = {**os.environ, **extra}
    result = subprocess.run(
        [sys.executable, "-m", "atb_tui", *argv],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == code, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert says in lines[0]
    assert "Traceback" not in result.stderr + result.stdout
    assert TOKEN not in result.stderr + result.stdout
    written = [Path(d) / f for d, _, files in os.walk(isolated_config) for f in files]
    assert all(TOKEN.encode() not in path.read_bytes() for path in written)

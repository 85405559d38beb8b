"""`atb-tui sandbox serve` as a subprocess (start, read its banner, stop) and as a call."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from atb_tui.sandbox.serve import serve

REPO = Path(__file__).resolve().parents[2]


def start_server(*args: str) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "atb_tui", "sandbox", "serve", "--port", "0", *args]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen(
        command, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def read_banner(process: subprocess.Popen[str]) -> dict[str, str]:
    assert process.stdout is not None
    exports: dict[str, str] = {}
    deadline = time.monotonic() + 20
    while "PROLIFIC_TOKEN" not in exports and time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        if line.strip().startswith("export "):
            name, _, value = line.strip().removeprefix("export ").partition("=")
            exports[name] = value
    assert "PROLIFIC_TOKEN" in exports, "the banner prints both export lines"
    return exports


def stop_server(process: subprocess.Popen[str]) -> tuple[int, str]:
    process.send_signal(signal.SIGINT)
    try:
        stdout, _ = process.communicate(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        raise
    return process.returncode, stdout


def serve_with(**changes: Any) -> int:
    """`serve` as the CLI calls it with its defaults (no demo data), with `changes` applied."""
    options: dict[str, Any] = {
        "host": "127.0.0.1",
        "port": 0,
        "token": "t",
        "speed": 1.0,
        "state_file": None,
        "faults": None,
        "seed": 7,
        "demo_data": False,
    }
    return serve(**(options | changes))

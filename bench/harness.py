"""What every benchmark shares: paired runs, medians with their spread, a served sandbox.

Figures are medians of paired runs: the subject and its baseline take turns (A B A B …), so a
machine that speeds up or slows down mid-run moves both; each ratio is the median of the
per-pair ratios. Timed runs never use tracemalloc; memory is measured as the peak RSS the
kernel reports for a process (``ru_maxrss``).
"""

from __future__ import annotations

import os
import re
import secrets
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass


@dataclass(frozen=True)
class Spread:
    """A median with the minimum and maximum it came from."""

    median: float
    low: float
    high: float

    @classmethod
    def of(cls, values: list[float]) -> Spread:
        return cls(statistics.median(values), min(values), max(values))

    def __str__(self) -> str:
        return f"{self.median:.3f} (min {self.low:.3f}, max {self.high:.3f})"


@dataclass(frozen=True)
class Paired:
    """The subject, its baseline and their per-pair ratio."""

    subject: Spread
    baseline: Spread
    ratio: Spread


def paired(subject: Callable[[], float], baseline: Callable[[], float], runs: int) -> Paired:
    """Run both `runs` times in turns after one warm-up each; the callables return seconds."""
    subject(), baseline()
    pairs = [(subject(), baseline()) for _ in range(runs)]
    return Paired(
        Spread.of([s for s, _ in pairs]),
        Spread.of([b for _, b in pairs]),
        Spread.of([s / b for s, b in pairs]),
    )


def bench_env(**extra: str) -> dict[str, str]:
    """A child's environment: a fresh config dir, so no saved profile or place changes a run."""
    return {
        **os.environ,
        "ATB_TUI_CONFIG_DIR": tempfile.mkdtemp(prefix="atb-bench-"),
        "PROLIFIC_TOKEN": "",
        **extra,
    }


@dataclass(frozen=True)
class Served:
    """A sandbox served over loopback by `atb-tui sandbox serve` in its own process."""

    url: str
    token: str


_LISTENING = re.compile(r"listening on (http://\S+)")


@contextmanager
def served_sandbox(*flags: str) -> Iterator[Served]:
    """Start `atb-tui sandbox serve` on a free port; stop it (and its children) on exit."""
    token = secrets.token_urlsafe(16)
    command = [sys.executable, "-m", "atb_tui", "sandbox", "serve", "--port", "0"]
    proc = subprocess.Popen(
        [*command, f"--token={token}", *flags],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=bench_env(),
        start_new_session=True,
    )
    try:
        yield Served(_wait_for_url(proc), token)
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def _wait_for_url(proc: subprocess.Popen[str]) -> str:
    assert proc.stdout is not None
    seen = []
    for line in proc.stdout:
        seen.append(line)
        if match := _LISTENING.search(line):
            return match.group(1)
    raise RuntimeError("sandbox serve stopped before listening:\n" + "".join(seen))


def run_child(script: str, *args: str, timeout: float = 300) -> str:
    """Run a Python snippet in a fresh interpreter; returns its stdout (it fails loudly)."""
    done = subprocess.run(
        [sys.executable, "-c", script, *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=bench_env(),
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"benchmark child failed:\n{done.stderr[-2000:]}")
    return done.stdout

"""What every benchmark shares: paired runs, medians with their spread, a served sandbox.

Figures are medians of paired runs: the subject and its baseline take turns (A B A B …), so a
machine that speeds up or slows down mid-run moves both; each ratio is the median of the
per-pair ratios. Timed runs never use tracemalloc; memory is measured as the peak RSS the
kernel reports for a process (``ru_maxrss``).
"""

from __future__ import annotations

import fcntl
import os
import pty
import re
import secrets
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
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


_BYTECODE = tempfile.mkdtemp(prefix="atb-bench-pycache-")


def bench_env(**extra: str) -> dict[str, str]:
    """A child's environment: a fresh config dir, so no saved profile or place changes a run.

    Children cache compiled bytecode (in a folder of this run's own) as an installed app does:
    with ``PYTHONDONTWRITEBYTECODE`` inherited, every start would compile atb-tui's sources
    again while the baseline's Textual loads the bytecode pip compiled, and start-up would
    measure the compiler. Each paired benchmark's warm-up run fills the cache.
    """
    env = {
        **os.environ,
        "ATB_TUI_CONFIG_DIR": tempfile.mkdtemp(prefix="atb-bench-"),
        "PROLIFIC_TOKEN": "",
        "PYTHONPYCACHEPREFIX": _BYTECODE,
        **extra,
    }
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


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


_ANSI = re.compile(rb"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>78]")


class Terminal:
    """A child process on a real pseudo-terminal: counts what it writes and finds text in it."""

    def __init__(self, argv: list[str], size: tuple[int, int] = (120, 35)) -> None:
        master, slave = pty.openpty()
        columns, rows = size
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        env = bench_env(TERM="xterm-256color", COLORTERM="truecolor")
        self.started = time.perf_counter()
        self.proc = subprocess.Popen(
            argv, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True
        )
        os.close(slave)
        self.master = master
        self.bytes = 0
        self._plain = bytearray()  # output without escape sequences, for finding text
        self._seen = 0  # where the next wait_for starts looking
        self._lock = threading.Condition()
        threading.Thread(target=self._drain, daemon=True).start()

    def _drain(self) -> None:
        while True:
            try:
                chunk = os.read(self.master, 65536)
            except OSError:
                return
            if not chunk:
                return
            with self._lock:
                self.bytes += len(chunk)
                self._plain += _ANSI.sub(b"", chunk)
                if len(self._plain) > 1 << 22:  # keep memory bounded on long runs
                    self._seen, self._plain = 0, self._plain[self._seen :]
                self._lock.notify_all()

    def wait_for(self, text: str, timeout: float = 60) -> float:
        """Seconds from start until `text` was written to the terminal."""
        needle = text.encode()
        with self._lock:
            if not self._lock.wait_for(lambda: self._plain.find(needle, self._seen) >= 0, timeout):
                tail = bytes(self._plain[-400:]).decode(errors="replace")
                raise RuntimeError(f"{text!r} never appeared; the terminal shows: {tail!r}")
            seen = time.perf_counter()
            self._seen = self._plain.find(needle, self._seen) + len(needle)
        return seen - self.started

    def type(self, keys: str) -> None:
        os.write(self.master, keys.encode())

    def cpu_seconds(self) -> float:
        with open(f"/proc/{self.proc.pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def rss_mb(self) -> float:
        with open(f"/proc/{self.proc.pid}/status") as status:
            line = next(line for line in status if line.startswith("VmRSS"))
        return int(line.split()[1]) / 1024

    def close(self) -> None:
        with suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait()
        os.close(self.master)

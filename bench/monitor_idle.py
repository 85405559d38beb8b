"""What an idle live monitor costs over SSH: bytes written to the terminal and CPU per minute.

The app runs in a real pseudo-terminal (100x30) on a sandbox whose clock is stopped, with 50
batches held in PROCESSING, so the monitor polls at its fast rate while nothing changes. The
baseline is the same app idling on the workspaces screen (no polling).
"""

from __future__ import annotations

import fcntl
import os
import pty
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time

ITEMS = 50
CHILD = """
import asyncio
from atb_tui.api import ProlificClient
from atb_tui.api.models import BatchCreate
from atb_tui.app import AppOptions, create_app
from atb_tui.sandbox import ManualClock, Sandbox

sandbox = Sandbox(clock=ManualClock())

async def hold_batches_processing(count):
    client = ProlificClient(sandbox.token, base_url=sandbox.base_url, transport=sandbox.transport())
    async with client:
        workspace = (await client.workspaces.list())[0]
        ready = next(b for b in await client.batches.list(workspace.id) if b.status == "READY")
        dataset_id = ready.datasets[0].id
        source = await client.instructions.get(ready.id)
        items = [i.to_input() for i in source.instructions]
        for n in range(count):
            batch = await client.batches.create(BatchCreate(
                workspace_id=workspace.id, name=f"bench {n}", dataset_id=dataset_id,
                task_details={"task_name": "t", "task_introduction": "i", "task_steps": "s"}))
            await client.instructions.create(batch.id, items)
            await client.batches.setup(batch.id, dataset_id=dataset_id, tasks_per_group=3)

asyncio.run(hold_batches_processing(%d))
create_app(AppOptions(demo=True, env={}, make_sandbox=lambda: sandbox)).run()
"""


def _cpu_seconds(pid: int) -> float:
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Terminal:
    """A child process on a pty whose output we count (and discard)."""

    def __init__(self, script: str) -> None:
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
        env = {
            **os.environ,
            "TERM": "xterm-256color",
            "COLORTERM": "truecolor",
            "ATB_TUI_CONFIG_DIR": tempfile.mkdtemp(prefix="atb-bench-"),
        }
        self.proc = subprocess.Popen(
            [sys.executable, "-c", script],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            close_fds=True,
        )
        os.close(slave)
        self.master = master
        self.bytes = 0
        threading.Thread(target=self._drain, daemon=True).start()

    def _drain(self) -> None:
        while True:
            try:
                chunk = os.read(self.master, 65536)
            except OSError:
                return
            if not chunk:
                return
            self.bytes += len(chunk)

    def type(self, keys: str, pause: float = 0.6) -> None:
        os.write(self.master, keys.encode())
        time.sleep(pause)

    def measure(self, seconds: float) -> tuple[int, float]:
        bytes_before, cpu_before = self.bytes, _cpu_seconds(self.proc.pid)
        time.sleep(seconds)
        return self.bytes - bytes_before, _cpu_seconds(self.proc.pid) - cpu_before

    def close(self) -> None:
        self.type("\x11", 0.5)  # ctrl+q
        self.proc.kill()
        self.proc.wait()


def run(seconds: float = 60.0) -> dict[str, float]:
    term = Terminal(CHILD % ITEMS)
    try:
        time.sleep(4)  # start-up and seeding
        idle_bytes, idle_cpu = term.measure(seconds / 2)
        term.type("\r", 1.0)  # open the first workspace
        term.type(":", 0.6)  # the command line must be open before we type into it
        term.type("monitor\r", 3.0)
        monitor_bytes, monitor_cpu = term.measure(seconds)
    finally:
        term.close()
    scale = 60.0 / seconds
    return {
        "monitored_items": ITEMS,
        "idle_screen_bytes_per_min": round(idle_bytes * 2 * scale),
        "monitor_bytes_per_min": round(monitor_bytes * scale),
        "idle_screen_cpu_pct": round(100 * idle_cpu / (seconds / 2), 1),
        "monitor_cpu_pct": round(100 * monitor_cpu / seconds, 1),
    }

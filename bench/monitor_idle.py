"""What an idle live monitor costs over SSH: bytes written to the terminal and CPU per minute.

The app runs in a real pseudo-terminal (120x35) on a sandbox whose clock is stopped, with 50
batches held in PROCESSING, so the monitor polls at its fast rate while nothing changes. The
baseline is the same app idling on the workspaces screen (no polling).
"""

from __future__ import annotations

import sys
import time

from bench.harness import Terminal

ITEMS = 50
SETTLE = 5.0  # seconds for the first polls and the initial layout to finish
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


def _idle(terminal: Terminal, seconds: float) -> tuple[float, float]:
    """Bytes written and CPU seconds used over `seconds` of doing nothing."""
    bytes_before, cpu_before = terminal.bytes, terminal.cpu_seconds()
    time.sleep(seconds)
    return terminal.bytes - bytes_before, terminal.cpu_seconds() - cpu_before


def run(seconds: float = 60.0) -> dict[str, float]:
    """Bytes per minute and CPU while idle on the workspaces screen and on the monitor."""
    terminal = Terminal([sys.executable, "-c", CHILD % ITEMS])
    try:
        terminal.wait_for("Sentiment", timeout=120)  # seeded, workspaces shown
        time.sleep(SETTLE)
        idle_bytes, idle_cpu = _idle(terminal, seconds / 2)
        terminal.type("\r")  # open the first workspace
        terminal.wait_for("Datasets")
        terminal.type(":")  # the command line must be open before we type into it
        terminal.wait_for("batches ·")
        terminal.type("monitor\r")
        terminal.wait_for("updated")  # the monitor has polled
        time.sleep(SETTLE)
        monitor_bytes, monitor_cpu = _idle(terminal, seconds)
    finally:
        terminal.close()
    scale = 60.0 / seconds
    return {
        "idle_monitor_items": ITEMS,
        "idle_workspaces_bytes_per_min": round(idle_bytes * 2 * scale),
        "idle_workspaces_cpu_percent": round(100 * idle_cpu / (seconds / 2), 1),
        "idle_monitor_bytes_per_min": round(monitor_bytes * scale),
        "idle_monitor_cpu_percent": round(100 * monitor_cpu / seconds, 1),
    }

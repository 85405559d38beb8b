"""Waiting on conditions, never on time."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from textual.app import App
from textual.pilot import Pilot
from textual.worker import WorkerState

# How long a condition may take before the test fails. Generous: a loaded machine (CI, two
# cores shared with other jobs) is slow, and a condition that holds is met long before this.
WAIT_TIMEOUT = 30.0
POLL_EVERY = 0.01  # how often the condition is looked at (not a guess at how long work takes)


async def wait_for(
    pilot: Pilot[None], predicate: Callable[[], object], timeout: float = WAIT_TIMEOUT
) -> None:
    """Let the app run until `predicate()` is true (workers, timers); fail with a clear message."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not predicate():
        if loop.time() > deadline:
            raise AssertionError(
                f"timed out waiting for {getattr(predicate, '__name__', predicate)}"
            )
        await pilot.pause(POLL_EVERY)


def workers_idle(app: App[None]) -> bool:
    """No worker is pending or running (a step's consequences have played out)."""
    busy = (WorkerState.PENDING, WorkerState.RUNNING)
    return not any(worker.state in busy for worker in app.workers)

"""Monitor steps: open the live monitor, move the sandbox clock to its next poll."""

from __future__ import annotations

from textual.pilot import Pilot

from atb_tui.sandbox import Sandbox
from atb_tui.screens.monitor import MonitorScreen
from tests.helpers.navigation import open_workspace
from tests.helpers.waits import wait_for


async def open_monitor(pilot: Pilot[None]) -> MonitorScreen:
    """Workspace home, then `m`; wait for the first poll."""
    app = await open_workspace(pilot)
    await pilot.press("m")
    await wait_for(pilot, lambda: isinstance(app.screen, MonitorScreen))
    screen = app.screen
    assert isinstance(screen, MonitorScreen)
    await wait_for(pilot, lambda: screen.clock.updated_at is not None)
    await pilot.pause()
    return screen


def polls(sandbox: Sandbox) -> int:
    return sum(1 for r in sandbox.request_log if r.path.endswith("/batches"))


async def next_poll(pilot: object, screen: MonitorScreen) -> None:
    polled = screen.clock.updated_at
    await wait_for(pilot, lambda: screen.clock.updated_at != polled)  # type: ignore[arg-type]

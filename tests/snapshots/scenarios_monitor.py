"""Screen states of the live monitor (at 100x30 and at 80x24), after the clock has moved."""

from __future__ import annotations

from textual.pilot import Pilot

from atb_tui.screens.monitor import MonitorScreen
from tests.helpers.app import clocked_app, sandbox_of
from tests.helpers.monitor import open_monitor
from tests.helpers.screen import screen_text
from tests.helpers.waits import wait_for
from tests.snapshots.scenarios import scenario


async def moved_on(pilot: Pilot[None], seconds: float = 3) -> MonitorScreen:
    """The monitor after the sandbox clock moved `seconds` (one more poll)."""
    screen = await open_monitor(pilot)
    polled = screen.clock.updated_at
    sandbox_of(pilot).advance(seconds)
    await wait_for(pilot, lambda: screen.clock.updated_at != polled)
    await wait_for(pilot, lambda: "READY" in screen_text(pilot.app))  # type: ignore[arg-type]
    await pilot.pause()
    return screen


@scenario("monitor", "Live monitor: a batch just became READY, a study collecting",
          build=clocked_app)  # fmt: skip
async def monitor(pilot: Pilot[None]) -> None:
    await moved_on(pilot)


@scenario("monitor-narrow", "Live monitor at 80x24", size=(80, 24), build=clocked_app)
async def monitor_narrow(pilot: Pilot[None]) -> None:
    await moved_on(pilot)

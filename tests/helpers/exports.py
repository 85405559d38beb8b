"""Steps shared by the export Pilot tests and the export snapshots."""

from __future__ import annotations

from textual.pilot import Pilot

from atb_tui.app import AtbApp
from atb_tui.screens.export_form import ExportFormDialog
from atb_tui.screens.exports import ExportsScreen
from atb_tui.widgets.data_view import DataView
from tests.helpers.app import sandbox_of
from tests.helpers.navigation import open_batch
from tests.helpers.waits import wait_for

BATCH = "Sentiment - pilot"


def exports_screen(app: AtbApp) -> ExportsScreen:
    screen = app.screen
    assert isinstance(screen, ExportsScreen), type(screen)
    return screen


async def open_exports(pilot: Pilot[None], name: str = BATCH) -> ExportsScreen:
    """The batch's screen, then `X`: its exports, once listed."""
    app: AtbApp = pilot.app  # type: ignore[assignment]
    await open_batch(pilot, name)
    await pilot.press("X")
    await wait_for(pilot, lambda: isinstance(app.screen, ExportsScreen))
    screen = exports_screen(app)
    await wait_for(pilot, lambda: screen.query_one(DataView).loaded)
    return screen


async def request_export(pilot: Pilot[None], from_: str = "", to: str = "") -> None:
    """`n`, fill the dates, ctrl+s; waits until the list shows one more job."""
    app: AtbApp = pilot.app  # type: ignore[assignment]
    screen = exports_screen(app)
    before = len(sandbox_of(pilot).world.exports)
    await pilot.press("n")
    await wait_for(pilot, lambda: isinstance(app.screen, ExportFormDialog))
    if from_:
        await pilot.press(*from_)
    if to:
        await pilot.press("tab", *to)
    await pilot.press("ctrl+s")
    await wait_for(pilot, lambda: app.screen is screen)
    await wait_for(pilot, lambda: len(sandbox_of(pilot).world.exports) > before)
    await wait_for(pilot, lambda: len(screen.jobs) == len(sandbox_of(pilot).world.exports))


async def finish_exports(pilot: Pilot[None]) -> None:
    """Move the sandbox's clock past every export's delay and let the list show it."""
    sandbox = sandbox_of(pilot)
    sandbox.advance(30)
    screen = exports_screen(pilot.app)  # type: ignore[arg-type]
    screen.clock.poll_now()
    await wait_for(pilot, lambda: screen.jobs and all(j.is_complete for j in screen.jobs.values()))

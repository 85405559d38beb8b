"""Screen states of export jobs: the exports screen of a batch and its new-export form,
at 120x35 and at 80x24."""

from __future__ import annotations

from textual.pilot import Pilot

from atb_tui.app import AtbApp
from atb_tui.screens.export_form import ExportFormDialog
from tests.helpers.app import clocked_app
from tests.helpers.exports import finish_exports, open_exports, request_export
from tests.helpers.screen import screen_text
from tests.helpers.waits import wait_for
from tests.snapshots.scenarios import scenario


async def jobs_listed(pilot: Pilot[None]) -> None:
    """Two complete jobs (one filtered by date) and one still generating."""
    await open_exports(pilot)
    await request_export(pilot)
    await request_export(pilot, "2026-11-01", "2026-11-20")
    await finish_exports(pilot)
    await request_export(pilot, "2026-11-22")
    # Toasts expire on the wall clock, and at 80x24 one can cover the status column: clear
    # them first, then wait for the row itself.
    pilot.app.clear_notifications()
    await wait_for(pilot, lambda: "GENERATING" in screen_text(pilot.app))  # type: ignore[arg-type]


async def form_open(pilot: Pilot[None]) -> None:
    """The new-export form with a date typed and the study choice shown."""
    await open_exports(pilot)
    app: AtbApp = pilot.app  # type: ignore[assignment]
    await pilot.press("n")
    await wait_for(pilot, lambda: isinstance(app.screen, ExportFormDialog))
    await pilot.press(*"2026-11-01")
    await pilot.pause()


for _size in ((120, 35), (80, 24)):
    _suffix = f"{_size[0]}x{_size[1]}"
    scenario(f"exports-{_suffix}", "Export jobs of a batch: filter, status, size, file",
             size=_size, build=clocked_app)(jobs_listed)  # fmt: skip
    scenario(f"exports-form-{_suffix}", "New export: optional study and date range",
             size=_size, build=clocked_app)(form_open)  # fmt: skip

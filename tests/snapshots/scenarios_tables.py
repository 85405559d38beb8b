"""The windowed VirtualTable (widgets/virtual_table.py) over a small deterministic model."""

from __future__ import annotations

from textual.pilot import Pilot

from atb_tui.widgets.data_view import DataView
from atb_tui.widgets.virtual_table import VirtualTable
from tests.helpers.virtual_table import SyntheticModel, TableScreen
from tests.helpers.waits import wait_for
from tests.snapshots.scenarios import scenario


async def _table(pilot: Pilot[None]) -> None:
    # The app's first screen loads workspaces; let it settle before covering it.
    app = pilot.app
    await wait_for(pilot, lambda: any(view.loaded for view in app.screen.query(DataView)))
    await pilot.app.push_screen(TableScreen(SyntheticModel(200)))
    table = pilot.app.screen.query_one(VirtualTable)
    await wait_for(pilot, lambda: table.size.height > 0)
    table.sort_column, table.sort_descending = 1, True
    await pilot.press("j", "j", "j", "right", "right", "right")
    await wait_for(pilot, lambda: table.cursor_row == 3 and table.cursor_column == 3)


@scenario(
    "virtual-table", "A windowed table: header, cursor row and cell, sort mark", size=(120, 35)
)
async def virtual_table(pilot: Pilot[None]) -> None:
    await _table(pilot)


@scenario("virtual-table-narrow", "At 80x24 low-priority columns are hidden", size=(80, 24))
async def virtual_table_narrow(pilot: Pilot[None]) -> None:
    await _table(pilot)

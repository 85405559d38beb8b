"""100k rows on screen: our windowed VirtualTable vs Textual's DataTable, in the same run.

Both tables get the same pre-built rows (lists of strings) and are mounted into a running
headless app (`App.run_test`). "First paint" is the time from `mount` until the table has
rendered a data row into a frame (its `render_line` ran for a row, which happens while the
compositor builds the frame the terminal would receive). DataTable measures every cell of every
row before its first frame, so it gets `DATATABLE_ROWS` rows (fewer than 100k when that would
take too long; the count is reported) and the figure is also scaled per 100k rows.
"Page scroll" is the median time from pressing pagedown (through Pilot, so it includes the
app's key handling and frame scheduling) until the new bottom row is rendered; "page render" is
the widget's own share: moving a page and rendering every visible line, outside the app loop.
"""

from __future__ import annotations

import asyncio
import statistics
import time
from collections.abc import Callable, Sequence

from textual.app import App
from textual.geometry import Region
from textual.pilot import Pilot
from textual.strip import Strip
from textual.widgets import DataTable

from atb_tui.views.table_model import Column, ListTableModel
from atb_tui.widgets.virtual_table import VirtualTable

ROWS = 100_000
DATATABLE_ROWS = 20_000
PAGES = 40
SIZE = (120, 35)
COLUMNS = (
    Column("id", "ID", width=8, priority=9),
    Column("participant", "Participant", priority=5),
    Column("instruction", "Instruction", priority=3),
    Column("answer", "Answer", priority=8),
    Column("seconds", "Seconds", align="right", priority=1),
)


def _rows(count: int) -> list[list[str]]:
    answers = ("positive", "negative", "neutral", "unsure")
    return [
        [f"R{n:07d}", f"P{n % 997:04d}", f"Q{n % 5}", answers[n % 4], str((n * 37) % 600)]
        for n in range(count)
    ]


class _TimedVirtualTable(VirtualTable):
    """Records the highest row rendered so far and when."""

    last_row = -1
    painted_at = 0.0

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        row = self.scroll_row + y - 1
        if y > 0 and self.last_row < row < len(self.model):
            self.last_row, self.painted_at = row, time.perf_counter()
        return strip


class _TimedDataTable(DataTable[str]):
    """Records when the first data row was rendered."""

    painted_at = 0.0

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        if y > 0 and self.row_count and not self.painted_at:
            self.painted_at = time.perf_counter()
        return strip


def _rendered(table: _TimedVirtualTable, row: int) -> Callable[[], bool]:
    return lambda: table.last_row >= row


async def _until(pilot: Pilot[None], done: Callable[[], bool]) -> None:
    while not done():
        await pilot.pause()


async def _virtual(
    rows: Sequence[Sequence[str]],
) -> tuple[float, list[float], list[float]]:
    app: App[None] = App()
    async with app.run_test(headless=True, size=SIZE) as pilot:
        start = time.perf_counter()
        table = _TimedVirtualTable(ListTableModel(COLUMNS, rows))
        await app.mount(table)
        table.focus()
        await _until(pilot, lambda: table.painted_at > 0)
        first_paint = table.painted_at - start
        pages = []
        for _ in range(PAGES):
            target = table.last_row + table.page_height
            start = time.perf_counter()
            await pilot.press("pagedown")
            await _until(pilot, _rendered(table, target))
            pages.append(table.painted_at - start)
        return first_paint, pages, _render_pages(table)


def _render_pages(table: VirtualTable) -> list[float]:
    """The widget's own cost per page (cursor move + every visible line), without the app loop."""
    viewport = Region(0, 0, table.size.width, table.size.height)
    costs = []
    for _ in range(PAGES):
        start = time.perf_counter()
        table.action_page_down()
        table.render_lines(viewport)
        costs.append(time.perf_counter() - start)
    return costs


async def _datatable(rows: Sequence[Sequence[str]]) -> float:
    app: App[None] = App()
    async with app.run_test(headless=True, size=SIZE) as pilot:
        start = time.perf_counter()
        table = _TimedDataTable()
        await app.mount(table)
        table.add_columns(*(column.title for column in COLUMNS))
        table.add_rows(rows)
        await _until(pilot, lambda: table.painted_at > 0)
        return table.painted_at - start


def run() -> dict[str, float]:
    """First paint of both tables and VirtualTable's median page scroll."""
    rows = _rows(ROWS)
    virtual_first, pages, renders = asyncio.run(_virtual(rows))
    datatable_first = asyncio.run(_datatable(rows[:DATATABLE_ROWS]))
    per_100k = datatable_first * ROWS / DATATABLE_ROWS
    return {
        "virtual_table_rows": ROWS,
        "virtual_table_first_paint_s": round(virtual_first, 4),
        "datatable_rows": DATATABLE_ROWS,
        "datatable_first_paint_s": round(datatable_first, 3),
        "datatable_first_paint_per_100k_s": round(per_100k, 2),
        "ratio_datatable_per_100k_to_virtual": round(per_100k / virtual_first, 1),
        "virtual_table_page_scroll_ms": round(statistics.median(pages) * 1000, 2),
        "virtual_table_page_scroll_max_ms": round(max(pages) * 1000, 2),
        "virtual_table_page_render_ms": round(statistics.median(renders) * 1000, 2),
        # The best case shows the cost without the other processes sharing the CPU.
        "virtual_table_page_render_min_ms": round(min(renders) * 1000, 2),
    }


if __name__ == "__main__":
    for key, value in run().items():
        print(f"{key:<40} {value}")

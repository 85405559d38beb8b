"""VirtualTable over a synthetic 100,000-row model: paint, keys, live growth, re-filter, width."""

from __future__ import annotations

from textual.pilot import Pilot

from tests.helpers.virtual_table import SyntheticModel, TableApp
from tests.helpers.waits import wait_for

N = 100_000


def shown(app: TableApp) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


async def painted(pilot: Pilot[None], text: str) -> None:
    app = pilot.app
    assert isinstance(app, TableApp)
    await wait_for(pilot, lambda: text in shown(app))


async def test_first_paint_shows_header_and_first_rows() -> None:
    app = TableApp(SyntheticModel(N))
    async with app.run_test(size=(120, 20)) as pilot:
        await painted(pilot, "R0000000")
        text = shown(app)
        assert "Participant" in text
        assert "R0000017" in text
        assert "R0000019" not in text  # only what fits is drawn
        assert app.table.cursor_row == 0
        assert app.table.cursor_key == "R0000000"


async def test_bottom_and_top_keys() -> None:
    app = TableApp(SyntheticModel(N))
    async with app.run_test(size=(120, 20)) as pilot:
        await painted(pilot, "R0000000")
        await pilot.press("G")
        await painted(pilot, "R0099999")
        assert app.table.cursor_key == "R0099999"
        assert "R0000000" not in shown(app)
        assert "ID" in shown(app).splitlines()[0]  # the header stays put
        await pilot.press("g")
        await painted(pilot, "R0000000")
        await pilot.press("end")
        await wait_for(pilot, lambda: app.table.cursor_row == N - 1)
        await pilot.press("home")
        await wait_for(pilot, lambda: app.table.cursor_row == 0)


async def test_cursor_and_page_keys() -> None:
    app = TableApp(SyntheticModel(N))
    async with app.run_test(size=(120, 20)) as pilot:
        await painted(pilot, "R0000000")
        await pilot.press("j", "down", "down")
        assert app.table.cursor_row == 3
        await pilot.press("k")
        assert app.table.cursor_row == 2
        assert [m.key for m in app.moved][-1] == "R0000002"
        page = app.table.page_height
        assert page == 19
        await pilot.press("pagedown")
        assert app.table.cursor_row == 2 + page
        assert app.table.scroll_row == page
        await painted(pilot, f"R{2 * page - 1:07d}")
        await pilot.press("pageup", "pageup")
        assert app.table.cursor_row == 0
        assert app.table.scroll_row == 0
        await pilot.press("up")
        assert app.table.cursor_row == 0


async def test_cursor_column_and_sort_request() -> None:
    app = TableApp(SyntheticModel(N))
    async with app.run_test(size=(120, 20)) as pilot:
        await painted(pilot, "R0000000")
        await pilot.press("right", "right", "right")
        assert app.table.cursor_column == 3
        assert app.table.cursor_value == "positive"
        await pilot.press("o")
        await wait_for(pilot, lambda: app.sorts == [3])
        app.table.sort_column, app.table.sort_descending = 3, True
        await painted(pilot, "Answer ▼")
        await pilot.press("left")
        assert app.table.cursor_column == 2


async def test_enter_posts_chosen() -> None:
    app = TableApp(SyntheticModel(N))
    async with app.run_test(size=(120, 20)) as pilot:
        await painted(pilot, "R0000000")
        await pilot.press("j", "j", "enter")
        await wait_for(pilot, lambda: bool(app.chosen))
        assert (app.chosen[0].row, app.chosen[0].key) == (2, "R0000002")


async def test_click_selects_a_row() -> None:
    app = TableApp(SyntheticModel(N))
    async with app.run_test(size=(120, 20)) as pilot:
        await painted(pilot, "R0000000")
        await pilot.click(app.table, offset=(2, 5))
        await wait_for(pilot, lambda: app.table.cursor_key == "R0000004")


async def test_growth_keeps_cursor_key_and_scroll_offset() -> None:
    app = TableApp(SyntheticModel(N))
    async with app.run_test(size=(120, 20)) as pilot:
        await painted(pilot, "R0000000")
        app.table.move_to_key("R0050000")
        await pilot.press("k", "k")
        key, top = app.table.cursor_key, app.table.scroll_row
        assert key == "R0049998"
        before = shown(app)
        app.table.set_model(SyntheticModel(N + 1_000))
        await pilot.pause()
        assert app.table.cursor_key == key
        assert app.table.scroll_row == top
        assert shown(app) == before  # nothing on screen moved
        await pilot.press("G")
        await painted(pilot, f"R{N + 999:07d}")


async def test_refilter_keeps_the_cursor_row_in_place_on_screen() -> None:
    app = TableApp(SyntheticModel(N))
    async with app.run_test(size=(120, 20)) as pilot:
        await painted(pilot, "R0000000")
        app.table.move_to_key("R0000300")
        screen_line = app.table.cursor_row - app.table.scroll_row
        app.table.set_model(SyntheticModel(N, keys=range(0, N, 2)))
        await pilot.pause()
        assert app.table.cursor_key == "R0000300"
        assert app.table.cursor_row == 150
        assert app.table.cursor_row - app.table.scroll_row == screen_line


async def test_refilter_without_the_cursor_key_clamps() -> None:
    app = TableApp(SyntheticModel(N))
    async with app.run_test(size=(120, 20)) as pilot:
        await painted(pilot, "R0000000")
        await pilot.press("G")
        await painted(pilot, "R0099999")
        app.table.set_model(SyntheticModel(N, keys=range(0, 5_000, 2)))
        await painted(pilot, "R0004998")
        assert app.table.cursor_row == 2_499
        assert app.table.cursor_key == "R0004998"
        await wait_for(pilot, lambda: app.moved[-1].key == "R0004998")
        app.table.set_model(SyntheticModel(N, keys=[7, 9]))
        await painted(pilot, "R0000009")
        assert app.table.cursor_key == "R0000009"
        assert app.table.scroll_row == 0


async def test_narrow_terminal_hides_low_priority_columns_and_says_so() -> None:
    app = TableApp(SyntheticModel(N))
    async with app.run_test(size=(120, 20)) as pilot:
        await painted(pilot, "Comment")
        assert "hidden" not in shown(app)
        await pilot.resize_terminal(50, 20)
        await painted(pilot, "+4 hidden")
        header = shown(app).splitlines()[0]
        for dropped in ("Comment", "Seconds", "Instruction", "Participant"):
            assert dropped not in header
        assert "ID" in header
        assert "Answer" in header
        assert app.table.hidden_columns == 4
        await pilot.resize_terminal(80, 20)
        await painted(pilot, "+1 hidden")
        assert "Participant" in shown(app).splitlines()[0]


async def test_empty_model_shows_its_message() -> None:
    app = TableApp(SyntheticModel(0), empty_message="No responses yet.")
    async with app.run_test(size=(80, 10)) as pilot:
        await painted(pilot, "No responses yet.")
        assert app.table.cursor_row == -1
        assert app.table.cursor_key is None
        await pilot.press("j", "G", "enter")
        assert not app.chosen
        app.table.set_model(SyntheticModel(3))
        await painted(pilot, "R0000002")
        assert "No responses yet." not in shown(app)


async def test_shrinking_the_window_keeps_the_cursor_in_view() -> None:
    app = TableApp(SyntheticModel(N))
    async with app.run_test(size=(120, 30)) as pilot:
        await painted(pilot, "R0000000")
        app.table.move_to_key("R0000025")
        await pilot.resize_terminal(120, 10)
        await wait_for(pilot, lambda: app.table.scroll_row > 0)
        assert app.table.scroll_row <= 25 < app.table.scroll_row + app.table.page_height
        await painted(pilot, "R0000025")

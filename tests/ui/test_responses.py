"""The response viewer driven by keys against the sandbox (issue 13)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from textual.widgets import Input, OptionList

from atb_tui.app import AtbApp
from atb_tui.flows import responses as flow
from atb_tui.sandbox import Sandbox
from atb_tui.screens.responses import ResponsesScreen
from tests.helpers.app import clocked_app
from tests.helpers.navigation import open_batch
from tests.helpers.notices import told
from tests.helpers.responses import loaded, open_viewer
from tests.helpers.screen import screen_text
from tests.helpers.waits import wait_for

PILOT = "Sentiment - pilot"


def answers_of(sandbox: Sandbox, name: str) -> list[str]:
    batch_id = next(b.id for b in sandbox.world.batches.values() if b.name == name)
    return [r.participant_id for r in sandbox.world.responses_of(batch_id)]


async def test_v_on_a_batch_opens_every_response_with_a_detail_pane(sandbox: Sandbox) -> None:
    app = clocked_app(sandbox)
    async with app.run_test(size=(120, 35)) as pilot:
        await open_batch(pilot, PILOT)
        await pilot.press("v")
        await wait_for(pilot, loaded(app))
        screen = app.screen
        assert isinstance(screen, ResponsesScreen)
        total = len(answers_of(sandbox, PILOT))
        assert screen.state is not None
        assert len(screen.state.store) == total
        text = screen_text(app)
        assert f"{total} of {total}" in text
        assert "Participant " in text  # the detail pane
        assert "Datapoint: review_id:" in text


async def test_every_view_shows_its_figures(sandbox: Sandbox) -> None:
    app = clocked_app(sandbox)
    async with app.run_test(size=(120, 35)) as pilot:
        await open_viewer(pilot, PILOT)
        await pilot.press("2")
        await wait_for(pilot, lambda: "Majority" in screen_text(app))
        await pilot.press("d")
        await wait_for(pilot, lambda: "least agreement first" in screen_text(app))
        await pilot.press("3")
        await wait_for(pilot, lambda: "Krippendorff" in screen_text(app))
        assert "percent agreement" in screen_text(app)
        await pilot.press("4")
        await wait_for(pilot, lambda: "Median s/task" in screen_text(app))


async def test_filter_counts_as_you_type_and_applies_to_every_view(sandbox: Sandbox) -> None:
    app = clocked_app(sandbox)
    async with app.run_test(size=(120, 35)) as pilot:
        screen = await open_viewer(pilot, PILOT)
        person = answers_of(sandbox, PILOT)[0]
        await pilot.press("slash", *f"participant:{person[:6]}")
        expected = answers_of(sandbox, PILOT).count(person)
        await wait_for(pilot, lambda: f"{expected} of " in screen_text(app))
        await pilot.press("enter")
        await wait_for(pilot, lambda: len(screen.table.model) == expected)
        await pilot.press("4")
        await wait_for(pilot, lambda: len(screen.table.model) == 1)


async def test_a_filter_that_keeps_nothing_says_so_in_every_view(sandbox: Sandbox) -> None:
    app = clocked_app(sandbox)
    async with app.run_test(size=(120, 35)) as pilot:
        screen = await open_viewer(pilot, PILOT)
        await pilot.press("slash", *"participant:nobody-has-this-id", "enter")
        await wait_for(pilot, lambda: "Nothing matches the filter." in screen_text(app))
        await pilot.press("2")
        await wait_for(pilot, lambda: "Nothing matches the filter." in screen_text(app))
        assert "No tasks answered yet." not in screen_text(app)
        assert len(screen.table.model) == 0


async def test_bad_filter_syntax_is_a_message_not_an_exception(sandbox: Sandbox) -> None:
    app = clocked_app(sandbox)
    async with app.run_test(size=(120, 35)) as pilot:
        screen = await open_viewer(pilot, PILOT)
        await pilot.press("slash", *'instruction:"Rate')
        await wait_for(pilot, lambda: "never closed" in screen_text(app))
        await pilot.press("enter")  # refused: the filter line stays open, nothing filtered
        assert isinstance(app.focused, Input)
        assert screen.state is not None
        assert len(screen.state.indices) == len(screen.state.store)
        await pilot.press("escape")  # closes the filter line, not the screen
        assert app.screen is screen
        assert not isinstance(app.focused, Input)


async def test_enter_on_a_participant_filters_the_responses(sandbox: Sandbox) -> None:
    app = clocked_app(sandbox)
    async with app.run_test(size=(120, 35)) as pilot:
        screen = await open_viewer(pilot, PILOT)
        await pilot.press("4")
        await wait_for(
            pilot, lambda: screen.state is not None and screen.state.view == "participants"
        )
        person = screen.table.cursor_key
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen.state is not None and screen.state.view == "responses")
        assert screen.state is not None
        await wait_for(pilot, lambda: len(screen.table.model) < len(screen.state.store))  # type: ignore[union-attr]
        assert screen.state.query_text == f"participant:{person}"
        assert {screen.state.store.participant[i] for i in screen.state.indices} == {person}


async def test_export_writes_exactly_the_filtered_rows(
    sandbox: Sandbox, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Every row reports progress: the sandbox batch is small, a real large export is throttled.
    monkeypatch.setattr(flow, "PROGRESS_INTERVAL", 0.0)
    app = clocked_app(sandbox)
    target = tmp_path / "negative.csv"
    async with app.run_test(size=(120, 35)) as pilot:
        screen = await open_viewer(pilot, PILOT)
        assert screen.apply_filter_text("answer=negative")
        await wait_for(pilot, lambda: screen.state is not None and screen.state.query_text != "")
        await pilot.press("x")
        await wait_for(pilot, lambda: isinstance(app.focused, OptionList))
        await pilot.press("enter")  # the first format: long CSV
        await wait_for(pilot, lambda: isinstance(app.focused, Input))
        app.screen.query_one(Input).value = str(target)
        await pilot.press("enter")
        await wait_for(pilot, lambda: told(app, "Saved"))
        assert screen.state is not None
        shown = {screen.state.store.rows[i].id for i in screen.state.indices}
        progress = screen.export_progress
        assert progress is not None
        assert progress.total == len(shown)
        # "0 / n" first, then every row while the thread wrote, then the final count.
        assert progress.reported == [*range(len(shown) + 1), len(shown)]
        assert not screen.query_one("#export-progress").display  # gone once finished
    with target.open(newline="") as file:
        rows = list(csv.DictReader(file))
    assert {row["response_id"] for row in rows} == shown
    assert len(rows) == len(shown) > 0
    assert {row["value"] for row in rows} == {"negative"}


async def test_export_asks_before_replacing_a_file(sandbox: Sandbox, tmp_path: Path) -> None:
    app = clocked_app(sandbox)
    target = tmp_path / "kept.csv"
    target.write_text("precious")
    async with app.run_test(size=(120, 35)) as pilot:
        await open_viewer(pilot, PILOT)
        await pilot.press("x")
        await wait_for(pilot, lambda: isinstance(app.focused, OptionList))
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.focused, Input))
        app.screen.query_one(Input).value = str(target)
        await pilot.press("enter")
        await wait_for(pilot, lambda: "already exists" in screen_text(app))
        await pilot.press("enter")  # the first answer keeps the file
        await wait_for(pilot, lambda: isinstance(app.screen, ResponsesScreen))
    assert target.read_text() == "precious"


async def test_y_copies_the_cell_and_shift_y_the_row_as_json(sandbox: Sandbox) -> None:
    app = clocked_app(sandbox)
    async with app.run_test(size=(120, 35)) as pilot:
        screen = await open_viewer(pilot, PILOT)
        await pilot.press("right")  # the participant column
        await pilot.press("y")
        assert screen.state is not None
        assert app.clipboard == screen.state.store.participant[0]
        await pilot.press("Y")
        copied = json.loads(app.clipboard)
        assert copied["id"] == screen.state.store.rows[0].id
        assert copied["response"]["instruction_id"] == screen.state.store.instruction[0]


async def test_live_responses_arrive_without_moving_cursor_or_scroll(sandbox: Sandbox) -> None:
    app: AtbApp = clocked_app(sandbox)
    async with app.run_test(size=(120, 35)) as pilot:
        screen = await open_viewer(pilot, "Sentiment - main run")
        assert screen.state is not None
        before = len(screen.state.store)
        for _ in range(3):
            await pilot.press("j")
        key, row, top = screen.table.cursor_key, screen.table.cursor_row, screen.table.scroll_row
        sandbox.advance(60)
        await wait_for(pilot, lambda: screen.new_count > 0)
        await wait_for(pilot, lambda: len(screen.table.model) == len(screen.state.store))  # type: ignore[union-attr]
        assert len(screen.state.store) == before + screen.new_count
        assert (screen.table.cursor_key, screen.table.cursor_row) == (key, row)
        assert screen.table.scroll_row == top
        assert f"+{screen.new_count} new" in screen_text(app)
        first_new = screen.state.store.rows[before].id
        await pilot.press("n")
        assert screen.table.cursor_key == first_new
        assert screen.new_count == 0

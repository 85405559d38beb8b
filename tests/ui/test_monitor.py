"""Pilot tests of the live monitor on a manual clock: updates, faults, pause, redraws."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from rich.text import Text

from atb_tui.sandbox import Sandbox
from atb_tui.screens.responses import ResponsesScreen
from atb_tui.views.monitor_rows import MonitorModel, Observation, sparkline, submission_summary
from atb_tui.widgets.data_view import DataView, VimTable
from tests.helpers.app import clocked_app, make_app
from tests.helpers.monitor import next_poll, open_monitor, polls
from tests.helpers.notices import notice_texts, told
from tests.helpers.screen import screen_text
from tests.helpers.waits import wait_for

SIZE = (100, 30)


async def test_monitor_follows_the_clock_and_announces_finishes(sandbox: Sandbox) -> None:
    app = clocked_app(sandbox)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_monitor(pilot)
        text = screen_text(app)
        assert "Toxicity screen" in text
        assert "PROCESSING" in text
        assert "5 / 450 responses" in text
        study = screen.query_one(DataView).rows[-1]
        assert study.cells[5] == "3 active · 5 to review"
        assert "processing · updated just now" in text
        sandbox.advance(3)
        await next_poll(pilot, screen)
        await pilot.pause()
        text = screen_text(app)
        assert "60 tasks · 6 groups" in text
        assert "Batch Toxicity screen is READY (was PROCESSING)." in notice_texts(app)
        toxicity = next(r for r in screen.query_one(DataView).rows if r.cells[0] == "batch")
        name = toxicity.cells[1]
        assert isinstance(name, Text)
        assert "reverse" in str(name.style)  # highlighted for a few seconds
        sandbox.advance(2 * 3600)  # the live demo study runs for over an hour
        await next_poll(pilot, screen)
        assert told(app, "has finished collecting (AWAITING REVIEW)")
        assert "450 / 450 responses" in screen_text(app)
        assert "idle · updated just now" in screen_text(app)


async def test_offline_keeps_the_data_and_recovers(sandbox: Sandbox) -> None:
    app = clocked_app(sandbox)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_monitor(pilot)
        rule = sandbox.faults.add("/api/*", status=503, times=None)
        sandbox.advance(3)
        await wait_for(pilot, lambda: "offline, retrying in 4 s" in screen_text(app))
        assert "Toxicity screen" in screen_text(app)  # the last data stays
        assert "PROCESSING" in screen_text(app)
        sandbox.advance(4)
        await wait_for(pilot, lambda: "offline, retrying in 8 s" in screen_text(app))
        sandbox.faults.rules.remove(rule)
        sandbox.advance(8)
        await wait_for(pilot, lambda: screen.clock.text.startswith("live · updated just now"))
        assert "READY" in screen_text(app)
        assert screen.clock.failures == 0


async def test_pause_stops_polling_until_resumed(sandbox: Sandbox) -> None:
    app = clocked_app(sandbox)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_monitor(pilot)
        await pilot.press("p")
        assert "paused (p resumes)" in screen_text(app)
        before = polls(sandbox)
        sandbox.advance(10)
        ticks = screen.clock.ticks
        await wait_for(pilot, lambda: screen.clock.ticks >= ticks + 2)  # a poll would have begun
        assert not screen.clock.polling
        assert polls(sandbox) == before
        polled = screen.clock.updated_at
        await pilot.press("p")
        await wait_for(pilot, lambda: screen.clock.updated_at != polled)
        assert polls(sandbox) == before + 1


async def test_an_unchanged_poll_redraws_no_cell(sandbox: Sandbox) -> None:
    app = clocked_app(sandbox)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_monitor(pilot)
        sandbox.advance(2 * 3600)  # everything finishes
        await next_poll(pilot, screen)
        sandbox.advance(5)
        await next_poll(pilot, screen)
        updates: list[object] = []
        table = screen.query_one(VimTable)
        original = table.update_cell

        def spy(*args: Any, **kwargs: Any) -> None:
            updates.append(args)
            original(*args, **kwargs)

        table.update_cell = spy  # type: ignore[method-assign]
        rows = screen.query_one(DataView).rows
        sandbox.advance(5)
        await next_poll(pilot, screen)
        assert updates == []
        assert screen.query_one(DataView).rows == rows


async def test_bell_rings_when_enabled(sandbox: Sandbox) -> None:
    app = clocked_app(sandbox)
    async with app.run_test(size=SIZE) as pilot:
        app.settings = type(app.settings)(**{**app.settings.__dict__, "bell": True})
        rings: list[bool] = []
        app.bell = lambda: rings.append(True)  # type: ignore[method-assign]
        screen = await open_monitor(pilot)
        sandbox.advance(3)
        await next_poll(pilot, screen)
        assert rings == [True]


def test_model_announces_only_finishes_it_watched() -> None:
    model = MonitorModel()
    at = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    done = Observation("batch", "b1", "Old", "READY")
    busy = Observation("batch", "b2", "New", "PROCESSING")
    assert model.update([done, busy], at) == []
    assert list(model.items) == ["b2"]  # finished before we looked: not on the monitor
    later = at + timedelta(seconds=5)
    (finish,) = model.update([done, Observation("batch", "b2", "New", "READY")], later)
    assert finish.message() == "Batch New is READY (was PROCESSING)."
    assert model.items["b2"].highlighted(later)
    assert not model.items["b2"].highlighted(later + timedelta(seconds=6))


def test_study_rate_and_summary() -> None:
    model = MonitorModel()
    at = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    for seconds, done in ((0, 0), (30, 1), (60, 2), (90, 6), (150, 6)):
        seen = Observation("study", "s", "S", "ACTIVE", done=done)
        model.update([seen], at + timedelta(seconds=seconds))
    # each rate covers the last minute: 1/0.5, 2/1, (6-1)/1, (6-6)/1 … per minute
    assert model.items["s"].rates == [2.0, 2.0, 5.0, 0.0]
    assert sparkline(model.items["s"].rates) == "▄▄█▁"
    counts = {"ACTIVE": 1, "AWAITING REVIEW": 3, "APPROVED": 2, "TOTAL": 6}
    assert submission_summary(counts) == (5, "1 active · 3 to review · 2 approved")


async def test_at_80_columns_the_monitor_keeps_the_key_columns_and_says_what_is_hidden(
    sandbox: Sandbox,
) -> None:
    app = clocked_app(sandbox)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_monitor(pilot)
        text = screen_text(app)
        assert "Hidden at this width: Done/min, Submissions / detail" in text
        for shown in ("Toxicity screen", "PROCESSING", " / 450 responses"):
            assert shown in text
        await pilot.resize_terminal(120, 35)
        await wait_for(pilot, lambda: "Submissions / detail" in screen_text(app))
        assert "Hidden at this width" not in screen_text(app)
        study = screen.query_one(DataView).rows[-1]
        assert study.cells[5] == "3 active · 5 to review"


async def test_v_on_a_live_study_row_opens_the_responses_of_its_batch(sandbox: Sandbox) -> None:
    app = clocked_app(sandbox)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_monitor(pilot)
        view = screen.query_one(DataView)
        study_row = next(r for r in view.rows if r.cells[0] == "study")
        batch_id = sandbox.world.studies[study_row.key].settings["data_collection_id"]
        view.table.move_cursor(row=view.visible_keys.index(study_row.key))
        await pilot.pause()
        assert view.cursor_key == study_row.key
        assert "responses" in screen_text(app)  # the title hints the key, from the registry
        await pilot.press("v")
        await wait_for(pilot, lambda: isinstance(app.screen, ResponsesScreen))
        responses = app.screen
        assert isinstance(responses, ResponsesScreen)
        assert responses.batch_ref == batch_id


async def test_v_on_a_batch_row_opens_that_batch(sandbox: Sandbox) -> None:
    app = clocked_app(sandbox)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_monitor(pilot)
        view = screen.query_one(DataView)
        batch_row = next(r for r in view.rows if r.cells[0] == "batch")
        view.table.move_cursor(row=view.visible_keys.index(batch_row.key))
        await pilot.pause()
        await pilot.press("v")
        await wait_for(pilot, lambda: isinstance(app.screen, ResponsesScreen))
        assert getattr(app.screen, "batch_ref", None) == batch_row.key


async def test_rates_use_the_servers_clock_not_the_local_one(sandbox: Sandbox) -> None:
    """At `--speed 20` a local minute is twenty server minutes: the rate must be per server
    minute, like every time the server reports. Here the local clock stands still."""
    still = datetime(2026, 1, 1, 9, 0, tzinfo=UTC)
    app = make_app(sandbox, now=lambda: still)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_monitor(pilot)
        view = screen.query_one(DataView)

        def rate() -> list[str]:
            study = next(r for r in view.rows if r.cells[0] == "study")
            return str(study.cells[4]).split()

        def samples() -> int:
            return sum(len(t.samples) for t in screen.model.items.values())

        async def poll_after(seconds: float) -> None:
            sandbox.advance(seconds)
            before = samples()
            await pilot.press("r")
            await wait_for(pilot, lambda: samples() > before)  # this poll was taken in

        await poll_after(20)  # both within the rate's one-minute window
        await poll_after(20)
        await wait_for(pilot, lambda: bool(rate()))  # none at all on the local clock
        assert float(rate()[-1]) > 0

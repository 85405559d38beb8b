"""The status line counts requests in flight only once one is slow, so polls repaint nothing."""

from __future__ import annotations

from textual.app import App, ComposeResult

from atb_tui.api.status import ConnectionStatus
from atb_tui.sandbox import Sandbox
from atb_tui.widgets.chrome import StatusLine
from tests.helpers.app import clocked_app
from tests.helpers.monitor import next_poll, open_monitor, polls
from tests.helpers.screen import screen_text
from tests.helpers.waits import wait_for

BUSY = ConnectionStatus(in_flight=1)
IDLE = ConnectionStatus()


class LineApp(App[None]):
    def compose(self) -> ComposeResult:
        yield StatusLine()


def connection_text(line: StatusLine) -> str:
    return str(line.query_one("#connection").render())


async def test_a_request_that_ends_quickly_never_shows_as_in_flight() -> None:
    async with LineApp().run_test() as pilot:
        line = pilot.app.query_one(StatusLine)
        line.show_connection(IDLE)
        before = line.repaints
        line.show_connection(BUSY)
        line.show_connection(IDLE)
        assert line.repaints == before
        assert connection_text(line) == "● connected"
        assert line._busy_timer is None  # nothing left to fire later


async def test_a_slow_request_is_counted_until_it_ends() -> None:
    async with LineApp().run_test() as pilot:
        line = pilot.app.query_one(StatusLine)
        line.show_connection(BUSY)
        assert connection_text(line) == "● connected"
        assert line._busy_timer is not None
        line.requests_slow()  # what the timer does once the request is a second old
        assert connection_text(line) == "● connected · 1 in flight"
        line.show_connection(ConnectionStatus(in_flight=2))
        assert connection_text(line) == "● connected · 2 in flight"
        line.show_connection(IDLE)
        assert connection_text(line) == "● connected"
        assert not line.slow


async def test_an_unchanged_monitor_poll_repaints_neither_status_nor_clock(
    sandbox: Sandbox,
) -> None:
    app = clocked_app(sandbox)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_monitor(pilot)
        sandbox.advance(2 * 3600)  # everything finishes; afterwards nothing changes
        await next_poll(pilot, screen)
        line = screen.query_one(StatusLine)
        repaints, label = line.repaints, screen.clock.text
        for _ in range(3):
            sandbox.advance(screen.clock.interval or 0)
            await next_poll(pilot, screen)
            assert screen.clock.text == label
        assert line.repaints == repaints
        assert "in flight" not in screen_text(app)


async def test_polls_that_find_nothing_new_slow_down_and_a_change_speeds_them_up(
    sandbox: Sandbox,
) -> None:
    app = clocked_app(sandbox)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_monitor(pilot)  # a batch is processing: the fast rate
        clock = screen.clock
        assert clock.interval == clock.policy.fast
        intervals = []
        for _ in range(4):  # the sandbox's clock stands still: nothing changes
            before = polls(sandbox)
            clock.due_at = clock.now()  # due now, without `r` (which means "fast again")
            await wait_for(pilot, lambda: polls(sandbox) > before and not clock.polling)  # noqa: B023
            intervals.append(clock.interval or 0)
        assert intervals == sorted(intervals)
        assert intervals[-1] > intervals[-2] > clock.policy.fast
        assert intervals[-1] <= clock.policy.idle
        sandbox.advance(intervals[-1])  # the batch becomes READY
        await next_poll(pilot, screen)
        assert clock.interval == clock.policy.fast

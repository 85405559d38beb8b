"""Base for screens that follow something live through one `PollClock` (details, monitor)."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual import on

from atb_tui.api.cause import caused_by
from atb_tui.logic.polling import PollPolicy
from atb_tui.screens.base import AtbScreen
from atb_tui.widgets.monitor_poll import PollClock


class PolledScreen(AtbScreen):
    """Owns the clock: pauses it while hidden, and calls `poll()` whenever a poll is due."""

    OPEN_ENDED: ClassVar[bool] = False  # True: keep polling even when everything is terminal
    # Subclasses define `poll` as a worker that reports back with clock.succeeded/failed.
    poll: Callable[[], object]

    def poll_clock(self) -> PollClock:
        """The clock widget to yield from `compose_body`."""
        policy = PollPolicy().with_refresh_interval(self.atb.settings.refresh_interval)
        return PollClock(policy, self.atb.options.now, open_ended=self.OPEN_ENDED)

    @property
    def clock(self) -> PollClock:
        return self.query_one(PollClock)

    def on_screen_suspend(self) -> None:
        for clock in self.query(PollClock):  # none on item screens that do not follow
            clock.suspend()

    def on_screen_resume(self) -> None:
        super().on_screen_resume()
        for clock in self.query(PollClock):
            clock.resume()

    @on(PollClock.Due)
    def _due(self) -> None:
        with caused_by(f"poll {self.SCREEN_ID.replace('_', ' ')}"):  # the API log's cause
            self.poll()

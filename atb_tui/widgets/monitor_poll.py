"""The poll clock every live view shares: when to ask the API again, and what to say about it.

`PollClock` never calls the API (widgets may not). It ticks, compares an injectable clock with
the time the next poll is due (so tests drive it with the sandbox's manual clock), and posts
`PollClock.Due`; the screen polls in a worker and reports back with `succeeded` or `failed`.
At most one poll is in flight, so polls never overlap. It shows one line: "live · updated 3 s
ago", "offline, retrying in 8 s", "paused", and only redraws when that text changes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime, timedelta

from textual.message import Message
from textual.reactive import reactive
from textual.timer import Timer
from textual.widgets import Static

from atb_tui.api.errors import RateLimitError
from atb_tui.logic.polling import Activity, PollPolicy, classify, describe_age, describe_retry

Now = Callable[[], datetime]
TICK_SECONDS = 0.25
FRESH_SLACK_SECONDS = 3.0  # a poll this late still counts as on time (a slow answer)

_ACTIVITY_WORDS = {
    Activity.PROCESSING: "processing",
    Activity.LIVE: "live",
    Activity.IDLE: "idle",
    Activity.TERMINAL: "finished",
}


class PollClock(Static):
    """Decides when the screen polls; shows how fresh the data on screen is."""

    DEFAULT_CSS = """
    PollClock { height: 1; width: 60; color: $text-muted; }
    PollClock.-offline { color: $error; }
    PollClock.-paused { color: $warning; }
    """

    class Due(Message):
        """Time to poll (the screen starts its poll worker and reports back)."""

    text: reactive[str] = reactive("not updated yet")

    def __init__(
        self, policy: PollPolicy, now: Now, *, open_ended: bool, id: str | None = None
    ) -> None:
        super().__init__("", id=id)
        self.policy = policy
        self.now = now
        self.open_ended = open_ended
        self.activity = Activity.IDLE
        self.failures = 0
        self.paused = False
        self.polling = False
        self.updated_at: datetime | None = None
        self.due_at: datetime | None = None
        self.interval: float | None = None  # seconds between the last poll and the next
        self.unchanged = 0  # polls in a row that found nothing new (they slow down)
        self.ticks = 0  # how often it looked at the clock: tests wait on ticks, never on time
        self._timer: Timer | None = None

    def on_mount(self) -> None:
        self._timer = self.set_interval(TICK_SECONDS, self.tick)
        self.due_at = self.now()

    def render(self) -> str:
        return self.text

    # ---- what the screen tells the clock ---------------------------------------------------

    def succeeded(self, statuses: Iterable[str], *, changed: bool = True) -> None:
        """A poll answered: schedule the next by what the watched items are doing.

        A screen that can tell passes `changed=False` when the poll found nothing new, and
        the polls slow down (see `PollPolicy.next_delay`)."""
        self.polling, self.failures = False, 0
        self.updated_at = self.now()
        self.activity = classify(statuses, open_ended=self.open_ended)
        self.unchanged = 0 if changed else self.unchanged + 1
        self._schedule(self.policy.next_delay(self.activity, 0, unchanged=self.unchanged))

    def failed(self, error: BaseException | None = None) -> None:
        """A poll failed: keep the data, back off (never sooner than a 429's Retry-After)."""
        retry_after = error.retry_after if isinstance(error, RateLimitError) else None
        self.polling = False
        self.failures += 1
        activity = Activity.IDLE if self.activity is Activity.TERMINAL else self.activity
        self._schedule(self.policy.next_delay(activity, self.failures, retry_after=retry_after))

    def poll_now(self) -> None:
        """Poll at the next tick (the `r` key), even after polling stopped."""
        self.due_at = self.now()
        self.unchanged = 0
        self.tick()

    def toggle_pause(self) -> bool:
        """Pause or resume; returns whether it is now paused."""
        self.paused = not self.paused
        if not self.paused and self.due_at is None and self.activity is not Activity.TERMINAL:
            self.due_at = self.now()
        self.tick()
        return self.paused

    def suspend(self) -> None:
        """The screen is hidden: stop ticking."""
        if self._timer is not None:
            self._timer.pause()

    def resume(self) -> None:
        """The screen is shown again: catch up at once if a poll is overdue."""
        if self._timer is not None:
            self._timer.resume()
        self.tick()

    @property
    def offline(self) -> bool:
        return self.failures > 0

    # ---- ticking ----------------------------------------------------------------------------

    def tick(self) -> None:
        """Post `Due` when a poll is due, and refresh the line."""
        self.ticks += 1
        now = self.now()
        if not (self.paused or self.polling) and self.due_at is not None and now >= self.due_at:
            self.polling = True
            self.post_message(self.Due())
        self.text = self._describe(now)
        self.set_class(self.offline, "-offline")
        self.set_class(self.paused, "-paused")

    def _schedule(self, delay: float | None) -> None:
        now = self.now()
        self.interval = delay
        self.due_at = None if delay is None else _plus(now, delay)
        self.text = self._describe(now)
        self.set_class(self.offline, "-offline")

    def _describe(self, now: datetime) -> str:
        age = "not updated yet"
        if self.updated_at is not None:
            # On time is "just now" however long the interval: a steady label writes nothing.
            # Offline, the age says how old the kept data really is.
            fresh_for = 0.0 if self.offline else (self.interval or 0) + FRESH_SLACK_SECONDS
            age = describe_age((now - self.updated_at).total_seconds(), fresh_for)
        if self.paused:
            return f"paused (p resumes) · {age}"
        if self.offline and self.due_at is not None:
            wait = max(0.0, (self.due_at - now).total_seconds())
            return f"{describe_retry(wait)} · last data kept, {age}"
        if self.polling and self.updated_at is None:
            return "loading…"
        return f"{_ACTIVITY_WORDS[self.activity]} · {age}"


def _plus(moment: datetime, seconds: float) -> datetime:
    return moment + timedelta(seconds=seconds)

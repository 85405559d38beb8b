"""The one polling policy: how long to wait before asking the API again, or whether to stop.

Fast while something is being processed or a study is live, the user's refresh interval while
idle, nothing at all once everything watched is terminal, and exponential back-off (capped)
while the API fails, never sooner than a `Retry-After` the API asked for. Pure functions: the
screens own the timers and pass in what they are watching and how many polls failed in a row.
No jitter, so behaviour is deterministic; one terminal user can't cause a thundering herd.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum


class Activity(Enum):
    """What the watched items are doing, from most to least urgent."""

    PROCESSING = "processing"  # a dataset, import, batch, export or sync is being worked on
    LIVE = "live"  # a study is ACTIVE: submissions arrive at any moment
    IDLE = "idle"  # nothing moving, but something may still change (drafts, paused studies)
    TERMINAL = "terminal"  # everything watched has finished: stop polling


# Statuses from api-reference §3, §4, §8 (upper case for resources, lower case for jobs).
BUSY_STATUSES = frozenset({"PROCESSING", "PUBLISHING", "queued", "processing", "generating"})
LIVE_STATUSES = frozenset({"ACTIVE"})
TERMINAL_STATUSES = frozenset(
    {"READY", "ERROR", "COMPLETED", "complete", "partial", "failed", "pending_schema"}
)


def classify(statuses: Iterable[str], *, open_ended: bool = False) -> Activity:
    """The activity of a set of watched items, given their API statuses.

    Unknown statuses count as idle (keep polling slowly rather than stop too early). With
    `open_ended` (e.g. a workspace monitor, where new items can appear) the result is never
    TERMINAL, so polling continues at the idle rate.
    """
    seen = set(statuses)
    if seen & BUSY_STATUSES:
        return Activity.PROCESSING
    if seen & LIVE_STATUSES:
        return Activity.LIVE
    if seen and seen <= TERMINAL_STATUSES:
        return Activity.IDLE if open_ended else Activity.TERMINAL
    if not seen and not open_ended:
        return Activity.TERMINAL
    return Activity.IDLE


@dataclass(frozen=True)
class PollPolicy:
    """Intervals in seconds. `idle` is the user's refresh interval setting."""

    fast: float = 2.0
    idle: float = 10.0
    max_backoff: float = 60.0
    calm_growth: float = 1.5  # each poll that found nothing new waits this much longer

    def __post_init__(self) -> None:
        if not (math.isfinite(self.fast) and self.fast > 0):
            raise ValueError(f"the fast poll interval must be positive, not {self.fast}")
        if not (math.isfinite(self.idle) and self.idle >= self.fast):
            raise ValueError(f"the refresh interval must be at least {self.fast:g} s")
        if not (math.isfinite(self.max_backoff) and self.max_backoff >= self.idle):
            raise ValueError(f"the longest retry wait must be at least {self.idle:g} s")

    def with_refresh_interval(self, seconds: float) -> PollPolicy:
        """This policy with the user's idle refresh interval (clamped to the valid range)."""
        idle = min(max(seconds, self.fast), self.max_backoff)
        return PollPolicy(self.fast, idle, self.max_backoff, self.calm_growth)

    def base_delay(self, activity: Activity) -> float | None:
        """The interval when the API answers normally; None means stop polling."""
        if activity is Activity.TERMINAL:
            return None
        if activity in (Activity.PROCESSING, Activity.LIVE):
            return self.fast
        return self.idle

    def next_delay(
        self,
        activity: Activity,
        failures: int,
        *,
        retry_after: float | None = None,
        unchanged: int = 0,
    ) -> float | None:
        """Seconds until the next poll, or None to stop.

        `failures` counts consecutive failed polls: each doubles the normal interval, up to
        `max_backoff`. A `retry_after` from the API (429/503) is honoured as a minimum.
        `unchanged` counts consecutive polls that found nothing new: each stretches a fast
        interval by `calm_growth`, up to the idle interval, so a stuck batch is not asked
        every 2 s forever; the first change brings the fast rate back.
        """
        base = self.base_delay(activity)
        if base is None:
            return None
        delay = base
        if unchanged > 0 and base < self.idle:
            delay = min(self.idle, base * self.calm_growth ** min(unchanged, 32))
        if failures > 0:
            delay = min(self.max_backoff, base * 2.0 ** min(failures, 32))
        if retry_after is not None and math.isfinite(retry_after):
            delay = max(delay, retry_after)
        return delay


def format_duration(seconds: float) -> str:
    """Short human duration: '8 s', '2 min', '3 h', '2 d' (rounded down past a minute)."""
    seconds = max(0.0, seconds) if math.isfinite(seconds) else 0.0
    if seconds < 60:
        return f"{math.ceil(seconds)} s" if seconds % 1 else f"{int(seconds)} s"
    for unit, size in (("d", 86400), ("h", 3600), ("min", 60)):
        if seconds >= size:
            return f"{int(seconds // size)} {unit}"
    raise AssertionError("unreachable")  # pragma: no cover


AGE_STEP_SECONDS = 10


def describe_age(seconds: float, fresh_for: float = AGE_STEP_SECONDS) -> str:
    """'updated just now', 'updated 20 s ago', 'updated 2 min ago' (negative counts as now).

    Data younger than `fresh_for` seconds is "just now": a poller passes its interval (plus a
    little), so while polls succeed on time the label never changes, and every change of it
    costs bytes over SSH. Under a minute the age moves in 10-second steps for the same reason.
    """
    if not math.isfinite(seconds):
        return "not updated yet"
    if seconds < max(AGE_STEP_SECONDS, fresh_for):
        return "updated just now"
    if seconds < 60:
        seconds = seconds // AGE_STEP_SECONDS * AGE_STEP_SECONDS
    return f"updated {format_duration(math.floor(seconds))} ago"


def describe_retry(seconds: float) -> str:
    """'offline, retrying in 8 s' for the status line while polls fail."""
    return f"offline, retrying in {format_duration(seconds)}"

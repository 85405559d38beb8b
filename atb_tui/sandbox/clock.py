"""Injectable time for the sandbox.

Every state change in the sandbox (dataset processing, batch setup, participants arriving,
exports finishing) is computed lazily from a clock, so tests drive time with a
:class:`ManualClock` and nothing ever sleeps, while ``serve`` uses a :class:`RealClock`
whose ``speed`` scales wall time for demos.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Protocol

DEFAULT_START = datetime(2026, 11, 23, 9, 0, 0, tzinfo=UTC)


class Clock(Protocol):
    """What the sandbox needs from a clock: the current instant, timezone-aware (UTC)."""

    def now(self) -> datetime:
        """The current simulated instant."""
        ...


def _require_aware(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("clock start must be timezone-aware, e.g. datetime(..., tzinfo=UTC)")
    return moment.astimezone(UTC)


class ManualClock:
    """A clock that only moves when told to: deterministic tests step it explicitly."""

    def __init__(self, start: datetime = DEFAULT_START) -> None:
        self._now = _require_aware(start)

    def now(self) -> datetime:
        """The current simulated instant."""
        return self._now

    def advance(self, seconds: float) -> None:
        """Move time forward; moving backwards would break every state machine, so it is refused."""
        if seconds < 0:
            raise ValueError(f"a clock cannot go backwards (advance({seconds}))")
        self._now += timedelta(seconds=seconds)

    def __repr__(self) -> str:
        return f"ManualClock(now={self._now.isoformat()})"


class RealClock:
    """Wall time, optionally sped up: ``speed=10`` makes a two-minute study fill in 12 seconds."""

    def __init__(
        self,
        speed: float = 1.0,
        start: datetime | None = None,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        if not speed > 0:
            raise ValueError(f"clock speed must be positive (got {speed})")
        self.speed = speed
        self._start = _require_aware(start) if start is not None else datetime.now(UTC)
        self._monotonic = monotonic
        self._origin = monotonic()

    def now(self) -> datetime:
        """Start time plus elapsed wall time multiplied by ``speed``."""
        elapsed = (self._monotonic() - self._origin) * self.speed
        return self._start + timedelta(seconds=elapsed)

    def catch_up(self, moment: datetime) -> None:
        """Never be behind ``moment`` (a world saved by a faster clock must not go back in time)."""
        lag = _require_aware(moment) - self.now()
        if lag.total_seconds() > 0:
            self._start += lag

    def __repr__(self) -> str:
        return f"RealClock(speed={self.speed})"

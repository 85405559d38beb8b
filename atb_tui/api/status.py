"""The client's view of its connection to Prolific, for a status bar.

``state`` is ``ok`` (the last request got an answer), ``retrying`` (a request failed and is
waiting ``retry_in`` seconds before trying again) or ``offline`` (the last request gave up
because Prolific could not be reached or kept answering 502/503/504). ``offline_since`` stays
set through retries until a request succeeds. ``requests_sent`` counts every HTTP attempt,
API and presigned transfers, retries included.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any, Literal

logger = logging.getLogger("atb_tui.api")

StatusListener = Callable[["ConnectionStatus"], None]


@dataclass(frozen=True, slots=True)
class ConnectionStatus:
    """A snapshot of the connection state (immutable; listeners get a new one per change)."""

    state: Literal["ok", "retrying", "offline"] = "ok"
    in_flight: int = 0
    offline_since: datetime | None = None
    retry_in: float | None = None
    last_error: str | None = None
    requests_sent: int = 0


class StatusTracker:
    """Holds the current ``ConnectionStatus`` and tells listeners about every change."""

    def __init__(self, now: Callable[[], datetime] | None = None) -> None:
        # The client passes the server's clock, so "offline since" agrees with server times.
        self._now = now or (lambda: datetime.now(UTC))
        self._status = ConnectionStatus()
        self._listeners: list[StatusListener] = []
        self._waiting = 0

    @property
    def status(self) -> ConnectionStatus:
        """The current snapshot."""
        return self._status

    def add_listener(self, listener: StatusListener) -> Callable[[], None]:
        """Call ``listener`` on every change; returns a function that unsubscribes it."""
        self._listeners.append(listener)

        def unsubscribe() -> None:
            if listener in self._listeners:
                self._listeners.remove(listener)

        return unsubscribe

    def request_started(self) -> None:
        """A logical request (with its retries) began."""
        self._update(in_flight=self._status.in_flight + 1)

    def request_finished(self) -> None:
        """A logical request ended, however it ended (also on cancellation)."""
        changes: dict[str, Any] = {"in_flight": max(self._status.in_flight - 1, 0)}
        if self._waiting == 0 and self._status.state == "retrying":
            changes.update(state=self._resting_state(), retry_in=None)
        self._update(**changes)

    def attempt_sent(self) -> None:
        """One HTTP attempt went out."""
        self._update(requests_sent=self._status.requests_sent + 1)

    def waiting(self, delay: float, error: str) -> None:
        """A request failed with ``error`` and will be repeated after ``delay`` seconds."""
        self._waiting += 1
        self._update(state="retrying", retry_in=delay, last_error=error)

    def resumed(self) -> None:
        """A waiting request is trying again."""
        self._waiting = max(self._waiting - 1, 0)
        self._update(retry_in=None)

    def reachable(self) -> None:
        """Prolific answered (even with an error status that retrying cannot fix)."""
        self._update(state="ok", offline_since=None, retry_in=None)

    def unreachable(self, error: str) -> None:
        """A request gave up because Prolific could not be reached."""
        since = self._status.offline_since or self._now()
        self._update(state="offline", offline_since=since, retry_in=None, last_error=error)

    def _resting_state(self) -> Literal["ok", "offline"]:
        return "offline" if self._status.offline_since else "ok"

    def _update(self, **changes: Any) -> None:
        new = replace(self._status, **changes)
        if new == self._status:
            return
        self._status = new
        for listener in list(self._listeners):
            try:
                listener(new)
            except Exception:  # a broken status bar must never break an API call
                logger.exception("connection status listener failed")

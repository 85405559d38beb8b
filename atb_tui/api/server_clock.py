"""The server's time, learnt from each response's ``Date`` header.

Times the app stamps ("seen at 09:00") must be on the same clock as the times the server
reports (created_at, published_at …). Against a sandbox at ``--speed 20``, or a machine whose
clock is off, the local clock is not that clock; so the client keeps the offset
server minus local from the last response with a readable ``Date`` and adds it to the local time.
A missing or unreadable header changes nothing: the offset stays (zero at first).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime


def parse_http_date(value: str | None) -> datetime | None:
    """An HTTP ``Date`` header as an aware UTC datetime; None when missing or unreadable."""
    if not value:
        return None
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when.tzinfo is None:  # "-0000" means UTC with no zone given (RFC 5322)
        when = when.replace(tzinfo=UTC)
    return when.astimezone(UTC)


class ServerClock:
    """The server's current time: the local clock plus the last offset seen."""

    def __init__(self, local: Callable[[], datetime] | None = None) -> None:
        self._local = local or (lambda: datetime.now(UTC))
        self._offset = timedelta(0)
        self.known = False  # True once a response carried a readable Date

    def observe(self, date_header: str | None) -> None:
        """Learn from one response's ``Date`` header (ignored when missing or unreadable)."""
        server = parse_http_date(date_header)
        if server is None:
            return
        # Date has whole seconds: the local time is truncated the same way, so a server that
        # agrees with us gives an offset of exactly zero rather than up to a second behind.
        local = self._local().replace(microsecond=0)
        self._offset = server - local
        self.known = True

    def now(self) -> datetime:
        """The server's time now (the local time until a response said otherwise)."""
        return self._local() + self._offset


class ExactServerClock(ServerClock):
    """A server whose clock can be read directly (the in-process sandbox): no estimate, so
    times are exact to the microsecond and the same on every run."""

    def __init__(self, server: Callable[[], datetime]) -> None:
        super().__init__()
        self._server = server
        self.known = True

    def observe(self, date_header: str | None) -> None:
        """Nothing to learn: the clock is read directly."""

    def now(self) -> datetime:
        """The server's own time."""
        return self._server()

"""When and how long to wait before repeating a request.

Safe requests (GET, PUT, PATCH, DELETE, and read-only POSTs) are repeated on 429/502/503/504
and on connection failures and timeouts. Requests that create something (every other POST)
are repeated only when they provably never reached Prolific: the connection was never
established (connect error or timeout, pool timeout), or Prolific refused them with 429.
A failure after such a request was sent raises ``OutcomeUnknownError`` instead.

PATCH counts as safe: every PATCH this client sends sets fields to absolute values, so
applying it twice leaves the same state.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from enum import Enum

import httpx

RETRYABLE_STATUSES = frozenset({429, 502, 503, 504})
GATEWAY_STATUSES = frozenset({502, 503, 504})
PRESIGNED_RETRYABLE_STATUSES = frozenset({429, 500, 502, 503, 504})


@dataclass(frozen=True)
class RetryPolicy:
    """Exponential backoff with full jitter, capped, honouring ``Retry-After``.

    ``max_attempts`` counts the first try. Attempt n (n = 1, 2, ...) waits a random time in
    [0, min(max_delay, base_delay * 2**(n-1))], or exactly that bound without jitter. A
    ``Retry-After`` longer than ``max_retry_after`` is not waited for: the error is raised with
    ``retry_after`` set, so the caller can tell the user when to come back.
    """

    max_attempts: int = 4
    base_delay: float = 0.5
    max_delay: float = 8.0
    jitter: bool = True
    max_retry_after: float = 60.0
    rng: random.Random = field(default_factory=random.Random, compare=False, repr=False)

    def __post_init__(self) -> None:
        if self.max_attempts < 1:
            raise ValueError("max_attempts must be at least 1")
        if self.base_delay < 0 or self.max_delay < 0 or self.max_retry_after < 0:
            raise ValueError("delays must not be negative")

    def backoff(self, attempt: int) -> float:
        """Seconds to wait after failed attempt number ``attempt`` (1-based)."""
        bound = min(self.max_delay, self.base_delay * 2 ** max(attempt - 1, 0))
        return self.rng.uniform(0, bound) if self.jitter else bound

    def delay(self, attempt: int, retry_after: float | None) -> float | None:
        """Seconds to wait before the next attempt, or None to give up."""
        if attempt >= self.max_attempts:
            return None
        if retry_after is None:
            return self.backoff(attempt)
        return retry_after if retry_after <= self.max_retry_after else None


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds from a ``Retry-After`` header (delta-seconds or HTTP date); None if absent/bad."""
    if not value or not value.strip():
        return None
    text = value.strip()
    try:
        return max(0.0, float(text))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


class Failure(Enum):
    """What a transport error says about whether the request reached the server."""

    NOT_SENT = "not sent"  # no connection was ever made: safe to repeat anything
    TIMEOUT = "timeout"  # sent, no answer in time
    LOST = "lost"  # sent, connection broke before a full answer
    FATAL = "fatal"  # a problem repeating cannot fix (bad URL, protocol misuse)


def classify(error: httpx.RequestError) -> Failure:
    """Sort an httpx request error by what it proves about delivery."""
    if isinstance(error, httpx.ConnectError | httpx.ConnectTimeout | httpx.PoolTimeout):
        return Failure.NOT_SENT
    if isinstance(error, httpx.TimeoutException):
        return Failure.TIMEOUT
    # A body that cannot be decoded was still answered: the request did reach the server.
    if isinstance(error, httpx.NetworkError | httpx.RemoteProtocolError | httpx.DecodingError):
        return Failure.LOST
    return Failure.FATAL

"""The request log: every HTTP attempt the client makes, kept for the API log panel.

Each attempt (API calls, presigned uploads and downloads, every retry) becomes one
``RequestRecord``: when, what, the outcome, how long, how many bytes, which attempt, and the
*cause* (the user action that led to it, from a context variable the UI sets around an
action). The log is a ring buffer, so memory stays bounded in a session of any length.

Recording is cheap on purpose: bodies are cut to ``BODY_LIMIT`` *before* they are copied (a
100k-response page costs one 64 KiB slice), and redaction and decoding happen only when a
body is read (``request_text``/``response_text``), which only the panel and ``--http-log`` do.
Headers are never kept, so the ``Authorization`` header cannot appear anywhere; the token is
also replaced wherever it might appear in a body or a URL, and presigned query strings (their
credentials) are dropped when the record is made.
"""

from __future__ import annotations

import contextlib
import logging
import re
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

log = logging.getLogger("atb_tui.api")

BODY_LIMIT = 64 * 1024
# All bodies kept together: 2,000 records of 64 KiB would be 128 MiB. Older bodies go first.
BODY_BUDGET = 16 * 1024 * 1024
DEFAULT_CAPACITY = 2000

# A URL whose query signs it (S3-style presigned links in upload/download responses).
_URL_WITH_QUERY = re.compile(r"(https?://[^\s\"'<>?]+)\?([^\s\"'<>]*)")
_SIGNING_KEY = re.compile(r"(?i)(x-amz-|signature|sig=|credential|token|expires=)")

Redact = Callable[[str], str]
Listener = Callable[["RequestRecord"], None]


@dataclass(slots=True)
class Body:
    """At most ``BODY_LIMIT`` bytes of a body, and how long it really was.

    Not frozen: the log forgets the bytes of old bodies once all it keeps pass
    ``BODY_BUDGET`` (``forget``), so the ring's memory has a firm bound."""

    head: bytes
    size: int
    note: str = ""  # instead of the bytes: "a file of 1.2 MB", "streamed to a file"

    def forget(self) -> None:
        """Drop the bytes, saying why."""
        if self.head:
            self.head = b""
            self.note = "(not kept: the log keeps the bodies of recent requests only)"

    @property
    def truncated(self) -> bool:
        return self.size > len(self.head)

    @classmethod
    def of(cls, content: bytes) -> Body:
        # Slicing first: only BODY_LIMIT bytes are ever copied, whatever the body's size.
        return cls(content[:BODY_LIMIT], len(content))


NO_BODY = Body(b"", 0)


@dataclass(frozen=True, slots=True)
class RequestRecord:
    """One attempt. ``status`` is None when no response came; ``error`` then says why."""

    seq: int
    at: datetime
    method: str
    url: str  # path and query for the API; scheme://host/path?[REDACTED] for storage
    path: str  # the path only, as the server routes it
    host: str
    status: int | None
    error: str | None  # "timeout", "dropped", "offline" (no connection), "failed", "cancelled"
    duration_ms: float
    bytes_sent: int
    bytes_received: int
    attempt: int  # 1 for the first try; 2, 3 … for retries
    cause: str
    request_body: Body = field(default_factory=lambda: NO_BODY)
    response_body: Body = field(default_factory=lambda: NO_BODY)
    redact: Redact = field(default=lambda text: text, repr=False, compare=False)

    @property
    def retry(self) -> int:
        """How many attempts came before this one."""
        return self.attempt - 1

    @property
    def outcome(self) -> str:
        """The status code, or the error kind when no response came."""
        return str(self.status) if self.status is not None else (self.error or "?")

    @property
    def shown_url(self) -> str:
        """The URL, redacted (presigned queries are already gone; this catches the rest)."""
        return self.redact(self.url)

    def request_text(self) -> str:
        """The request body as text, redacted ("" when there was none)."""
        return _text(self.request_body, self.redact)

    def response_text(self) -> str:
        """The response body as text, redacted ("" when there was none)."""
        return _text(self.response_body, self.redact)

    def to_json(self) -> dict[str, Any]:
        """The documented ``--http-log`` keys (README, "API log")."""
        return {
            "seq": self.seq,
            "time": self.at.isoformat(timespec="milliseconds"),
            "method": self.method,
            "url": self.shown_url,
            "path": self.path,
            "host": self.host,
            "status": self.status,
            "error": self.error,
            "duration_ms": round(self.duration_ms, 1),
            "bytes_sent": self.bytes_sent,
            "bytes_received": self.bytes_received,
            "attempt": self.attempt,
            "cause": self.cause,
            "request_body": self.request_text(),
            "request_body_truncated": self.request_body.truncated,
            "response_body": self.response_text(),
            "response_body_truncated": self.response_body.truncated,
        }


def _by_seq(record: RequestRecord) -> int:
    return record.seq


def redact_presigned(text: str) -> str:
    """``text`` with the query string of every signed URL replaced (it is a credential)."""

    def replace(match: re.Match[str]) -> str:
        if _SIGNING_KEY.search(match.group(2)):
            return f"{match.group(1)}?[REDACTED]"
        return match.group(0)

    return _URL_WITH_QUERY.sub(replace, text)


def _text(body: Body, redact: Redact) -> str:
    if body.note:
        return body.note
    if not body.head:
        return ""
    return redact(body.head.decode("utf-8", errors="replace"))


class RequestLog:
    """The last ``capacity`` records, plus listeners told of each new one.

    ``now`` and ``timer`` are attributes so tests and snapshots can make time deterministic.
    """

    def __init__(
        self,
        capacity: int = DEFAULT_CAPACITY,
        *,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
        timer: Callable[[], float] = time.perf_counter,
        body_budget: int = BODY_BUDGET,
    ) -> None:
        self._records: deque[RequestRecord] = deque(maxlen=capacity)
        self._bodies: deque[Body] = deque()  # bodies holding bytes, oldest first
        self._body_bytes = 0
        self.body_budget = body_budget
        self._listeners: list[Listener] = []
        self._seq = 0
        self.now = now
        self.timer = timer
        self._redactions: list[Redact] = [redact_presigned]

    def add_redaction(self, redact: Redact) -> None:
        """Also apply ``redact`` to every body and URL read from now on (the client adds its
        token; the app adds every secret it knows and credential-looking fragments)."""
        self._redactions.append(redact)

    def redact_text(self, text: str) -> str:
        """``text`` through every redaction in force now (records call this when read)."""
        for redact in self._redactions:
            text = redact(text)
        return text

    @property
    def capacity(self) -> int:
        return self._records.maxlen or 0

    @property
    def total(self) -> int:
        """How many records were ever added (older ones may have left the ring)."""
        return self._seq

    def records(self) -> list[RequestRecord]:
        """The records still kept, in the order the requests were sent."""
        # Appended as they finish; concurrent requests can finish out of order (a cheap sort:
        # the list is nearly sorted already).
        return sorted(self._records, key=_by_seq)

    def next_seq(self) -> int:
        """The number of the next request sent."""
        self._seq += 1
        return self._seq

    def add(self, record: RequestRecord) -> None:
        """Keep ``record`` and tell the listeners; a failing listener never fails a request."""
        self._records.append(record)
        self._keep_bodies(record.request_body, record.response_body)
        for listener in tuple(self._listeners):
            try:
                listener(record)
            except Exception:
                log.exception("a request-log listener failed")

    def _keep_bodies(self, *bodies: Body) -> None:
        for body in bodies:
            if body.head:
                self._bodies.append(body)
                self._body_bytes += len(body.head)
        while self._body_bytes > self.body_budget and self._bodies:
            oldest = self._bodies.popleft()
            self._body_bytes -= len(oldest.head)
            oldest.forget()

    @property
    def body_bytes(self) -> int:
        """Bytes of bodies kept now (at most ``body_budget``)."""
        return self._body_bytes

    def add_listener(self, listener: Listener) -> Callable[[], None]:
        """Call ``listener(record)`` for each new record; returns an unsubscribe function."""
        self._listeners.append(listener)

        def remove() -> None:
            with contextlib.suppress(ValueError):
                self._listeners.remove(listener)

        return remove

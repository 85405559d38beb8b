"""Deterministic identifiers and timestamps in Prolific's formats.

Classic objects (users, workspaces, projects, studies, submissions, participants) use
24-hex Mongo-style ids; data-collection objects (datasets, batches, instructions, tasks,
responses, jobs) use UUIDv7-style ids whose first 48 bits are the creation time in
milliseconds. Both are derived from the world's seed and a counter, so the same seed and
the same sequence of requests always produce the same ids.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime


def _digest(seed: int, purpose: str, counter: int, size: int) -> bytes:
    return hashlib.blake2b(f"{seed}:{purpose}:{counter}".encode(), digest_size=size).digest()


def object_id(seed: int, counter: int) -> str:
    """A 24-hex id such as ``6278acb09062db3b35bcbeb0``."""
    return _digest(seed, "oid", counter, 12).hex()


def uuid7(seed: int, counter: int, timestamp: float) -> str:
    """A UUIDv7-style id: time-ordered prefix, seeded random tail, version 7, RFC 4122 variant."""
    millis = int(timestamp * 1000) & ((1 << 48) - 1)
    tail = bytearray(_digest(seed, "uuid", counter, 10))
    tail[0] = 0x70 | (tail[0] & 0x0F)  # version 7 in the high nibble of byte 6
    tail[2] = 0x80 | (tail[2] & 0x3F)  # RFC 4122 variant in byte 8
    raw = millis.to_bytes(6, "big") + bytes(tail)
    hexed = raw.hex()
    return f"{hexed[:8]}-{hexed[8:12]}-{hexed[12:16]}-{hexed[16:20]}-{hexed[20:]}"


def iso(timestamp: float) -> str:
    """ISO-8601 UTC with milliseconds and a ``Z``, as Prolific writes them."""
    moment = datetime.fromtimestamp(timestamp, UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def iso_or_none(timestamp: float | None) -> str | None:
    """:func:`iso`, passing ``None`` through for fields that are nullable."""
    return None if timestamp is None else iso(timestamp)


def parse_iso(text: str) -> float:
    """Parse an ISO-8601 instant (``Z`` or offset); naive values are taken as UTC."""
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp()


def http_date(timestamp: float) -> str:
    """RFC 7231 date, e.g. ``Tue, 01 Sep 2026 23:59:59 GMT`` (used by S3-style headers)."""
    return datetime.fromtimestamp(timestamp, UTC).strftime("%a, %d %b %Y %H:%M:%S GMT")

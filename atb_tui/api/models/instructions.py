"""Results of the legacy instructions endpoints, with their deprecation notice."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from atb_tui.api.models.page_items import Instruction


def _parse_http_date(value: str) -> datetime | None:
    """An RFC 7231 date such as ``Tue, 01 Sep 2026 23:59:59 GMT``, or None if unreadable."""
    try:
        parsed = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _parse_deprecation(value: str) -> tuple[bool, datetime | None]:
    """``Deprecation: true`` (RFC 8594 draft) or ``@<epoch>`` (RFC 9745) or an HTTP date."""
    text = value.strip()
    if text.lower() in {"", "false", "0"}:
        return False, None
    if text.startswith("@") and text[1:].lstrip("-").isdigit():
        return True, datetime.fromtimestamp(int(text[1:]), tz=UTC)
    if text.lower() == "true":
        return True, None
    return True, _parse_http_date(text)


@dataclass(frozen=True, slots=True)
class DeprecationNotice:
    """The server's warning that an endpoint is deprecated and when it stops working."""

    deprecated_since: datetime | None
    sunset: datetime | None

    @classmethod
    def from_headers(cls, headers: Mapping[str, str]) -> DeprecationNotice | None:
        """Read ``Deprecation``/``Sunset`` headers; None if neither says anything."""
        lowered = {key.lower(): value for key, value in headers.items()}
        deprecated, since = _parse_deprecation(lowered.get("deprecation", ""))
        sunset_header = lowered.get("sunset")
        sunset = _parse_http_date(sunset_header) if sunset_header else None
        if not deprecated and sunset is None:
            return None
        return cls(deprecated_since=since, sunset=sunset)

    def __str__(self) -> str:
        if self.sunset is None:
            return "This endpoint is deprecated."
        return f"This endpoint is deprecated and stops working on {self.sunset:%d %b %Y}."


@dataclass(frozen=True, slots=True)
class InstructionsResult:
    """The instructions of a batch, and the deprecation notice the endpoint sent with them."""

    instructions: list[Instruction]
    deprecation: DeprecationNotice | None

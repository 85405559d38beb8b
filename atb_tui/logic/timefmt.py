"""Short, stable renderings of API timestamps for tables."""

from __future__ import annotations

from datetime import datetime


def short_time(value: datetime | str | None) -> str:
    """`2026-11-23 09:14` for a datetime or ISO string; "" for None; unparsable text as is."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return value
    return parsed.strftime("%Y-%m-%d %H:%M")

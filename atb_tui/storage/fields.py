"""Typed reads of one JSON entry, with messages that say which field is wrong."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from atb_tui.storage.jsonfile import json_type


class BadEntry(ValueError):
    """One entry of a list cannot be used; the rest of the file still can."""


def as_entry(value: object) -> dict[str, Any]:
    """The value as a JSON object, or BadEntry."""
    if not isinstance(value, dict):
        raise BadEntry(f"expected an object, found {json_type(value)}")
    return value


def required_text(entry: dict[str, Any], key: str) -> str:
    """A non-empty string field."""
    value = entry.get(key)
    if not isinstance(value, str) or not value:
        raise BadEntry(f"{key!r} should be a non-empty string, found {json_type(value)}")
    return value


def optional_text(entry: dict[str, Any], key: str) -> str | None:
    """A string field that may be absent or null."""
    value = entry.get(key)
    if value is not None and not isinstance(value, str):
        raise BadEntry(f"{key!r} should be a string or null, found {json_type(value)}")
    return value


def text_or_empty(entry: dict[str, Any], key: str) -> str:
    """A string field where absent means ""."""
    return optional_text(entry, key) or ""


def flag(entry: dict[str, Any], key: str) -> bool:
    """A true/false field where absent means false."""
    value = entry.get(key, False)
    if not isinstance(value, bool):
        raise BadEntry(f"{key!r} should be true or false, found {json_type(value)}")
    return value


def timestamp(entry: dict[str, Any], key: str) -> str:
    """An ISO 8601 timestamp field, kept as the string it was."""
    value = required_text(entry, key)
    try:
        datetime.fromisoformat(value)
    except ValueError as error:
        raise BadEntry(f"{key!r} is not an ISO timestamp") from error
    return value

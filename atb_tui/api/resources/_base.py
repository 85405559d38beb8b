"""Helpers shared by the resource classes."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from atb_tui.api._requester import ApiResponse, Requester, parse_as

DATA_COLLECTION = "/api/v1/data-collection"


def seg(value: str, what: str) -> str:
    """``value`` as one path segment; an empty id would silently hit a list endpoint."""
    return quote(nonempty(value, what), safe="")


def nonempty(value: str, what: str) -> str:
    """``value`` stripped, refusing an empty one (for query parameters and body ids)."""
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{what} must be a non-empty string")
    return value.strip()


def status_of(response: ApiResponse) -> str:
    """The ``status`` of a ``{"status": ...}`` body."""
    body = response.json()
    status = body.get("status") if isinstance(body, Mapping) else None
    if not isinstance(status, str):
        raise response.malformed("expected an object with a 'status' string")
    return status


def results_of(response: ApiResponse) -> Any:
    """The ``results`` of a list body, or the body itself when it is a bare list."""
    body = response.json()
    if isinstance(body, Mapping) and "results" in body:
        return body["results"] or []
    return body


class Resource:
    """A group of endpoints sharing the client's requester."""

    def __init__(self, requester: Requester) -> None:
        self._requester = requester


__all__ = [
    "DATA_COLLECTION",
    "Resource",
    "nonempty",
    "parse_as",
    "results_of",
    "seg",
    "status_of",
]

"""The error bodies Prolific sends, and which one the sandbox uses where.

Prolific has two envelopes (reference §1.4) plus the batch-items validation body:

* **classic** ``{"error": {"status", "error_code", "title", "detail"}}`` — every classic
  route (users, workspaces, projects, studies, submissions), every 401 and 405, and, on
  data-collection routes, 400s about the *shape of the request body* (missing or invalid
  fields), because the spec declares the ``Error`` schema for those;
* **flat** ``{"message", "detail"}`` — data-collection 404s and state or precondition
  failures (dataset not ready, batch already set up, nothing to sync, legacy instructions
  on a ``batch_items`` batch), matching the Go CLI's ``SimpleAPIError`` and the spec's
  ``SyncTaskBuilderBatchRequestBadRequestError``;
* ``{"type": "INVALID_BATCH_ITEMS", "message", "issues": [...]}`` — 422 from batch
  create/update when ``batch_items`` is invalid.
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from atb_tui.sandbox.model import JSON

_ERROR_CODES = {400: 140001, 401: 140101, 403: 140301, 404: 140401, 405: 140501, 409: 140901}

Detail = str | list[str] | dict[str, list[str]]


class ApiError(Exception):
    """An error the sandbox answers with; :meth:`body` is the JSON the client receives."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.headers = headers or {}

    def body(self) -> JSON:
        """The JSON error body."""
        raise NotImplementedError


class ClassicError(ApiError):
    """The classic ``{"error": {...}}`` envelope."""

    def __init__(self, status: int, detail: Detail, title: str | None = None) -> None:
        super().__init__(status, str(detail))
        self.detail = detail
        self.title = title or HTTPStatus(status).phrase

    def body(self) -> JSON:
        """The JSON error body."""
        error: JSON = {
            "status": self.status,
            "error_code": _ERROR_CODES.get(self.status, 100000 + self.status),
            "title": self.title,
            "detail": self.detail,
        }
        return {"error": error}


class FlatError(ApiError):
    """The flat data-collection envelope ``{"message", "detail"}``."""

    def __init__(self, status: int, detail: str, message: str | None = None) -> None:
        super().__init__(status, detail)
        self.detail = detail
        self.message = message or HTTPStatus(status).phrase

    def body(self) -> JSON:
        """The JSON error body."""
        return {"message": self.message, "detail": self.detail}


class BatchItemsInvalid(ApiError):
    """422 ``INVALID_BATCH_ITEMS`` with one issue per offending page/row/column/item."""

    def __init__(self, issues: list[JSON]) -> None:
        count = len(issues)
        summary = f"batch_items is invalid: {count} issue{'s' if count != 1 else ''} found"
        super().__init__(422, summary)
        self.issues = issues

    def body(self) -> JSON:
        """The JSON error body."""
        return {"type": "INVALID_BATCH_ITEMS", "message": str(self), "issues": self.issues}


class FieldErrors:
    """Collects per-field messages so one 400 reports every problem in a body at once."""

    def __init__(self) -> None:
        self.messages: dict[str, list[str]] = {}

    def add(self, field: str, message: str) -> None:
        """Record one problem with ``field`` (a dotted path such as ``task_details.task_name``)."""
        self.messages.setdefault(field, []).append(message)

    def __bool__(self) -> bool:
        return bool(self.messages)

    def raise_if_any(self) -> None:
        """Raise a classic 400 listing every recorded problem, if there is one."""
        if self.messages:
            raise ClassicError(400, dict(self.messages))


def not_found(kind: str, *, flat: bool) -> ApiError:
    """404 for an unknown id, in the envelope that family of routes uses."""
    if flat:
        return FlatError(404, f"{kind} not found", "Not Found")
    return ClassicError(404, f"{kind.capitalize()} not found.")


def describe(value: Any) -> str:
    """A short, safe rendering of a client-supplied value for an error message."""
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."

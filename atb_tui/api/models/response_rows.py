"""Batch responses decoded straight from JSON bytes with msgspec (the fast path).

A batch can hold 100,000 responses; building a pydantic model per response costs several times
the JSON parse itself. These structs are decoded a whole page at a time by one msgspec decoder,
with the same fields as ``TaskResponse`` (api-reference §4.10). Unknown fields are ignored,
like the pydantic models do.
"""

from __future__ import annotations

from typing import Any

import msgspec

Scalar = str | int | float | bool


class AnswerPart(msgspec.Struct, omit_defaults=True):
    """One part of an answer: ``value`` (+ ``unit`` / ``explanation``) or an uploaded file."""

    value: Scalar | None = None
    unit: str | None = None
    explanation: str | None = None
    file_key: str | None = None
    file_name: str | None = None
    file_size_mb: float | None = None
    content_type: str | None = None


class AnswerBody(msgspec.Struct):
    """A participant's answer to one instruction."""

    instruction_id: str
    type: str
    answer: list[AnswerPart] = msgspec.field(default_factory=list)


class ResponseRow(msgspec.Struct):
    """One response record, as the API sends it."""

    id: str
    participant_id: str
    task_id: str
    response: AnswerBody
    batch_id: str = ""
    created_at: str | None = None
    submission_id: str | None = None
    correlation_id: str | None = None
    metadata: dict[str, Any] | None = None
    schema_version: int | str | None = None
    no_submission: bool | None = None


class _Meta(msgspec.Struct):
    count: int | None = None


class _Href(msgspec.Struct):
    href: str | None = None


class _Links(msgspec.Struct):
    next: _Href | None = None


class ResponseRowPage(msgspec.Struct):
    """``{"results": [...], "meta": {"count": N}, "_links": ...}`` (results may be null)."""

    results: list[ResponseRow] | None = None
    meta: _Meta | None = None
    links: _Links | None = msgspec.field(default=None, name="_links")

    @property
    def count(self) -> int | None:
        return self.meta.count if self.meta is not None else None

    @property
    def next_href(self) -> str | None:
        link = self.links.next if self.links is not None else None
        return link.href if link is not None and link.href else None


PAGE_DECODER = msgspec.json.Decoder(ResponseRowPage)
LIST_DECODER = msgspec.json.Decoder(list[ResponseRow])


def encode_row(row: ResponseRow) -> bytes:
    """The record back as JSON (for copying and JSONL export)."""
    return msgspec.json.encode(row)

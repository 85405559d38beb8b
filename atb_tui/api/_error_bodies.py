"""Turn an error response into the right ``APIStatusError``.

Prolific uses two envelopes: the classic ``{"error": {"title", "detail", ...}}`` (``detail``
being a string, a list of strings or ``{field: [messages]}``) and the flat data-collection
``{"message", "detail"}``; batch layouts add ``{"type": "INVALID_BATCH_ITEMS", "issues"}``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any

from atb_tui.api.errors import (
    APIStatusError,
    AuthenticationError,
    BadRequestError,
    BatchItemIssue,
    BatchItemsError,
    ConflictError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ServerError,
    UnprocessableError,
)

MAX_TEXT_BODY = 300
_STATUS_CLASSES: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableError,
}
_DEFAULT_MESSAGES = {
    401: "Prolific did not accept the API token. Check PROLIFIC_TOKEN or sign in again.",
    403: "You do not have access to this, or the feature is not enabled for your workspace.",
    404: "It does not exist, or you do not have access to it.",
    429: "Prolific is receiving too many requests. Wait a moment and try again.",
}


@dataclass
class ParsedError:
    """What an error body says, whichever envelope it used."""

    title: str | None = None
    message: str | None = None
    field_errors: dict[str, list[str]] = field(default_factory=dict)
    error_code: int | None = None


def _messages(value: Any) -> list[str]:
    """One or more messages from a string, a list, or anything else."""
    if value is None:
        return []
    if isinstance(value, list):
        return [text for item in value for text in _messages(item)]
    if isinstance(value, str):
        return [value] if value.strip() else []
    return [json.dumps(value, ensure_ascii=False)]


def _read_detail(detail: Any, parsed: ParsedError) -> None:
    """Fill the message and field errors from a ``detail`` of any of its three shapes."""
    if isinstance(detail, Mapping):
        for name, value in detail.items():
            parsed.field_errors[str(name)] = _messages(value)
        parts = [
            "; ".join(texts)
            if name in {"non_field_errors", "__all__"}
            else f"{name}: " + "; ".join(texts)
            for name, texts in parsed.field_errors.items()
        ]
        parsed.message = "; ".join(parts) or None
    else:
        parsed.message = "; ".join(_messages(detail)) or None


def _parse_classic(inner: Mapping[str, Any]) -> ParsedError:
    parsed = ParsedError(title=inner.get("title") if isinstance(inner.get("title"), str) else None)
    code = inner.get("error_code")
    parsed.error_code = code if isinstance(code, int) else None
    _read_detail(inner.get("detail"), parsed)
    extra = inner.get("additional_information")
    if isinstance(extra, str) and extra.strip():
        parsed.message = f"{parsed.message} ({extra})" if parsed.message else extra
    return parsed


def _is_reason_phrase(text: str, status: int) -> bool:
    try:
        return text.strip().lower() == HTTPStatus(status).phrase.lower()
    except ValueError:
        return False


def _parse_flat(body: Mapping[str, Any], status: int) -> ParsedError:
    parsed = ParsedError()
    _read_detail(body.get("detail"), parsed)
    message = "; ".join(_messages(body.get("message")))
    if message and not _is_reason_phrase(message, status):
        parsed.message = f"{message}: {parsed.message}" if parsed.message else message
    elif message and not parsed.message:
        parsed.message = message
    return parsed


def parse_error_body(body: Any, status: int) -> ParsedError:
    """Read either envelope; an unknown shape yields an empty ``ParsedError``."""
    if not isinstance(body, Mapping):
        return ParsedError(message="; ".join(_messages(body)) or None)
    inner = body.get("error")
    if isinstance(inner, Mapping):
        return _parse_classic(inner)
    if isinstance(inner, str) and "detail" not in body:
        return ParsedError(message=inner)
    if "title" in body and "detail" in body:  # a bare ErrorDetail (seen in the spec for studies)
        return _parse_classic(body)
    return _parse_flat(body, status)


def _batch_issues(body: Any) -> list[BatchItemIssue] | None:
    """The located issues of an ``INVALID_BATCH_ITEMS`` body, or None for any other body."""
    if not isinstance(body, Mapping) or body.get("type") != "INVALID_BATCH_ITEMS":
        return None
    issues = []
    for raw in body.get("issues") or []:
        if not isinstance(raw, Mapping):
            continue
        issues.append(
            BatchItemIssue(
                page=_int(raw.get("page")),
                row=_int(raw.get("row")),
                column=_int(raw.get("column")),
                item=_int(raw.get("item")),
                type=str(raw.get("type") or "item"),
                message=str(raw.get("message") or "invalid"),
                field=raw["field"] if isinstance(raw.get("field"), str) else None,
            )
        )
    return issues


def _int(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def decode_body(content: bytes, content_type: str) -> Any:
    """JSON if the body is JSON, else short plain text (HTML error pages give nothing)."""
    text = content.decode("utf-8", errors="replace").strip()
    try:
        return json.loads(text)
    except ValueError:
        pass
    if "html" in content_type.lower() or text.lstrip().startswith("<"):
        return None
    return text[:MAX_TEXT_BODY] or None


def _batch_items_error(
    body: Any, issues: list[BatchItemIssue], endpoint: str, redact: Callable[[str], str]
) -> BatchItemsError:
    message = body.get("message") if isinstance(body.get("message"), str) else None
    summary = redact(message or "The batch layout is invalid")
    if issues:
        listed = "; ".join(redact(str(issue)) for issue in issues[:3])
        more = f" (and {len(issues) - 3} more)" if len(issues) > 3 else ""
        summary = f"{summary}: {listed}{more}"
    return BatchItemsError(summary, issues=issues, endpoint=endpoint)


def error_from_response(
    status: int,
    content: bytes,
    content_type: str,
    endpoint: str,
    redact: Callable[[str], str],
    retry_after: float | None = None,
) -> APIStatusError:
    """The error to raise for an error response (token redacted from every message)."""
    body = decode_body(content, content_type)
    issues = _batch_issues(body) if status == 422 else None
    if issues is not None:
        return _batch_items_error(body, issues, endpoint, redact)
    parsed = parse_error_body(body, status)
    message = redact(parsed.message or _default_message(status))
    fields = {redact(k): [redact(text) for text in v] for k, v in parsed.field_errors.items()}
    title = redact(parsed.title) if parsed.title else None
    if status == 429:
        error = RateLimitError(message, endpoint=endpoint, retry_after=retry_after)
        error.title = title or error.title
        return error
    error_class = ServerError if status >= 500 else _STATUS_CLASSES.get(status, APIStatusError)
    return error_class(
        message,
        status_code=status,
        endpoint=endpoint,
        title=title,
        field_errors=fields,
        error_code=parsed.error_code,
    )


def _default_message(status: int) -> str:
    if status in _DEFAULT_MESSAGES:
        return _DEFAULT_MESSAGES[status]
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        phrase = "Error"
    return f"Prolific answered {status} {phrase}."

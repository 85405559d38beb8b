"""Turning one HTTP attempt into a ``RequestRecord`` (see request_log.py for what is kept)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import httpx

from atb_tui.api.request_log import NO_BODY, Body, RequestLog, RequestRecord
from atb_tui.api.retry import Failure, classify

REDACTED_QUERY = "?[REDACTED]"
ERROR_KINDS = {
    Failure.NOT_SENT: "offline",  # no connection could be made
    Failure.TIMEOUT: "timeout",
    Failure.LOST: "dropped",
    Failure.FATAL: "failed",
}


def storage_url(url: httpx.URL) -> str:
    """A presigned URL as the log shows it: without its query, whose signature is a credential."""
    return f"{url.scheme}://{url.host}{url.path}" + (REDACTED_QUERY if url.query else "")


def api_url(path: str, params: object) -> str:
    """An API request's path and query as the server receives them (no secret is in them)."""
    target = httpx.URL(path, params=params) if params else httpx.URL(path)
    return target.raw_path.decode("ascii")


@dataclass(frozen=True, slots=True)
class Attempted:
    """What the sender knows about one attempt before its outcome."""

    seq: int  # numbered when sent, so the log lists requests in the order they were made
    method: str
    url: str
    path: str
    host: str
    attempt: int
    at: datetime
    cause: str


def record_response(
    log: RequestLog, tried: Attempted, response: httpx.Response, elapsed_ms: float
) -> None:
    """Log an attempt that got a response (any status)."""
    sent, request_body = _request_side(response.request)
    _add(
        log,
        tried,
        status=response.status_code,
        error=None,
        elapsed_ms=elapsed_ms,
        bytes_sent=sent,
        bytes_received=response.num_bytes_downloaded,
        request_body=request_body,
        response_body=_response_body(response),
    )


def record_failure(
    log: RequestLog, tried: Attempted, error: httpx.RequestError, elapsed_ms: float
) -> None:
    """Log an attempt that ended without a response (timeout, dropped connection …)."""
    try:
        request: httpx.Request | None = error.request
    except RuntimeError:  # httpx raises when the error carries no request
        request = None
    sent, request_body = _request_side(request) if request is not None else (0, NO_BODY)
    _add(
        log,
        tried,
        status=None,
        error=ERROR_KINDS[classify(error)],
        elapsed_ms=elapsed_ms,
        bytes_sent=sent,
        bytes_received=0,
        request_body=request_body,
        response_body=NO_BODY,
    )


def record_cancelled(log: RequestLog, tried: Attempted, elapsed_ms: float) -> None:
    """Log an attempt abandoned by its caller (the user left the screen that asked for it)."""
    _add(
        log,
        tried,
        status=None,
        error="cancelled",
        elapsed_ms=elapsed_ms,
        bytes_sent=0,
        bytes_received=0,
        request_body=NO_BODY,
        response_body=NO_BODY,
    )


def _add(
    log: RequestLog,
    tried: Attempted,
    *,
    status: int | None,
    error: str | None,
    elapsed_ms: float,
    bytes_sent: int,
    bytes_received: int,
    request_body: Body,
    response_body: Body,
) -> None:
    log.add(
        RequestRecord(
            seq=tried.seq,
            at=tried.at,
            method=tried.method,
            url=tried.url,
            path=tried.path,
            host=tried.host,
            status=status,
            error=error,
            duration_ms=elapsed_ms,
            bytes_sent=bytes_sent,
            bytes_received=bytes_received,
            attempt=tried.attempt,
            cause=tried.cause,
            request_body=request_body,
            response_body=response_body,
            redact=log.redact_text,
        )
    )


def _request_side(request: httpx.Request) -> tuple[int, Body]:
    """Bytes sent and the body; a streamed upload is described, not copied."""
    length = int(request.headers.get("content-length") or 0)
    try:
        content = request.content
    except httpx.RequestNotRead:
        return length, Body(b"", length, note=f"(a file of {length:,} bytes, not shown)")
    return len(content), Body.of(content) if content else NO_BODY


def _response_body(response: httpx.Response) -> Body:
    try:
        content = response.content
    except httpx.ResponseNotRead:  # a download streamed straight into a file
        size = response.num_bytes_downloaded
        return Body(b"", size, note=f"(streamed to a file: {size:,} bytes, not shown)")
    return Body.of(content) if content else NO_BODY

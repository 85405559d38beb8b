"""The outer ASGI layer: request log, faults, trailing slashes, auth, then the API.

Order for every HTTP request:

1. record it in the request log (``Authorization`` value redacted);
2. fire a scripted fault, if one matches (:mod:`atb_tui.sandbox.faults`);
3. strip a trailing slash so every route answers with and without one;
4. check ``Authorization: Token <token>`` on ``/api/`` routes (401 otherwise);
5. bring the world up to the clock's current time, then run the Starlette app.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from http import HTTPStatus
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from atb_tui.sandbox.errors import ClassicError
from atb_tui.sandbox.faults import Fault, FaultPlan

log = logging.getLogger("atb_tui.sandbox")
MAX_LOG = 10_000


class SandboxDrop(ConnectionResetError):
    """Raised in process when a ``drop`` fault closes the connection without a response."""


@dataclass
class RecordedRequest:
    """One request as the sandbox saw it; ``status`` is None when the connection was dropped."""

    method: str
    path: str
    query: str
    headers: dict[str, str]
    status: int | None = None
    fault: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    at: datetime | None = None  # the sandbox clock's time when the request arrived


def _record(scope: Scope) -> RecordedRequest:
    headers = {}
    for raw_name, raw_value in scope.get("headers", []):
        name = raw_name.decode("latin-1").lower()
        headers[name] = "<redacted>" if name == "authorization" else raw_value.decode("latin-1")
    query = scope.get("query_string", b"").decode("latin-1")
    return RecordedRequest(scope["method"], scope["path"], query, headers)


class SandboxASGI:
    """Wraps the Starlette app with the cross-cutting behaviour listed in the module doc."""

    def __init__(
        self,
        inner: ASGIApp,
        token: Callable[[], str],
        faults: Callable[[], FaultPlan],
        request_log: list[RecordedRequest],
        before: Callable[[], object],
        after: Callable[[str], None],
        now: Callable[[], datetime] | None = None,
    ) -> None:
        self.inner, self.token, self.faults = inner, token, faults
        self.request_log, self.before, self.after = request_log, before, after
        self.now = now

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.inner(scope, receive, send)
            return
        entry = _record(scope)
        entry.at = self.now() if self.now is not None else None
        self._remember(entry)
        path = scope["path"].rstrip("/") or "/"
        scope = {**scope, "path": path, "raw_path": path.encode()}
        fault = self.faults().pick(scope["method"], path)
        if fault is not None:
            entry.fault = fault.kind
            if fault.latency:
                await self.faults().sleep(fault.latency)
        send = self._dating(send)
        if fault is not None and fault.kind == "status":
            await _send_json_error(send, entry, _fault_error(fault))
            return
        if path.startswith("/api/") and (problem := self._auth_problem(scope)) is not None:
            await _send_json_error(send, entry, problem)
            return
        await self._handle(scope, receive, send, entry, fault)

    def _dating(self, send: Send) -> Send:
        """``send`` with a ``Date`` header from the sandbox's clock on every response start."""

        async def dated(message: Message) -> None:
            await send(self._dated(message))

        return dated

    def _dated(self, message: Message) -> Message:
        # The sandbox's clock, not the wall clock: at --speed 20 (or in tests with a manual
        # clock) the client reads the server's time from this header (see api/server_clock.py).
        if self.now is None or message["type"] != "http.response.start":
            return message
        headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"date"]
        headers.append((b"date", format_datetime(self.now().astimezone(UTC), usegmt=True).encode()))
        return {**message, "headers": headers}

    def _remember(self, entry: RecordedRequest) -> None:
        if len(self.request_log) >= MAX_LOG:
            del self.request_log[: MAX_LOG // 2]
        self.request_log.append(entry)

    def _auth_problem(self, scope: Scope) -> ClassicError | None:
        headers = dict(scope.get("headers", []))
        given = headers.get(b"authorization")
        if given is None:
            return ClassicError(
                401, "Authentication credentials were not provided.", "Not Authenticated"
            )
        text = given.decode("latin-1")
        if not text.startswith("Token "):
            return ClassicError(
                401, "Use the header 'Authorization: Token <your API token>'.", "Not Authenticated"
            )
        if text[len("Token ") :].strip() != self.token():
            return ClassicError(401, "Invalid token.", "Not Authenticated")
        return None

    async def _handle(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        entry: RecordedRequest,
        fault: Fault | None,
    ) -> None:
        self.before()
        mangle = fault is not None and fault.kind in ("drop", "truncate", "malformed")
        captured: list[Message] = []

        async def capture(message: Message) -> None:
            if message["type"] == "http.response.start":
                entry.status = message["status"]
            if mangle:
                captured.append(message)
            else:
                await send(message)

        try:
            await self.inner(scope, receive, capture)
        except Exception:
            log.exception("sandbox error while handling %s %s", scope["method"], scope["path"])
            if entry.status is None:
                await _send_json_error(
                    send, entry, ClassicError(500, "The sandbox hit an internal error.")
                )
                return
        finally:
            self.after(scope["method"])
        if fault is not None and mangle:
            await _deliver_mangled(fault, captured, send, receive, entry)


def _fault_error(fault: Fault) -> ClassicError:
    status = fault.status or 500
    error = ClassicError(status, f"Injected fault: {HTTPStatus(status).phrase}.")
    if fault.retry_after is not None and status in (429, 503):
        error.headers["Retry-After"] = f"{fault.retry_after:g}"
    return error


async def _send_json_error(send: Send, entry: RecordedRequest, error: ClassicError) -> None:
    body = json.dumps(error.body()).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    headers += [(k.lower().encode(), v.encode()) for k, v in error.headers.items()]
    entry.status = error.status
    await send({"type": "http.response.start", "status": error.status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def _deliver_mangled(
    fault: Fault, captured: list[Message], send: Send, receive: Receive, entry: RecordedRequest
) -> None:
    if fault.kind == "drop":
        entry.status = None
        await _drop_connection(receive)
        return
    start = next(m for m in captured if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in captured if m["type"] == "http.response.body")
    body = (
        body[: len(body) // 2]
        if fault.kind == "truncate"
        else b'{"results": [{"id": <html>502 Bad Gateway</html>'
    )
    headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
    headers.append((b"content-length", str(len(body)).encode()))
    await send({**start, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def _drop_connection(receive: Receive) -> None:
    """Close the client's connection without answering.

    Under uvicorn, ``receive`` is bound to the request cycle that owns the socket's
    transport: closing it is exactly a dropped connection. In process there is no socket,
    so :class:`SandboxDrop` is raised for the transport to turn into a connection error."""
    transport = getattr(getattr(receive, "__self__", None), "transport", None)
    if not isinstance(transport, asyncio.Transport):
        raise SandboxDrop("injected fault: connection dropped")
    transport.close()
    for _ in range(3):
        await asyncio.sleep(0)  # let the server notice the disconnect before we return

"""A scripted fake Prolific server behind ``httpx.MockTransport``, for the API client tests.

The fake stands in for the server only; the client under test is the real one.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

TOKEN = "tok_ABCdef0123456789secret"
BASE = "https://api.prolific.com"
Reply = httpx.Response | Exception | Callable[[httpx.Request], httpx.Response]


@dataclass
class Seen:
    """A request as the server received it."""

    method: str
    path: str
    params: dict[str, str]
    headers: httpx.Headers
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class FakeAPI:
    """Routes (method, path) to scripted replies, consumed in order; the last one repeats."""

    routes: dict[tuple[str, str], list[Reply]] = field(default_factory=dict)
    seen: list[Seen] = field(default_factory=list)

    def on(self, method: str, path: str, *replies: Reply) -> None:
        self.routes.setdefault((method, path), []).extend(replies)

    def json(self, method: str, path: str, body: Any, status: int = 200, **headers: str) -> None:
        self.on(method, path, httpx.Response(status, json=body, headers=headers))

    def handler(self, request: httpx.Request) -> httpx.Response:
        self.seen.append(
            Seen(
                request.method,
                request.url.path,
                dict(request.url.params),
                request.headers,
                request.content,
            )
        )
        replies = self.routes.get((request.method, request.url.path))
        if not replies:
            return httpx.Response(404, json={"detail": f"no route {request.url.path}"})
        reply = replies.pop(0) if len(replies) > 1 else replies[0]
        if isinstance(reply, Exception):
            raise reply
        if callable(reply) and not isinstance(reply, httpx.Response):
            return reply(request)
        return reply

    def calls(self, method: str, path: str) -> list[Seen]:
        return [s for s in self.seen if s.method == method and s.path == path]

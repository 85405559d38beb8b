"""The in-process sandbox tests run against, a real client on it, and the demo world's names."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import httpx

from atb_tui.api import ProlificClient, RetryPolicy
from atb_tui.sandbox import ManualClock, Sandbox

START = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
FAST_RETRY = RetryPolicy(max_attempts=3, base_delay=0.001, max_delay=0.01)

# The demo world: the workspace most tests work in.
WS_ID = "657fdc1bb561337c0dfb1bae"
WS_TITLE = "Sentiment Lab"
WORKSPACE = (WS_ID, WS_TITLE)


def make_sandbox(**options: Any) -> Sandbox:
    """A seeded demo sandbox whose time only moves when a test says so."""
    return Sandbox(clock=ManualClock(START), **options)


def sandbox_client(sandbox: Sandbox, token: str | None = None) -> ProlificClient:
    """A real client talking to the in-process sandbox (retries fast so tests never wait)."""
    return ProlificClient(
        token or sandbox.token,
        base_url=sandbox.base_url,
        transport=sandbox.transport(),
        presigned_transport=sandbox.transport(),
        retry=FAST_RETRY,
    )


def raw_client(sandbox: Sandbox, *, token: str | None = "sandbox-token") -> httpx.AsyncClient:
    """Plain httpx on the sandbox's ASGI app: for testing the sandbox without our client."""
    headers = {"Authorization": f"Token {token}"} if token else {}
    return httpx.AsyncClient(
        transport=sandbox.transport(), base_url=sandbox.base_url, headers=headers
    )


def item_named(items: Mapping[str, object], name: str) -> str:
    """The id of the sandbox object called `name` (a batch, dataset or collection by its name,
    a study by the name in its settings)."""
    for item_id, item in items.items():
        settings = getattr(item, "settings", None) or {}
        if name in (getattr(item, "name", None), settings.get("name")):
            return item_id
    raise KeyError(name)


class FakeSleep:
    """A `sleep` for flows that poll: moves the sandbox clock instead of waiting, and counts."""

    def __init__(self, sandbox: Sandbox) -> None:
        self.sandbox, self.calls = sandbox, 0

    async def __call__(self, seconds: float) -> None:
        self.calls += 1
        self.sandbox.advance(seconds)

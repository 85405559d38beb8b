"""Fixtures for the API client tests: a scripted fake Prolific behind ``httpx.MockTransport``.

The fake stands in for the server only; the client under test is the real one.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable

import httpx
import pytest

from atb_tui.api import ProlificClient, RetryPolicy
from tests.helpers.fake_api import TOKEN, FakeAPI


@pytest.fixture
def api() -> FakeAPI:
    return FakeAPI()


@pytest.fixture
def sleeps() -> list[float]:
    """Every delay the client asked to sleep for (it never really sleeps in tests)."""
    return []


@pytest.fixture
async def make_client(sleeps: list[float]) -> AsyncIterator[Callable[..., ProlificClient]]:
    """Build clients on a handler or transport; all are closed after the test."""
    clients: list[ProlificClient] = []

    async def fake_sleep(delay: float) -> None:
        sleeps.append(delay)

    def factory(
        handler: Callable[[httpx.Request], httpx.Response] | None = None,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        presigned: httpx.AsyncBaseTransport | None = None,
        retry: RetryPolicy | None = None,
        token: str = TOKEN,
        base_url: str | None = None,
    ) -> ProlificClient:
        client = ProlificClient(
            token,
            base_url=base_url,
            transport=transport or (httpx.MockTransport(handler) if handler else None),
            presigned_transport=presigned,
            retry=retry or RetryPolicy(jitter=False),
            sleep=fake_sleep,
        )
        clients.append(client)
        return client

    yield factory
    for client in clients:
        await client.aclose()


@pytest.fixture
def client(make_client: Callable[..., ProlificClient], api: FakeAPI) -> ProlificClient:
    return make_client(api.handler)

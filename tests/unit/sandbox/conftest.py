"""Fixtures for sandbox tests: a manual clock, a sandbox, and httpx clients over ASGI."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from atb_tui.sandbox import ManualClock, Sandbox


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def sandbox(clock: ManualClock) -> Sandbox:
    """The demo sandbox (seeded account with history)."""
    return Sandbox(clock=clock)


@pytest.fixture
def bare(clock: ManualClock) -> Sandbox:
    """A sandbox without demo data: one funded workspace, nothing else."""
    return Sandbox(clock=clock, demo_data=False)


def make_client(sb: Sandbox, *, token: str | None = "sandbox-token") -> httpx.AsyncClient:
    headers = {"Authorization": f"Token {token}"} if token else {}
    return httpx.AsyncClient(transport=sb.transport(), base_url=sb.base_url, headers=headers)


@pytest.fixture
async def api(sandbox: Sandbox) -> AsyncIterator[httpx.AsyncClient]:
    async with make_client(sandbox) as client:
        yield client


@pytest.fixture
async def bare_api(bare: Sandbox) -> AsyncIterator[httpx.AsyncClient]:
    async with make_client(bare) as client:
        yield client

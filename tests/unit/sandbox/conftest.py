"""Fixtures for sandbox tests: a manual clock, a sandbox, and httpx clients over ASGI."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from atb_tui.sandbox import ManualClock, Sandbox
from tests.helpers.sandbox import raw_client


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


@pytest.fixture
async def api(sandbox: Sandbox) -> AsyncIterator[httpx.AsyncClient]:
    async with raw_client(sandbox) as client:
        yield client


@pytest.fixture
async def bare_api(bare: Sandbox) -> AsyncIterator[httpx.AsyncClient]:
    async with raw_client(bare) as client:
        yield client

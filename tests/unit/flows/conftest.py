"""Fixtures for the flow tests: a real client on the demo sandbox."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from atb_tui.api import ProlificClient
from atb_tui.sandbox import Sandbox
from tests.helpers.sandbox import sandbox_client


@pytest.fixture
async def client(sandbox: Sandbox) -> AsyncIterator[ProlificClient]:
    async with sandbox_client(sandbox) as api:
        yield api

"""Fixtures for storage tests: the isolated config dir and a fixed clock."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest


@pytest.fixture
def root(isolated_config: Path) -> Path:
    """The config dir chosen by the autouse fixture in tests/conftest.py (not yet created)."""
    return isolated_config


@pytest.fixture
def clock() -> Callable[[], datetime]:
    """A clock that advances one minute per reading, so timestamps are distinct and known."""
    start = datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC)
    ticks = iter(range(10_000))
    return lambda: start + timedelta(minutes=next(ticks))

"""Fixtures for storage tests: the isolated config dir, a fixed clock, file-mode helpers."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

posix_only = pytest.mark.skipif(os.name == "nt", reason="POSIX permission bits")


def mode_of(path: Path) -> int:
    """The permission bits of a file or directory."""
    return stat.S_IMODE(path.stat().st_mode)


def files_under(root: Path) -> dict[str, bytes]:
    """Every file below root (relative name -> bytes), to check nothing was lost."""
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


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

"""Shared fixtures: every test gets its own config dir and no inherited token; `sandbox` is the
seeded demo sandbox on a manual clock (tests/unit/sandbox has its own, on a bare clock)."""

from __future__ import annotations

from pathlib import Path

import pytest

from atb_tui.sandbox import Sandbox
from tests.helpers.sandbox import make_sandbox


@pytest.fixture(autouse=True)
def isolated_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point ATB_TUI_CONFIG_DIR at a temp dir and clear PROLIFIC_* so the developer's files
    and environment never decide a result."""
    config = tmp_path / "config"
    monkeypatch.setenv("ATB_TUI_CONFIG_DIR", str(config))
    monkeypatch.setenv("ATB_TUI_DOWNLOADS_DIR", str(tmp_path / "downloads"))
    monkeypatch.delenv("PROLIFIC_TOKEN", raising=False)
    monkeypatch.delenv("PROLIFIC_URL", raising=False)
    return config


@pytest.fixture
def sandbox() -> Sandbox:
    """The seeded demo sandbox; its time moves only when the test says so."""
    return make_sandbox()

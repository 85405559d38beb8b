"""Shared fixtures: every test gets its own config dir and no inherited token."""

from __future__ import annotations

from pathlib import Path

import pytest


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

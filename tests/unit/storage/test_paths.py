"""The config directory honours ATB_TUI_CONFIG_DIR and is created private, lazily."""

from __future__ import annotations

from pathlib import Path

import platformdirs
import pytest

from atb_tui.cli import main
from atb_tui.storage.errors import StorageError
from atb_tui.storage.paths import config_dir, config_dir_path, describe_paths
from tests.helpers.files import mode_of, posix_only


def test_config_dir_comes_from_the_environment(root: Path) -> None:
    assert config_dir_path() == root
    assert config_dir() == root


def test_config_dir_expands_home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("ATB_TUI_CONFIG_DIR", "~/atb")
    assert config_dir_path() == tmp_path / "atb"


def test_without_override_platformdirs_decides(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ATB_TUI_CONFIG_DIR", "  ")
    assert config_dir_path() == platformdirs.user_config_path("atb-tui", appauthor=False)


def test_describing_paths_creates_nothing(root: Path) -> None:
    described = dict(describe_paths())
    assert not root.exists()
    assert described["config"] == root
    assert list(described) == ["config", "settings", "profiles", "tokens", "state", "drafts", "log"]
    assert all(path.parent == root for label, path in described.items() if label != "config")


@posix_only
def test_config_dir_and_missing_parents_are_created_private(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("ATB_TUI_CONFIG_DIR", str(tmp_path / "a" / "b"))
    created = config_dir()
    assert created.is_dir()
    assert mode_of(created) == 0o700
    assert mode_of(tmp_path / "a") == 0o700


@posix_only
def test_an_existing_config_dir_keeps_its_mode(root: Path) -> None:
    root.mkdir(mode=0o755)
    root.chmod(0o755)
    config_dir()
    assert mode_of(root) == 0o755


def test_a_file_in_the_way_gives_a_clear_error(root: Path) -> None:
    root.parent.mkdir(parents=True, exist_ok=True)
    root.write_text("not a directory")
    with pytest.raises(StorageError, match="cannot create the config directory"):
        config_dir()


def test_atb_tui_config_prints_every_path(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["config"]) == 0
    out = capsys.readouterr().out
    assert str(root / "settings.toml") in out
    assert str(root / "profiles.json") in out

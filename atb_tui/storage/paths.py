"""Where atb-tui keeps its files: one config directory, overridable with ATB_TUI_CONFIG_DIR.

Layout (all inside the config directory):

    settings.toml   hand-edited settings, never written by the app
    profiles.json   saved profiles and the active one (no tokens)
    tokens/<name>   one token per profile, mode 0600, directory 0700
    state.json      recent places and datasets known per workspace
    drafts/         autosaved forms and instruction drafts
    atb-tui.log     the rotating log (the terminal belongs to the UI)
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from atb_tui.storage.atomic import ensure_private_dir
from atb_tui.storage.errors import StorageError, describe_os_error

APP_NAME = "atb-tui"
CONFIG_DIR_ENV = "ATB_TUI_CONFIG_DIR"
SETTINGS_FILE = "settings.toml"
PROFILES_FILE = "profiles.json"
TOKENS_DIR = "tokens"
STATE_FILE = "state.json"
DRAFTS_DIR = "drafts"
LOG_FILE = "atb-tui.log"


def config_dir_path() -> Path:
    """The config directory's location, without creating it."""
    override = os.environ.get(CONFIG_DIR_ENV, "").strip()
    if override:
        return Path(override).expanduser().absolute()
    return platformdirs.user_config_path(APP_NAME, appauthor=False)


def config_dir() -> Path:
    """The config directory, created (mode 0700) the first time it is asked for."""
    path = config_dir_path()
    try:
        return ensure_private_dir(path)
    except OSError as error:
        message = f"cannot create the config directory {path}: {describe_os_error(error)}"
        raise StorageError(message) from error


def settings_path(root: Path | None = None) -> Path:
    """The hand-edited settings file."""
    return (config_dir_path() if root is None else root) / SETTINGS_FILE


def log_path(root: Path | None = None) -> Path:
    """The rotating log file."""
    return (config_dir_path() if root is None else root) / LOG_FILE


def describe_paths() -> list[tuple[str, Path]]:
    """(label, path) for every file atb-tui keeps, for `atb-tui config`. Creates nothing."""
    root = config_dir_path()
    return [
        ("config", root),
        ("settings", root / SETTINGS_FILE),
        ("profiles", root / PROFILES_FILE),
        ("tokens", root / TOKENS_DIR),
        ("state", root / STATE_FILE),
        ("drafts", root / DRAFTS_DIR),
        ("log", root / LOG_FILE),
    ]

"""Atomic writes: whole file or old file, never a torn one; corrupt files are kept aside."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from atb_tui.storage.atomic import (
    atomic_write_text,
    create_exclusively,
    ensure_private_dir,
    quarantine,
)
from tests.helpers.files import mode_of, posix_only


def test_write_creates_parents_and_content(tmp_path: Path) -> None:
    target = tmp_path / "new" / "file.txt"
    atomic_write_text(target, "héllo\n")
    assert target.read_text(encoding="utf-8") == "héllo\n"


def test_write_replaces_and_leaves_no_temporary_files(tmp_path: Path) -> None:
    target = tmp_path / "file.txt"
    for round_number in range(3):
        atomic_write_text(target, f"round {round_number}")
    assert target.read_text() == "round 2"
    assert [p.name for p in tmp_path.iterdir()] == ["file.txt"]


@posix_only
def test_mode_is_set_before_the_file_appears(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "secret"
    modes_at_replace: list[int] = []
    real_replace = os.replace

    def spying_replace(source: str | Path, destination: str | Path) -> None:
        modes_at_replace.append(mode_of(Path(source)))
        real_replace(source, destination)

    monkeypatch.setattr(os, "replace", spying_replace)
    atomic_write_text(target, "s3cret", mode=0o600)
    assert modes_at_replace == [0o600]
    assert mode_of(target) == 0o600


@pytest.mark.parametrize("failing", ["replace", "fsync"])
def test_a_crash_mid_write_keeps_the_original(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    target = tmp_path / "state.json"
    target.write_text("original")

    def crash(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, failing, crash)
    with pytest.raises(OSError, match="No space left"):
        atomic_write_text(target, "half-written new content")
    monkeypatch.undo()
    assert target.read_text() == "original"
    assert [p.name for p in tmp_path.iterdir()] == ["state.json"]


def test_quarantine_preserves_bytes_under_a_timestamped_name(tmp_path: Path) -> None:
    corrupt = tmp_path / "state.json"
    corrupt.write_bytes(b"\xff\x00garbage")
    first = quarantine(corrupt, "not JSON")
    corrupt.write_bytes(b"again")
    second = quarantine(corrupt, "not JSON")
    assert not corrupt.exists()
    assert re.fullmatch(r"state\.json\.corrupt-\d{8}T\d{6}Z(-\d+)?", first.name)
    assert first != second
    assert first.read_bytes() == b"\xff\x00garbage"
    assert second.read_bytes() == b"again"


def test_create_exclusively_never_overwrites(tmp_path: Path) -> None:
    target = tmp_path / "settings.toml"
    assert create_exclusively(target, "first") is True
    assert create_exclusively(target, "second") is False
    assert target.read_text() == "first"
    assert [p.name for p in tmp_path.iterdir()] == ["settings.toml"]


@posix_only
def test_private_dirs_are_0700(tmp_path: Path) -> None:
    created = ensure_private_dir(tmp_path / "x" / "y")
    assert mode_of(created) == 0o700
    assert mode_of(created.parent) == 0o700

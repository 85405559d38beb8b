"""Saved files go to the downloads folder, never overwrite, and never show half-written."""

from __future__ import annotations

from pathlib import Path

import pytest

from atb_tui.flows.downloads import DOWNLOADS_ENV, downloads_dir, free_path, resolve, save_text


def test_the_default_folder_is_the_downloads_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(DOWNLOADS_ENV, str(tmp_path))
    assert downloads_dir() == tmp_path
    assert resolve("report.csv", "x.csv") == tmp_path / "report.csv"
    assert resolve("", "x.csv") == tmp_path / "x.csv"
    monkeypatch.delenv(DOWNLOADS_ENV)
    assert downloads_dir().name == "Downloads"


def test_a_relative_name_never_lands_in_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(DOWNLOADS_ENV, str(tmp_path / "dl"))
    monkeypatch.chdir(tmp_path)
    saved = save_text(resolve("out.json", "x.json"), "{}")
    assert saved == tmp_path / "dl" / "out.json"
    assert not (tmp_path / "out.json").exists()


def test_a_folder_gets_the_default_name_inside_it(tmp_path: Path) -> None:
    assert resolve(tmp_path, "report-7.csv") == tmp_path / "report-7.csv"


def test_nothing_is_overwritten(tmp_path: Path) -> None:
    first = save_text(tmp_path / "report.csv", "one")
    second = save_text(tmp_path / "report.csv", "two")
    third = save_text(tmp_path / "report.csv", "three")
    assert (first.name, second.name, third.name) == ("report.csv", "report-2.csv", "report-3.csv")
    assert first.read_text() == "one"
    assert free_path(tmp_path / "new.csv") == tmp_path / "new.csv"


def test_no_temporary_file_is_left_behind(tmp_path: Path) -> None:
    save_text(tmp_path / "a.json", "{}")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.json"]

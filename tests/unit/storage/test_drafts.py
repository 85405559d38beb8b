"""Drafts: autosaved typing survives a crash; corrupt drafts are kept aside, not overwritten."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest

from atb_tui.storage.drafts import Draft, DraftStore
from atb_tui.storage.errors import StorageError
from tests.helpers.files import files_under, mode_of, posix_only

FORM = {"name": "Sentiment", "reward": 1.5, "instructions": [{"type": "free_text", "n": None}]}


def test_a_draft_survives_a_new_app_instance(root: Path, clock: Callable[[], datetime]) -> None:
    saved = DraftStore(clock=clock).save("instructions/work/batch-1", FORM)
    assert saved == Draft("instructions/work/batch-1", FORM, "2025-01-02T03:04:05+00:00")
    assert DraftStore(root).load("instructions/work/batch-1") == saved


def test_saving_again_replaces_the_draft() -> None:
    store = DraftStore()
    store.save("study/work/b1", {"v": 1})
    store.save("study/work/b1", {"v": 2})
    loaded = store.load("study/work/b1")
    assert loaded is not None
    assert loaded.data == {"v": 2}
    assert store.keys() == ["study/work/b1"]


def test_keys_filter_by_prefix_and_delete(root: Path) -> None:
    store = DraftStore()
    for key in ["instructions/work/b1", "instructions/work/b2", "instructions/home/b1", "study/x"]:
        store.save(key, {"k": key})
    assert store.keys("instructions/work/") == ["instructions/work/b1", "instructions/work/b2"]
    store.delete("instructions/work/b1")
    store.delete("instructions/work/b1")  # twice is fine
    assert store.load("instructions/work/b1") is None
    assert len(store.keys()) == 3


@pytest.mark.parametrize(
    "key", ["../../etc/passwd", "a/b\\c:d", "..", "Case", "case", "ünï/çødé", "\x00nul", "x" * 900]
)
def test_any_key_maps_to_a_safe_file_inside_the_drafts_dir(root: Path, key: str) -> None:
    store = DraftStore()
    store.save(key, {"key": key})
    (path,) = (root / "drafts").iterdir()
    assert path.parent == root / "drafts"
    assert len(path.name) < 200
    assert store.load(key) == Draft(key, {"key": key}, store.load(key).saved_at)  # type: ignore[union-attr]


def test_keys_differing_only_in_case_do_not_collide() -> None:
    store = DraftStore()
    store.save("Batch", {"v": "upper"})
    store.save("batch", {"v": "lower"})
    assert store.keys() == ["Batch", "batch"]
    assert store.load("Batch").data == {"v": "upper"}  # type: ignore[union-attr]


@posix_only
def test_drafts_are_private(root: Path) -> None:
    DraftStore().save("k", {})
    (path,) = (root / "drafts").iterdir()
    assert mode_of(path) == 0o600
    assert mode_of(root / "drafts") == 0o700


@pytest.mark.parametrize("data", [{"when": datetime(2025, 1, 1)}, {"x": float("nan")}])
def test_data_that_json_cannot_hold_is_refused_and_nothing_written(
    root: Path, data: dict[str, object]
) -> None:
    store = DraftStore()
    store.save("k", {"ok": True})
    with pytest.raises(StorageError, match="cannot be saved"):
        store.save("k", data)
    assert store.load("k").data == {"ok": True}  # type: ignore[union-attr]


@pytest.mark.parametrize("key", ["", "x" * 1001])
def test_bad_keys_are_refused(key: str) -> None:
    with pytest.raises(StorageError, match="draft key"):
        DraftStore().save(key, {})


def _draft_file(root: Path) -> Path:
    (path,) = (root / "drafts").glob("*.json")
    return path


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\xff\xfe\x00\x01", "not valid UTF-8"),
        (b'{"version": 1, "key": "k", "data": ', "not valid JSON"),
        (b'{"version": 1, "key": "k", "data": [], "saved_at": "t"}', "lacks its key, data"),
        (b'{"version": 7, "key": "k", "data": {}, "saved_at": "t"}', "newer atb-tui (format 7)"),
        (b'{"version": 1, "key": "other", "data": {}, "saved_at": "t"}', "different key"),
    ],
)
def test_a_corrupt_draft_is_moved_aside_and_reported(
    root: Path, content: bytes, message: str
) -> None:
    store = DraftStore()
    store.save("k", {"v": 1})
    _draft_file(root).write_bytes(content)
    assert store.load("k") is None
    assert message in store.load_errors[0]
    assert content in files_under(root / "drafts").values()
    assert store.keys() == []


def test_saving_over_a_corrupt_draft_keeps_the_corrupt_one(root: Path) -> None:
    store = DraftStore()
    store.save("k", {"v": 1})
    _draft_file(root).write_bytes(b"{garbage")
    store.save("k", {"v": 2})
    assert b"{garbage" in files_under(root / "drafts").values()
    assert DraftStore(root).load("k").data == {"v": 2}  # type: ignore[union-attr]
    assert len(store.load_errors) == 1


def test_keys_skips_and_reports_corrupt_files(root: Path) -> None:
    store = DraftStore()
    store.save("good", {})
    (root / "drafts" / "stray.json").write_text(json.dumps({"version": 1}))
    assert store.keys() == ["good"]
    assert "lacks its key" in store.load_errors[0]

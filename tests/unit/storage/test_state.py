"""state.json: recent places, datasets known per workspace, and corrupt-file safety."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from atb_tui.storage import state as state_module
from atb_tui.storage.errors import StorageError
from atb_tui.storage.state import MAX_RECENT, KnownDataset, Place, StateStore
from tests.helpers.files import files_under


def place(n: int, profile: str = "work", screen: str = "batch", item: str | None = None) -> Place:
    return Place(
        profile=profile,
        workspace_id="ws1",
        workspace_name="Lab",
        screen=screen,
        item_id=item if item is not None else f"b{n}",
        label=f"Batch {n}",
        visited_at=f"2025-01-01T00:{n:02d}:00+00:00",
    )


def write_state(root: Path, content: bytes | dict[str, Any]) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    path = root / "state.json"
    path.write_bytes(content if isinstance(content, bytes) else json.dumps(content).encode())
    return path


def test_recent_places_are_most_recent_first_and_persist(root: Path) -> None:
    store = StateStore()
    for n in range(3):
        store.remember(place(n))
    assert [p.item_id for p in store.recent()] == ["b2", "b1", "b0"]
    assert StateStore(root).recent() == store.recent()


def test_revisiting_a_place_moves_it_to_the_top_once() -> None:
    store = StateStore()
    for n in range(3):
        store.remember(place(n))
    revisit = Place("work", "ws1", "Lab", "batch", "b0", "Batch 0 (renamed)", "2025-02-01T00:00:00")
    store.remember(revisit)
    assert [p.item_id for p in store.recent()] == ["b0", "b2", "b1"]
    assert store.recent()[0].label == "Batch 0 (renamed)"


def test_places_differ_by_profile_workspace_screen_and_item() -> None:
    store = StateStore()
    store.remember(place(1, item="x"))
    store.remember(place(1, item="x", screen="responses"))
    store.remember(place(1, item="x", profile="home"))
    store.remember(Place("work", None, None, "workspaces"))
    assert len(store.recent()) == 4


def test_recent_keeps_only_the_last_ten(root: Path) -> None:
    store = StateStore()
    for n in range(15):
        store.remember(place(n))
    assert [p.item_id for p in StateStore(root).recent()] == [f"b{n}" for n in range(14, 4, -1)]
    assert MAX_RECENT == 10


def test_last_place_overall_and_per_profile() -> None:
    store = StateStore()
    assert store.last_place() is None
    store.remember(place(1, profile="work"))
    store.remember(place(2, profile="home"))
    assert store.last_place() == place(2, profile="home")
    assert store.last_place("work") == place(1, profile="work")
    assert store.last_place("nobody") is None


def test_a_place_needs_a_profile_and_a_screen() -> None:
    with pytest.raises(StorageError, match="needs a profile and a screen"):
        StateStore().remember(Place("", None, None, "batches"))


def test_known_datasets_are_kept_per_profile_and_workspace(
    root: Path, clock: Callable[[], datetime]
) -> None:
    store = StateStore(clock=clock)
    store.remember_dataset("work", "ws1", "d1", "survey.csv")
    store.remember_dataset("work", "ws1", "d2", "images.jsonl")
    store.remember_dataset("work", "ws2", "d3")
    store.remember_dataset("home", "ws1", "d4")
    reopened = StateStore(root)
    assert reopened.known_datasets("work", "ws1") == [
        KnownDataset("d2", "images.jsonl", "2025-01-02T03:05:05+00:00"),
        KnownDataset("d1", "survey.csv", "2025-01-02T03:04:05+00:00"),
    ]
    assert [d.dataset_id for d in reopened.known_datasets("work", "ws2")] == ["d3"]
    assert [d.dataset_id for d in reopened.known_datasets("home", "ws1")] == ["d4"]
    assert reopened.known_datasets("home", "ws2") == []


def test_reopening_a_dataset_moves_it_up_and_keeps_its_name() -> None:
    store = StateStore()
    store.remember_dataset("work", "ws1", "d1", "survey.csv")
    store.remember_dataset("work", "ws1", "d2", "other.csv")
    store.remember_dataset("work", "ws1", "d1")
    assert [(d.dataset_id, d.name) for d in store.known_datasets("work", "ws1")] == [
        ("d1", "survey.csv"),
        ("d2", "other.csv"),
    ]


def test_forgetting_datasets_and_profiles() -> None:
    store = StateStore()
    store.remember_dataset("work", "ws1", "d1")
    store.remember_dataset("work", "ws1", "d2")
    store.remember_dataset("home", "ws1", "d3")
    store.remember(place(1, profile="home"))
    store.remember(place(2, profile="work"))
    store.forget_dataset("work", "ws1", "d1")
    assert [d.dataset_id for d in store.known_datasets("work", "ws1")] == ["d2"]
    store.forget_profile("home")
    assert store.known_datasets("home", "ws1") == []
    assert [p.profile for p in store.recent()] == ["work"]


def test_datasets_per_workspace_are_capped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(state_module, "MAX_DATASETS_PER_WORKSPACE", 3)
    store = StateStore()
    for n in range(5):
        store.remember_dataset("work", "ws1", f"d{n}")
    store.remember_dataset("work", "ws2", "other")
    assert [d.dataset_id for d in store.known_datasets("work", "ws1")] == ["d4", "d3", "d2"]
    assert [d.dataset_id for d in store.known_datasets("work", "ws2")] == ["other"]


def test_a_dataset_needs_profile_workspace_and_id() -> None:
    with pytest.raises(StorageError):
        StateStore().remember_dataset("work", "", "d1")


# --- failures -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00", "not valid UTF-8"),
        (b'{"version": 1, "recent": [', "not valid JSON"),
        (b"null", "holds null"),
        (b'{"version": true, "recent": []}', "no valid format version"),
        (b'{"version": 1, "recent": {"a": 1}}', "'recent' that should be a list"),
        (b'{"version": 1, "datasets": "d1"}', "'datasets' that should be a list"),
        (b'{"version": 1, "x": ' + b"1" * 5000 + b"}", "not JSON this app can read"),
    ],
)
def test_a_corrupt_state_file_is_moved_aside(root: Path, content: bytes, message: str) -> None:
    write_state(root, content)
    store = StateStore(root)
    assert store.recent() == []
    assert message in store.load_errors[0]
    kept = [p for p in root.iterdir() if p.name.startswith("state.json.corrupt-")]
    assert [p.read_bytes() for p in kept] == [content]
    store.remember(place(1))
    assert StateStore(root).recent() == [place(1)]


def test_unusable_entries_are_dropped_and_the_rest_kept(root: Path) -> None:
    good = {
        "profile": "work",
        "workspace_id": "ws1",
        "workspace_name": None,
        "screen": "batches",
        "visited_at": "2025-01-01T00:00:00+00:00",
    }
    path = write_state(
        root,
        {
            "version": 1,
            "recent": [good, {**good, "screen": 3}, {**good, "visited_at": "yesterday"}, good],
            "datasets": [{"profile": "work", "workspace_id": "ws1", "dataset_id": "d1"}, {}],
        },
    )
    raw = path.read_bytes()
    store = StateStore(root)
    assert [p.screen for p in store.recent()] == ["batches"]
    assert [d.dataset_id for d in store.known_datasets("work", "ws1")] == ["d1"]
    assert "dropped 3 unreadable entries" in store.load_errors[0]
    assert "'screen' should be a non-empty string" in store.load_errors[0]
    assert [p.read_bytes() for p in root.iterdir() if ".corrupt-" in p.name] == [raw]


def test_a_newer_state_file_is_untouched_and_changes_stay_in_memory(root: Path) -> None:
    path = write_state(root, {"version": 2, "recent": "new shape"})
    before = path.read_bytes()
    store = StateStore(root)
    assert "newer atb-tui" in store.load_errors[0]
    store.remember(place(1))
    store.remember_dataset("work", "ws1", "d1")
    assert store.recent() == [place(1)]
    assert [d.dataset_id for d in store.known_datasets("work", "ws1")] == ["d1"]
    assert path.read_bytes() == before
    assert "not saved" in store.save_errors[0]


def test_a_failed_write_keeps_the_file_and_the_change_in_memory(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = StateStore(root)
    store.remember(place(1))
    before = (root / "state.json").read_bytes()

    def full_disk(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    store.remember(place(2))
    monkeypatch.undo()
    assert [p.item_id for p in store.recent()] == ["b2", "b1"]
    assert store.save_errors == [f"could not save {root / 'state.json'}: No space left on device"]
    assert (root / "state.json").read_bytes() == before
    assert sorted(files_under(root)) == ["state.json"]


def test_another_instances_changes_are_seen(root: Path) -> None:
    first, second = StateStore(root), StateStore(root)
    first.remember(place(1))
    second.remember(place(2))
    assert [p.item_id for p in first.recent()] == ["b2", "b1"]


# --- properties -----------------------------------------------------------------------------

_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)
_STATE_LIKE = st.fixed_dictionaries(
    {"version": st.sampled_from([1, 1, 2, 0, "1"])},
    optional={
        "recent": st.lists(
            st.fixed_dictionaries(
                {},
                optional={
                    k: _JSON | st.text(max_size=4)
                    for k in ["profile", "workspace_id", "screen", "item_id", "label", "visited_at"]
                },
            ),
            max_size=4,
        )
        | _JSON,
        "datasets": st.lists(_JSON, max_size=3) | _JSON,
    },
)


def _load_preserving(raw: bytes) -> None:
    with tempfile.TemporaryDirectory() as directory:
        root = Path(directory)
        (root / "state.json").write_bytes(raw)
        store = StateStore(root)
        recent = store.recent()
        assert all(isinstance(p, Place) for p in recent)
        assert len(recent) <= MAX_RECENT
        assert all(isinstance(message, str) for message in store.load_errors)
        assert raw in files_under(root).values()  # valid, quarantined, backed up or untouched
        store.remember(place(1))  # never raises, whatever was on disk


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=300))
def test_arbitrary_bytes_never_raise_and_are_never_lost(raw: bytes) -> None:
    _load_preserving(raw)


@settings(max_examples=100, deadline=None)
@given(_STATE_LIKE)
def test_state_shaped_json_never_raises(document: dict[str, Any]) -> None:
    _load_preserving(json.dumps(document).encode())

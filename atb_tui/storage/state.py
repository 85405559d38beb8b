"""state.json: where the user was (recent places) and which datasets they know of.

The API cannot list datasets, so the app remembers the ones created or opened here, per
profile and workspace. The file is app-owned and versioned; a corrupt one is moved aside
(see jsonfile.py). Remembering is best effort: if the file cannot be written the change is
kept in memory and the reason goes to `save_errors`, because losing a recent place must
never interrupt the user. Two instances: last writer wins.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from atb_tui.storage.errors import StorageError
from atb_tui.storage.fields import (
    BadEntry,
    as_entry,
    optional_text,
    required_text,
    text_or_empty,
    timestamp,
)
from atb_tui.storage.jsonfile import Corrupt, Parsed, VersionedJsonFile, json_type
from atb_tui.storage.paths import STATE_FILE, config_dir_path

STATE_FORMAT = 1
MAX_RECENT = 10
MAX_DATASETS_PER_WORKSPACE = 200
MAX_SAMPLE_FIELDS = 20
MAX_SAMPLE_CHARS = 500

Clock = Callable[[], datetime]


def _now_iso(clock: Clock | None = None) -> str:
    return (clock or (lambda: datetime.now(UTC)))().isoformat(timespec="seconds")


@dataclass(frozen=True)
class Place:
    """A spot in the app the user can return to: profile > workspace > screen > item."""

    profile: str
    workspace_id: str | None
    workspace_name: str | None
    screen: str
    item_id: str | None = None
    label: str = ""
    visited_at: str = field(default_factory=_now_iso)

    @property
    def key(self) -> tuple[str, str | None, str, str | None]:
        """Two places with the same key are the same place visited twice."""
        return (self.profile, self.workspace_id, self.screen, self.item_id)


@dataclass(frozen=True)
class KnownDataset:
    """A dataset the app created or opened, so the datasets screen can list it."""

    dataset_id: str
    name: str = ""
    remembered_at: str = ""
    # The first datapoint of the file uploaded from here (shown columns only). The API cannot
    # read a dataset's datapoints back, so this is what the instruction preview can show
    # before the batch is set up.
    sample: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class _DatasetRecord:
    profile: str
    workspace_id: str
    dataset: KnownDataset

    def matches(self, profile: str, workspace_id: str) -> bool:
        return (self.profile, self.workspace_id) == (profile, workspace_id)


@dataclass(frozen=True)
class _State:
    recent: tuple[Place, ...] = ()
    datasets: tuple[_DatasetRecord, ...] = ()


class StateStore:
    """Recent places and known datasets, persisted in state.json."""

    def __init__(self, root: Path | None = None, *, clock: Clock | None = None) -> None:
        self.root = config_dir_path() if root is None else root
        self._clock = clock
        self._file: VersionedJsonFile[_State] = VersionedJsonFile(
            self.root / STATE_FILE,
            version=STATE_FORMAT,
            parse=_parse_state,
            dump=_dump_state,
            empty=_State,
        )
        self._file.get()

    def __repr__(self) -> str:
        return f"StateStore(root={str(self.root)!r})"

    @property
    def load_errors(self) -> list[str]:
        """Messages about a corrupt, unreadable or too-new state.json."""
        return self._file.load_errors

    @property
    def save_errors(self) -> list[str]:
        """Messages about changes that could only be kept in memory."""
        return self._file.save_errors

    def recent(self) -> list[Place]:
        """Places visited, most recent first, at most MAX_RECENT, each place once."""
        return list(self._file.get().recent)

    def last_place(self, profile: str | None = None) -> Place | None:
        """The most recent place (for this profile, when given)."""
        return next((p for p in self.recent() if profile is None or p.profile == profile), None)

    def remember(self, place: Place) -> None:
        """Record a visit: the place moves to the top of the recent list."""
        if not place.profile or not place.screen:
            raise StorageError("a place needs a profile and a screen")
        self._update(lambda state: replace(state, recent=_with_place(state.recent, place)))

    def forget_profile(self, profile: str) -> None:
        """Drop every place and dataset of a deleted profile."""
        self._update(
            lambda state: _State(
                tuple(p for p in state.recent if p.profile != profile),
                tuple(r for r in state.datasets if r.profile != profile),
            )
        )

    def known_datasets(self, profile: str, workspace_id: str) -> list[KnownDataset]:
        """Datasets remembered in this profile and workspace, most recently remembered first."""
        records = self._file.get().datasets
        return [r.dataset for r in records if r.matches(profile, workspace_id)]

    def remember_dataset(
        self,
        profile: str,
        workspace_id: str,
        dataset_id: str,
        name: str = "",
        sample: Mapping[str, str] | None = None,
    ) -> None:
        """Remember (or refresh) a dataset; an empty name or sample keeps the one known."""
        if not (profile and workspace_id and dataset_id):
            raise StorageError("a dataset is remembered with a profile, a workspace and its id")
        known = KnownDataset(dataset_id, name, _now_iso(self._clock), _bounded(sample or {}))
        record = _DatasetRecord(profile, workspace_id, known)
        self._update(lambda state: replace(state, datasets=_with_dataset(state.datasets, record)))

    def dataset_sample(self, profile: str, workspace_id: str, dataset_id: str) -> dict[str, str]:
        """The first datapoint remembered for a dataset uploaded from here ({} if none)."""
        known = self.known_datasets(profile, workspace_id)
        found = next((d for d in known if d.dataset_id == dataset_id), None)
        return dict(found.sample) if found is not None else {}

    def forget_dataset(self, profile: str, workspace_id: str, dataset_id: str) -> None:
        """Stop listing a dataset (for example after the API says it no longer exists)."""
        self._update(
            lambda state: replace(
                state,
                datasets=tuple(
                    r
                    for r in state.datasets
                    if not (r.matches(profile, workspace_id) and r.dataset.dataset_id == dataset_id)
                ),
            )
        )

    def _update(self, change: Callable[[_State], _State]) -> None:
        self._file.update(change, memory_fallback=True)


def _with_place(recent: tuple[Place, ...], place: Place) -> tuple[Place, ...]:
    others = tuple(p for p in recent if p.key != place.key)
    return (place, *others)[:MAX_RECENT]


def _with_dataset(
    records: tuple[_DatasetRecord, ...], record: _DatasetRecord
) -> tuple[_DatasetRecord, ...]:
    def same(other: _DatasetRecord) -> bool:
        return (
            other.matches(record.profile, record.workspace_id)
            and other.dataset.dataset_id == record.dataset.dataset_id
        )

    previous = next((r for r in records if same(r)), None)
    if previous is not None:
        kept = previous.dataset
        dataset = record.dataset
        record = replace(
            record,
            dataset=replace(
                dataset, name=dataset.name or kept.name, sample=dataset.sample or kept.sample
            ),
        )
    others = [r for r in records if not same(r)]
    siblings = [r for r in others if r.matches(record.profile, record.workspace_id)]
    evicted = set(siblings[MAX_DATASETS_PER_WORKSPACE - 1 :])
    return (record, *(r for r in others if r not in evicted))


def _parse_state(document: dict[str, Any]) -> Parsed[_State]:
    dropped: list[str] = []
    recent = _parse_list(document, "recent", _place_from_json, dropped)
    datasets = _parse_list(document, "datasets", _record_from_json, dropped)
    unique: dict[tuple[str, str | None, str, str | None], Place] = {}
    for place in recent:
        unique.setdefault(place.key, place)
    return Parsed(_State(tuple(unique.values())[:MAX_RECENT], tuple(datasets)), tuple(dropped))


def _parse_list(
    document: dict[str, Any], key: str, read: Callable[[object], Any], dropped: list[str]
) -> list[Any]:
    entries = document.get(key, [])
    if not isinstance(entries, list):
        raise Corrupt(f"has {key!r} that should be a list but is {json_type(entries)}")
    values = []
    for index, entry in enumerate(entries, start=1):
        try:
            values.append(read(entry))
        except BadEntry as error:
            dropped.append(f"{key} #{index}: {error}")
    return values


def _place_from_json(value: object) -> Place:
    entry = as_entry(value)
    return Place(
        profile=required_text(entry, "profile"),
        workspace_id=optional_text(entry, "workspace_id"),
        workspace_name=optional_text(entry, "workspace_name"),
        screen=required_text(entry, "screen"),
        item_id=optional_text(entry, "item_id"),
        label=text_or_empty(entry, "label"),
        visited_at=timestamp(entry, "visited_at"),
    )


def _record_from_json(value: object) -> _DatasetRecord:
    entry = as_entry(value)
    dataset = KnownDataset(
        dataset_id=required_text(entry, "dataset_id"),
        name=text_or_empty(entry, "name"),
        remembered_at=text_or_empty(entry, "remembered_at"),
        sample=_sample_from_json(entry.get("sample")),
    )
    return _DatasetRecord(
        required_text(entry, "profile"), required_text(entry, "workspace_id"), dataset
    )


def _sample_from_json(value: object) -> tuple[tuple[str, str], ...]:
    """A remembered datapoint; anything malformed is dropped quietly (it is only a preview)."""
    if not isinstance(value, dict):
        return ()
    return _bounded({k: v for k, v in value.items() if isinstance(v, str)})


def _bounded(sample: Mapping[str, str]) -> tuple[tuple[str, str], ...]:
    """At most MAX_SAMPLE_FIELDS values of at most MAX_SAMPLE_CHARS each: state.json stays small."""
    items = list(sample.items())[:MAX_SAMPLE_FIELDS]
    return tuple((str(k), str(v)[:MAX_SAMPLE_CHARS]) for k, v in items)


def _dump_state(state: _State) -> dict[str, Any]:
    recent = [
        {
            "profile": p.profile,
            "workspace_id": p.workspace_id,
            "workspace_name": p.workspace_name,
            "screen": p.screen,
            "item_id": p.item_id,
            "label": p.label,
            "visited_at": p.visited_at,
        }
        for p in state.recent
    ]
    datasets = [
        {
            "profile": r.profile,
            "workspace_id": r.workspace_id,
            "dataset_id": r.dataset.dataset_id,
            "name": r.dataset.name,
            "remembered_at": r.dataset.remembered_at,
            **({"sample": dict(r.dataset.sample)} if r.dataset.sample else {}),
        }
        for r in state.datasets
    ]
    return {"recent": recent, "datasets": datasets}

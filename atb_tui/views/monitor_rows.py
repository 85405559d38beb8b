"""What the live monitor tracks between polls, and which changes deserve a notification.

No Textual here: each poll hands in `Observation`s, `MonitorModel.update` returns the
`Transition`s worth telling the user about (a batch READY or ERROR, a dataset finished, a
study completed) and keeps a short history of each study's completion rate for its sparkline.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from atb_tui.api.models import Batch, Dataset, Study
from atb_tui.views.batch_facts import dataset_state

RATE_POINTS = 12
# Rates are measured over the last minute: a 2-second poll alone would make the sparkline jumpy.
RATE_WINDOW = timedelta(seconds=60)
HIGHLIGHT_SECONDS = 5.0
BUSY = frozenset({"PROCESSING", "PUBLISHING", "queued", "processing", "generating"})
LIVE_STUDY = frozenset({"ACTIVE", "PAUSED", "SCHEDULED", "PUBLISHING"})
FINISHED = {
    "batch": frozenset({"READY", "ERROR"}),
    "dataset": frozenset({"READY", "ERROR"}),
    "study": frozenset({"AWAITING REVIEW", "COMPLETED"}),
    "export": frozenset({"complete", "failed"}),
}
SHORT_NAMES = {"AWAITING REVIEW": "to review", "PARTIALLY APPROVED": "partly approved"}
DONE_SUBMISSIONS = ("AWAITING REVIEW", "APPROVED", "REJECTED", "PARTIALLY APPROVED")
V4_BUSY = frozenset({"queued", "processing", "uninitialised"})


@dataclass(frozen=True)
class Observation:
    """One item as a poll saw it. `done` is a study's finished submissions (else None)."""

    kind: str
    item_id: str
    name: str
    status: str
    progress: str = ""
    detail: str = ""
    done: int | None = None


def batch_observation(batch: Batch) -> Observation:
    """A batch as the monitor (and `atb-tui status` / `watch`) shows it."""
    progress = f"{batch.total_task_count:,} tasks · {batch.total_task_groups or 0:,} groups"
    return Observation("batch", batch.id, batch.name, batch.status, progress)


def dataset_observation(dataset: Dataset) -> Observation:
    """A dataset; a V4 dataset's state is its latest import job's."""
    status = dataset_state(dataset)
    detail = dataset.filename or ""
    if dataset.schema_version == 4 and dataset.imports:
        job = dataset.imports[0]
        status = "PROCESSING" if job.status in V4_BUSY else "READY"
        accepted, rejected = job.accepted_count or 0, job.rejected_count or 0
        detail = f"import {job.status}: {accepted} accepted, {rejected} rejected"
    progress = f"{dataset.total_datapoint_count:,} datapoints"
    return Observation("dataset", dataset.id, dataset.name, status, progress, detail)


def study_observation(study: Study, counts: dict[str, int]) -> Observation:
    """A study with its submissions counted by status (finished ones make its progress)."""
    done, detail = submission_summary(counts)
    progress = f"{done:,} / {study.total_available_places or 0:,} responses"
    return Observation("study", study.id, study.name, study.status or "", progress, detail, done)


@dataclass(frozen=True)
class Transition:
    """An item reached a finished state while the monitor watched it."""

    kind: str
    item_id: str
    name: str
    before: str
    after: str

    @property
    def failed(self) -> bool:
        return self.after in ("ERROR", "failed")

    def message(self) -> str:
        if self.kind == "export":
            return f"The {self.name} is {self.after}."
        if self.kind == "study":
            return f"Study {self.name} has finished collecting ({self.after})."
        return f"{self.kind.capitalize()} {self.name} is {self.after} (was {self.before})."


@dataclass
class Tracked:
    """An item on the monitor: its last observation and recent completion rates."""

    seen: Observation
    rates: list[float] = field(default_factory=list)
    samples: list[tuple[datetime, int]] = field(default_factory=list)
    highlight_until: datetime | None = None

    def highlighted(self, now: datetime) -> bool:
        return self.highlight_until is not None and now < self.highlight_until


def is_moving(observation: Observation) -> bool:
    """Whether an item belongs on the monitor in its own right (busy, or a live study)."""
    if observation.kind == "study":
        return observation.status in LIVE_STUDY
    return observation.status in BUSY


@dataclass
class MonitorModel:
    """Everything watched so far, in the order it first appeared."""

    items: dict[str, Tracked] = field(default_factory=dict)

    def update(self, observations: Iterable[Observation], now: datetime) -> list[Transition]:
        """Take a poll's observations; return the finishes to announce."""
        transitions = []
        for seen in observations:
            tracked = self.items.get(seen.item_id)
            if tracked is None:
                if is_moving(seen):
                    self.items[seen.item_id] = Tracked(seen)
                    self._rate(self.items[seen.item_id], seen, now)
                continue
            before = tracked.seen.status
            tracked.seen = seen
            self._rate(tracked, seen, now)
            if before != seen.status and seen.status in FINISHED.get(seen.kind, ()):
                tracked.highlight_until = now + timedelta(seconds=HIGHLIGHT_SECONDS)
                transitions.append(
                    Transition(seen.kind, seen.item_id, seen.name, before, seen.status)
                )
        return transitions

    @staticmethod
    def _rate(tracked: Tracked, seen: Observation, now: datetime) -> None:
        if seen.done is None or seen.status != "ACTIVE":
            return  # a paused or finished study's rate stays as it was: nothing to redraw
        samples = [(at, done) for at, done in tracked.samples if now - at <= RATE_WINDOW]
        if samples and now > samples[0][0]:
            start, done_then = samples[0]
            minutes = (now - start).total_seconds() / 60
            tracked.rates = [*tracked.rates, (seen.done - done_then) / minutes][-RATE_POINTS:]
        tracked.samples = [*samples, (now, seen.done)]

    def statuses(self) -> list[str]:
        """What the poll policy classifies."""
        return [tracked.seen.status for tracked in self.items.values()]


def summarise(transitions: list[Transition]) -> str:
    """'12 batches are READY, 1 is ERROR' for many finishes in one poll."""
    counts: dict[tuple[str, str], int] = {}
    for transition in transitions:
        key = (transition.kind, transition.after)
        counts[key] = counts.get(key, 0) + 1
    parts = [f"{n} {kind}{'es' if kind == 'batch' else 's'} {after}" if n > 1
             else f"1 {kind} {after}" for (kind, after), n in counts.items()]  # fmt: skip
    return "Finished: " + ", ".join(parts) + "."


def submission_summary(counts: Mapping[str, int]) -> tuple[int, str]:
    """Finished submissions, and '4 active · 18 to review · 2 returned'."""
    done = sum(counts.get(status, 0) for status in DONE_SUBMISSIONS)
    parts = [
        f"{n} {SHORT_NAMES.get(status, status.lower())}"
        for status, n in counts.items()
        if n and status != "TOTAL"
    ]
    return done, " · ".join(parts)


SPARK_BARS = "▁▂▃▄▅▆▇█"


def sparkline(values: list[float], width: int = 8) -> str:
    """A tiny text sparkline of the last `width` values (empty until there are two)."""
    shown = values[-width:]
    if len(shown) < 2:
        return ""
    top = max(max(shown), 1e-9)
    return "".join(SPARK_BARS[min(7, int(max(v, 0.0) / top * 7.999))] for v in shown)


@dataclass(frozen=True)
class Column:
    """A monitor column: its key, label, the width it needs, and how much it matters
    (1 = kept longest when the terminal is narrow)."""

    key: str
    label: str
    width: int
    priority: int


COLUMNS = (
    Column("kind", "Kind", 7, 4),
    Column("name", "Name", 16, 1),
    Column("status", "Status", 15, 2),
    Column("progress", "Progress", 20, 3),
    Column("rate", "Done/min", 14, 6),
    Column("detail", "Submissions / detail", 14, 5),
)
CELL_PADDING = 2  # a table cell's padding, left and right together


def fit_columns(width: int, columns: tuple[Column, ...] = COLUMNS) -> list[Column]:
    """The columns that fit in `width` cells, most important first kept, in display order."""
    kept: set[str] = set()
    used = 0
    for column in sorted(columns, key=lambda c: c.priority):
        need = column.width + CELL_PADDING
        if used + need <= width or not kept:
            kept.add(column.key)
            used += need
    return [column for column in columns if column.key in kept]


def hidden_note(shown: list[Column], columns: tuple[Column, ...] = COLUMNS) -> str:
    """What the narrow layout leaves out, so the user knows to widen the terminal."""
    hidden = [c.label for c in columns if c not in shown]
    if not hidden:
        return ""
    return f"Hidden at this width: {', '.join(hidden)} (widen to see)"

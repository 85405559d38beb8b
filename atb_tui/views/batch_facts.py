"""What the batch detail screen says about a batch, worked out from API models (no Textual).

Kept apart from the screen so the rules (when setup is possible, what the history shows) read
on their own and are tested without a terminal.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from atb_tui.api.models import Batch, Dataset, SyncJob
from atb_tui.api.models.page_items import PageItem
from atb_tui.logic.inspection import GROUP_COLUMN
from atb_tui.views.batch_html import first_line

TERMINAL_BATCH = frozenset({"READY", "ERROR"})


@dataclass
class StatusHistory:
    """The statuses seen while the screen was open, each with when it was first seen."""

    entries: list[tuple[str, datetime, bool]] = field(default_factory=list)

    def see(self, status: str, at: datetime) -> bool:
        """Record `status` if it changed; returns whether it did. The first entry is an
        observation (the batch may have entered that state earlier)."""
        if self.entries and self.entries[-1][0] == status:
            return False
        self.entries.append((status, at, not self.entries))
        return True

    def lines(self) -> list[str]:
        """'UNINITIALISED (seen 09:00:00)', 'PROCESSING at 09:00:05', …"""
        shown = []
        for status, at, first in self.entries:
            when = at.strftime("%H:%M:%S")
            shown.append(f"{status} (seen {when})" if first else f"{status} at {when}")
        return shown


def dataset_ready(dataset: Dataset | None) -> bool:
    """Whether setup can use this dataset: V3 READY, or V4 with datapoints."""
    if dataset is None:
        return False
    if dataset.schema_version == 4:
        return dataset.total_datapoint_count > 0
    return dataset.status == "READY"


def dataset_state(dataset: Dataset | None) -> str:
    """A dataset's status word (V4 datasets have none: READY once they hold datapoints)."""
    if dataset is None:
        return "none"
    if dataset.status:
        return dataset.status
    return "READY" if dataset.total_datapoint_count > 0 else "EMPTY"


def has_instructions(batch: Batch) -> bool:
    """Whether participants would have anything to answer."""
    return batch.total_instruction_count > 0 or bool(batch.batch_items)


def setup_blocker(batch: Batch, dataset: Dataset | None, known_questions: int = 0) -> str | None:
    """Why setup is unavailable now, or None when it can run.

    ``known_questions`` counts the questions read separately (the legacy instructions
    endpoint): the batch object can be older than them when its last re-read failed, and
    setup must not be refused for a question the screen itself shows."""
    if batch.status == "PROCESSING":
        return "setup is running"
    if batch.status == "READY":
        return "already set up"
    if dataset is None:
        return "attach a dataset first (edit the batch, or create it with one)"
    if not dataset_ready(dataset):
        return f"the dataset is {dataset_state(dataset)}; setup needs it READY"
    if not has_instructions(batch) and known_questions == 0:
        return "the batch has no questions yet"
    return None


def group_column(dataset: Dataset | None) -> str | None:
    """The field whose values define task groups, if the dataset has one."""
    if dataset is None:
        return None
    if dataset.has_predetermined_grouping_id:
        return GROUP_COLUMN
    schema = dataset.dataset_schema
    if schema is not None:
        return next((k for k, f in schema.fields.items() if f.type == "task_group_id"), None)
    return None


def dataset_label(dataset: Dataset | None, fallback: str | None = None) -> str:
    """'Movie reviews (pilot_reviews.csv, 60 datapoints)' or the id when unknown."""
    if dataset is None:
        return fallback or "none"
    file = f"{dataset.filename}, " if dataset.filename else ""
    return f"{dataset.name} ({file}{dataset.total_datapoint_count:,} datapoints)"


def can_sync(batch: Batch, dataset: Dataset | None) -> bool:
    """Sync makes tasks for datapoints appended since setup: READY batches on V4 datasets."""
    return batch.status == "READY" and dataset is not None and dataset.schema_version == 4


def sync_text(job: SyncJob) -> str:
    """'processing' / 'complete · 3 tasks created' / 'failed: reason'."""
    if job.status == "failed":
        return f"failed: {job.reason or 'no reason given'}"
    if job.tasks_created is None:
        return job.status
    noun = "task" if job.tasks_created == 1 else "tasks"
    return f"{job.status} · {job.tasks_created:,} {noun} created"


def questions(batch: Batch, legacy: Sequence[PageItem]) -> list[PageItem]:
    """What participants answer: the legacy instructions, or the questions on the batch's
    ``batch_items`` pages (the two are exclusive; content blocks are not questions)."""
    if legacy:
        return list(legacy)
    pages = batch.batch_items or []
    return [item for page in pages for item in page.items if item.is_instruction]


def question_summary(items: Sequence[PageItem]) -> str | None:
    """'2 (multiple_choice, free_text) · first: “Is it positive?”', or None when none."""
    if not items:
        return None
    kinds = ", ".join(dict.fromkeys(item.type for item in items))
    first = first_line(items[0].description or "", 40)
    return f"{len(items)} ({kinds}) · first: “{first}”"

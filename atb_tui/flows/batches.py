"""Batch use-cases over the client: create, edit, duplicate, set up, follow, sync, report.

No Textual: the batch screens collect a decision in a dialog and call these; what to say about
the result (and which key retries) is the screen's business. Create-type POSTs (create,
duplicate, setup) are sent once: a lost answer is reported, never retried here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Literal

from atb_tui.api import APIConnectionError, OutcomeUnknownError, ProlificClient
from atb_tui.api.errors import ProlificError
from atb_tui.api.models import Batch, BatchCreate, BatchUpdate, Dataset, Study
from atb_tui.api.models.common import TaskDetailsInput
from atb_tui.api.models.enums import TERMINAL_SYNC_STATUSES
from atb_tui.api.models.page_items import PageItem
from atb_tui.flows.downloads import downloads_dir, free_path
from atb_tui.views.batch_facts import dataset_state, group_column
from atb_tui.views.batch_setup import SetupFacts
from atb_tui.views.batch_state import BatchState

FINISHED_DATASET = ("READY", "ERROR")  # a dataset in one of these does not change any more
LOST = (OutcomeUnknownError, APIConnectionError)  # the request may have reached the server


@dataclass(frozen=True)
class BatchFormValues:
    """What the user entered in the batch form. `dataset_id` is None for "no dataset yet"."""

    name: str
    task_name: str
    introduction: str
    steps: str
    dataset_id: str | None = None


def form_problems(values: BatchFormValues) -> list[str]:
    """What must be fixed before the form can be sent."""
    problems = []
    if not values.name.strip():
        problems.append("The batch needs a name.")
    if not values.task_name.strip():
        problems.append("The task needs a name (participants see it as the title).")
    return problems


def _details(values: BatchFormValues) -> TaskDetailsInput:
    return TaskDetailsInput(task_name=values.task_name, task_introduction=values.introduction,
                            task_steps=values.steps)  # fmt: skip


async def create_batch(client: ProlificClient, workspace_id: str, values: BatchFormValues) -> Batch:
    """Create the batch the form describes (sent once; OutcomeUnknownError when lost)."""
    new = BatchCreate(name=values.name, workspace_id=workspace_id, task_details=_details(values),
                      dataset_id=values.dataset_id)  # fmt: skip
    return await client.batches.create(new)


def edit_values(batch: Batch) -> BatchFormValues:
    """The edit form's starting values: the batch as it is."""
    details = batch.task_details
    if details is None:
        return BatchFormValues(batch.name, "", "", "")
    return BatchFormValues(batch.name, details.task_name or "", details.task_introduction or "",
                           details.task_steps or "")  # fmt: skip


async def edit_batch(client: ProlificClient, batch_id: str, values: BatchFormValues) -> Batch:
    """Save the name and task details; returns the batch as the server now has it."""
    changes = BatchUpdate(name=values.name, task_details=_details(values))
    return await client.batches.update(batch_id, changes)


@dataclass(frozen=True)
class DuplicateChoice:
    """A name for the copy, and whether it keeps the dataset or waits for a new upload."""

    name: str
    new_upload: bool


def copy_name(name: str) -> str:
    """The name offered for a copy."""
    return f"{name} (copy)"


async def duplicate_batch(client: ProlificClient, batch_id: str, choice: DuplicateChoice) -> Batch:
    """Copy the batch (sent once)."""
    return await client.batches.duplicate(
        batch_id, name=choice.name, upload_new_dataset=choice.new_upload
    )


def duplicated_text(copy: Batch, choice: DuplicateChoice) -> str:
    """What the user is told once the copy exists."""
    how = "without a dataset (upload one for it)" if choice.new_upload else "with the same dataset"
    return f"Created {copy.name} {how}."


class SetupResult(Enum):
    """How a setup request ended."""

    STARTED = "started"
    UNKNOWN = "unknown"  # the answer was lost: it may or may not have started
    FAILED = "failed"  # surely not started


@dataclass(frozen=True)
class SetupOutcome:
    result: SetupResult
    message: str = ""  # the server's reason when it FAILED


@dataclass(frozen=True)
class Notice:
    """What to tell the user: a toast's text, title, severity and how long it stays."""

    text: str
    title: str
    severity: Literal["information", "warning", "error"] = "information"
    timeout: float | None = None  # None: the app's default


def setup_notice(outcome: SetupOutcome, retry_key: str, status_before: str) -> Notice:
    """What to say about a setup request; `retry_key` is the key that starts setup again."""
    if outcome.result is SetupResult.UNKNOWN:
        text = (
            "The answer to setup was lost: it may or may not have started. The batch is "
            f"re-read; if it stays {status_before}, {retry_key} starts setup again."
        )
        return Notice(text, "Setup unknown", "warning", 15)
    if outcome.result is SetupResult.FAILED:
        text = f"Setup did not start: {outcome.message}. {retry_key} tries again."
        return Notice(text, "Setup failed", "error", 15)
    return Notice("Setup started: the batch is followed until it is READY.", "Batch")


def setup_facts(batch: Batch, dataset: Dataset | None) -> SetupFacts:
    """What the setup dialog previews from."""
    datapoints = dataset.total_datapoint_count if dataset else 0
    return SetupFacts(datapoints, batch.tasks_per_group or 1, group_column(dataset))


async def start_setup(client: ProlificClient, batch_id: str, tasks_per_group: int) -> SetupOutcome:
    """Ask for setup once. A lost answer is UNKNOWN: the caller re-reads the batch and lets
    the user decide, because a blind retry could set it up twice."""
    try:
        await client.batches.setup(batch_id, tasks_per_group=tasks_per_group)
    except LOST:
        return SetupOutcome(SetupResult.UNKNOWN)
    except ProlificError as error:
        return SetupOutcome(SetupResult.FAILED, error.message)
    return SetupOutcome(SetupResult.STARTED)


async def read_batch(
    client: ProlificClient, batch_id: str, known: BatchState | None = None
) -> BatchState:
    """The batch now, its dataset (a finished one is not read again) and a running sync."""
    batch = await client.batches.get(batch_id)
    dataset = known.dataset if known else None
    if batch.dataset_id is None:
        dataset = None
    elif not _finished(dataset, batch.dataset_id):
        dataset = await client.datasets.get(batch.dataset_id)
    job = known.sync_job if known else None
    if job is not None and job.status not in TERMINAL_SYNC_STATUSES:
        job = await client.batches.sync_status(batch.id, job.sync_id)
    return BatchState(batch, dataset, job)


def _finished(dataset: Dataset | None, dataset_id: str) -> bool:
    """Whether `dataset` is the one wanted and done changing (no need to read it again)."""
    return (
        dataset is not None
        and dataset.id == dataset_id
        and (dataset_state(dataset) in FINISHED_DATASET)
    )


async def read_questions(client: ProlificClient, batch_id: str) -> list[PageItem]:
    """The batch's legacy instructions (questions on `batch_items` pages come with the batch)."""
    return list((await client.instructions.get(batch_id)).instructions)


async def batch_studies(client: ProlificClient, batch_id: str) -> list[Study]:
    """The studies that run this batch (the API cannot filter them by batch)."""
    return [s for s in await client.studies.list() if s.data_collection_id == batch_id]


def report_path(batch_name: str) -> Path:
    """Where the report is offered to go: the downloads folder, a name not taken yet."""
    name = re.sub(r"[^\w.-]+", "-", batch_name).strip("-")
    return free_path(downloads_dir() / f"{name or 'batch'}-report.csv")


def report_problem(path: Path) -> str | None:
    """Why the report cannot be saved at `path`, or None when it can."""
    target = path.expanduser()
    folder = target if target.is_dir() else target.parent
    if not folder.is_dir():
        return f"The folder {folder} does not exist."
    if target.is_file():
        return f"{target} already exists; choose another name."
    return None

"""The facts block of the batch screen: status and its history, counts, dataset, task,
questions, whether setup can run (and its key), a sync being followed, when it was made."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from textual.widgets import Static

from atb_tui.api.models import Batch, Dataset
from atb_tui.api.models.page_items import PageItem
from atb_tui.logic.timefmt import short_time
from atb_tui.views.batch_facts import (
    StatusHistory,
    dataset_label,
    dataset_state,
    group_column,
    question_summary,
    questions,
    sync_text,
)
from atb_tui.views.batch_html import first_line
from atb_tui.views.batch_state import BatchState
from atb_tui.widgets.status import status_text

# The key of a command as the user has it, or "" where the profile cannot run it.
Hint = Callable[[str], str]


class BatchFacts(Static):
    """One line per fact, labels aligned; the screen calls `show` after every read."""

    def show(
        self,
        state: BatchState,
        legacy: Sequence[PageItem] | None,
        history: StatusHistory,
        hint: Hint,
        read_only: bool,
    ) -> None:
        self.update(facts_markup(state, legacy, history, hint, read_only))


def facts_markup(
    state: BatchState,
    legacy: Sequence[PageItem] | None,
    history: StatusHistory,
    hint: Hint,
    read_only: bool,
) -> str:
    batch, details = state.batch, state.batch.task_details
    per_group = ""
    if batch.tasks_per_group and group_column(state.dataset) is None:
        per_group = f" · {batch.tasks_per_group} per group"
    rows = [
        ("Status", f"{status_text(batch.status).markup}  [dim]{' → '.join(history.lines())}[/]"),
        ("Counts", f"{batch.total_task_count:,} tasks · {batch.total_task_groups or 0:,} "
                   f"task groups{per_group}"),
        ("Dataset", _dataset_text(batch, state.dataset, hint)),
        ("Task", escape(details.task_name or "") if details else "—"),
        ("Intro", escape(first_line(details.task_introduction or "", 70)) if details else "—"),
        ("Questions", _question_text(batch, legacy, hint, read_only)),
        ("Setup", _setup_text(state, legacy, hint)),
        *([("Sync", sync_text(state.sync_job))] if state.sync_job else []),
        ("Created", short_time(batch.created_at)),
    ]  # fmt: skip
    return "\n".join(f"[b]{label:<10}[/b] {value}" for label, value in rows)


def _question_text(
    batch: Batch, legacy: Sequence[PageItem] | None, hint: Hint, read_only: bool
) -> str:
    if legacy is None:
        return "…"
    summary = question_summary(questions(batch, legacy))
    if summary is not None:
        return escape(summary)
    add = "" if read_only else hint("batch.instructions")
    return "none yet" + (f" ({escape(add)} adds them)" if add else "")


def _setup_text(state: BatchState, legacy: Sequence[PageItem] | None, hint: Hint) -> str:
    blocker = state.blocker(legacy)
    if blocker is not None:
        return f"[dim]unavailable: {blocker}[/]"
    key = hint("batch.setup")
    return f"[green]available[/] ({key})" if key else "[green]available[/]"


def _dataset_text(batch: Batch, dataset: Dataset | None, hint: Hint) -> str:
    text = dataset_label(dataset, batch.dataset_id)
    if dataset is None:
        return text
    opens = escape(hint("batch.dataset"))
    return f"{text} · {status_text(dataset_state(dataset)).markup}  [dim]({opens} opens)[/]"


def escape(text: str) -> str:
    """Text shown inside markup: a `[` must not start a tag."""
    return text.replace("[", r"\[")

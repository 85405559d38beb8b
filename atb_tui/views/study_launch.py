"""What the launch form says around its fields: the batch's other studies and the summary.

Rich-markup lines computed from the plan and what the screen fetched; no widgets, no API.
Key hints are passed in (the screen reads them from the registry, remaps included).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from atb_tui.api.models.studies import Study
from atb_tui.logic.money import CostEstimate, MoneyError
from atb_tui.views.study_plan import (
    FormValues,
    LaunchKind,
    StudyPlan,
    default_values,
    distinct_name,
    local_totals,
    other_study_lines,
    running,
    values_of,
)

# What the form says after a lost answer and when publishing is not possible yet ({key}: the
# key as the user has it).
UNCHECKED_CREATE = (
    "The answer was lost and Prolific can't be reached to check. Your form is kept; "
    "press {key} again later (it checks first)."
)
UNCHECKED_PUBLISH = (
    "The publish's outcome is unknown and Prolific can't be reached. Don't publish again "
    "until the study's status is known ({key} re-checks first)."
)
NOT_PUBLISHED = "The connection dropped and the study was NOT published. {key} tries again."
PUBLISHED_ANYWAY = "The connection dropped, but the study was published ({status})."
DRAFT_FIRST = "Create the draft first ({key}); publishing is a separate step."
SAVE_FIRST = "The form has changes: {key} updates the draft, then publish."


def escape(text: str) -> str:
    """Text shown inside markup as typed (a name with "[" is not a style)."""
    return text.replace("[", r"\[")


def others_text(others: Sequence[Study], kind: LaunchKind, currency: str, save_key: str) -> str:
    """The studies this batch already has, and a warning when some of them run."""
    if not others:
        return ""
    lines = [f"[dim]Studies of this {kind}:[/] {escape(line)}"
             for line in other_study_lines(others, currency)]  # fmt: skip
    live = running(others)
    if live:
        lines.append(
            f"[b $warning]⚠ {len(live)} of them {'is' if len(live) == 1 else 'are'} "
            "running: another study doubles the work and the spend "
            f"({save_key} asks you to confirm).[/]"
        )
    return "\n".join(lines)


def form_values(
    name: str, currency: str, draft: Study | None, others: Iterable[Study]
) -> FormValues:
    """The form as the draft fills it, or the defaults with a name no other study has."""
    if draft is not None:
        return values_of(draft, currency)
    values = default_values(name, currency)
    values["name"] = distinct_name(name, (s.name for s in others))
    return values


@dataclass(frozen=True)
class Fetched:
    """What the launch screen read for the summary (task groups, balance, the batch's status)."""

    task_groups: int = 0
    balance: int | None = None
    currency: str = "GBP"
    batch_status: str | None = None  # None for a collection


def summary_lines(
    plan: StudyPlan, fetched: Fetched, api_cost: CostEstimate | None, kind: LaunchKind
) -> list[str]:
    """The live summary next to the form: places, cost, rate, balance and what is wrong."""
    currency = fetched.currency
    try:
        totals = local_totals(plan, fetched.task_groups, fetched.balance, currency, api_cost, kind)
        lines = totals.lines()
    except MoneyError as error:
        lines = [f"[b $error]{error}[/]"]
    status = fetched.batch_status
    if status is not None and status != "READY":
        lines.append(f"[b $warning]⚠ The batch is {status}; it must be READY to publish.[/]")
    return lines


def state_text(study: Study | None, status: str, dirty: bool, save_key: str, publish: str) -> str:
    """The line under the title: no draft yet, or the draft (`status` its coloured word)."""
    if study is None:
        return f"No study yet. {save_key} creates a draft (UNPUBLISHED) — nothing is spent."
    unsaved = f"  ·  [b $warning]● form changed: {save_key} updates the draft[/]" if dirty else ""
    ready = study.status == "UNPUBLISHED" and not dirty
    step = f"  ·  {publish} publishes" if ready else ""
    return f"Study {study.id}  {status}{unsaved}{step}"


def lost_create_message(draft: Study | None, save_key: str) -> tuple[str, bool]:
    """What a lost create turned out to be (the text, and whether it is a warning)."""
    if draft is not None:
        return f"The connection dropped, but the draft was created ({draft.id}).", False
    return f"The connection dropped and no draft was created. {save_key} tries again.", True

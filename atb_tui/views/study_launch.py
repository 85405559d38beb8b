"""What the launch form says around its fields: the batch's other studies and the summary.

Rich-markup lines computed from the plan and what the screen fetched; no widgets, no API.
Key hints are passed in (the screen reads them from the registry, remaps included).
"""

from __future__ import annotations

from collections.abc import Sequence

from atb_tui.api.models.studies import Study
from atb_tui.logic.money import CostEstimate, MoneyError
from atb_tui.views.study_plan import (
    LaunchKind,
    StudyPlan,
    local_totals,
    other_study_lines,
    running,
)


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


def summary_lines(
    plan: StudyPlan,
    task_groups: int,
    balance: int | None,
    currency: str,
    api_cost: CostEstimate | None,
    kind: LaunchKind,
    batch_status: str | None,
) -> list[str]:
    """The live summary next to the form: places, cost, rate, balance and what is wrong."""
    try:
        lines = local_totals(plan, task_groups, balance, currency, api_cost, kind).lines()
    except MoneyError as error:
        lines = [f"[b $error]{error}[/]"]
    if batch_status is not None and batch_status != "READY":
        lines.append(f"[b $warning]⚠ The batch is {batch_status}; it must be READY to publish.[/]")
    return lines

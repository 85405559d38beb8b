"""What one study's screen shows: its facts and its submissions by status (no widgets).

Status words are coloured by the screen (`Colour`, the same everywhere in the app); key hints
are passed in as the user has them ("" where a read-only profile can't act).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from atb_tui.api.models.studies import Study
from atb_tui.logic.money import CostEstimate, format_money
from atb_tui.logic.timefmt import short_time
from atb_tui.views.study_launch import escape

Colour = Callable[[str | None], str]  # a status word as markup
ACTION_WORDS = {"PAUSE": "Paused", "START": "Resumed", "CANCEL_PUBLISH": "Schedule cancelled"}
# After a write whose answer was lost: the re-read failed too ({key}: refresh), or it worked.
UNCHECKED = (
    "The {action} request's outcome is unknown and Prolific can't be reached. "
    "Refresh ({key}) before trying again."
)
LOST = "The connection dropped; the study is now {status}. Check before trying again."


def info_lines(
    study: Study,
    batch_name: str | None,
    cost: CostEstimate | None,
    currency: str,
    hints: Mapping[str, str],
    colour: Colour,
) -> list[str]:
    """Status, places, annotators, reward, batch, cost and when it is (to be) published."""

    def money(minor: float | None) -> str:
        return format_money(int(minor or 0), currency)

    metadata = study.data_collection_metadata
    minutes = study.estimated_completion_time or 0
    lines = [
        f"Status        {colour(study.status)}",
        f"Places        {study.places_taken or 0} taken of {study.total_available_places or 0}",
        f"Annotators    {(metadata.annotators_per_task if metadata else None) or 1} per task",
        f"Reward        {money(study.reward)} for about {minutes:g} min",
        f"Batch         {_batch_text(study, batch_name, hints.get('study.open_batch', ''))}",
    ]
    if cost is not None:
        lines.append(
            f"Cost          {money(cost.total_cost)} when every place is filled "
            f"(rewards {money(cost.rewards)}, fees + VAT {money(cost.fees_and_tax)})"
        )
    if study.published_at:
        lines.append(f"Published     {short_time(study.published_at)}")
    if study.status == "SCHEDULED" and study.publish_at:
        cancel = hints.get("study.unschedule", "")
        lines.append(
            f"Publishes at  {short_time(study.publish_at)}"
            + (f" ({escape(cancel)} cancels)" if cancel else "")
        )
    return lines


def _batch_text(study: Study, batch_name: str | None, open_key: str) -> str:
    if not study.data_collection_id:
        return "—"
    name = escape(batch_name or study.data_collection_id)
    return f"{name}  [dim]({escape(open_key)} opens)[/]"


def counts_text(counts: Mapping[str, int], colour: Colour) -> str:
    """Submissions by status (only those there are), with the total."""
    shown = {name: count for name, count in counts.items() if name != "TOTAL" and count}
    if not shown:
        return "[dim]No submissions yet.[/dim]"
    parts = [f"{colour(name)} {count}" for name, count in sorted(shown.items())]
    total = counts.get("TOTAL", sum(shown.values()))
    return f"Submissions ({total}):  " + "   ".join(parts)


def done_message(action: str, study: Study) -> str:
    """What a transition (or an "update") did, as Prolific answered it."""
    if action == "update":
        return f"Updated: {study.total_available_places or 0} places."
    return f"{ACTION_WORDS.get(action, action.title())}: the study is {study.status}."

"""The confirmations before a study spends or ends something, shared by launch and detail."""

from __future__ import annotations

from collections.abc import Sequence

from atb_tui.api.models.studies import Study
from atb_tui.logic.money import (
    ASSUMED_FEE_RATE,
    ASSUMED_VAT_RATE,
    CostEstimate,
    estimate_cost,
    format_money,
)
from atb_tui.screens.confirm_dialogs import ConfirmSpendScreen
from atb_tui.views.study_plan import LaunchKind, other_study_lines


def _amount_words(minor: int, currency: str) -> list[str]:
    """What the user may type for an amount: '£12.34' or '12.34' (any equal number is accepted)."""
    shown = format_money(minor, currency)
    return [shown, f"{minor // 100}.{minor % 100:02d}"]


def publish_confirmation(
    study: Study,
    cost: CostEstimate | None,
    balance: int | None,
    currency: str,
    running: Sequence[Study] = (),
) -> ConfirmSpendScreen:
    """Publish: the places, the amount (Prolific's or an estimate) and the balance.

    `running` are the other studies of the same batch that take participants: publishing
    another one spends again on the same tasks, so the dialog says so.
    """
    places = study.total_available_places or 0
    lines = [f"“{study.name}” goes live: {places} places are opened to participants."]
    for other in running:
        lines.append(f"⚠ Already running on this batch: “{other.name}” ({other.status}).")
    amount = ""
    accepted = ["PUBLISH"]
    if cost is not None:
        kind = "Total cost" if not cost.is_estimate else "Estimated total cost"
        amount = f"{kind}: {format_money(cost.total_cost, currency)} (rewards + fees + VAT)"
        accepted = [*_amount_words(cost.total_cost, currency), "PUBLISH"]
    if balance is not None:
        lines.append(f"Available balance: {format_money(balance, currency)}")
    return ConfirmSpendScreen("Publish the study?", lines, amount, accepted, "Publish")


def stop_confirmation(study: Study) -> ConfirmSpendScreen:
    """Stop: ends the study for good."""
    lines = [
        f"“{study.name}” will stop taking participants for good (COMPLETED).",
        "Submissions in progress can still finish. This can't be undone.",
    ]
    return ConfirmSpendScreen("Stop the study?", lines, "", ["STOP"], "Stop")


def more_places_confirmation(
    study: Study, added_places: int, what: str, currency: str
) -> ConfirmSpendScreen:
    """More places or annotators: the extra places and roughly what they cost."""
    reward = int(study.reward or 0)
    extra = estimate_cost(
        reward,
        added_places,
        fee_rate=ASSUMED_FEE_RATE,
        vat_rate=ASSUMED_VAT_RATE,
        currency=currency,
    )
    lines = [f"{what}: {added_places} more places at {format_money(reward, currency)} each."]
    amount = f"About {format_money(extra.total_cost, currency)} more (fees and VAT estimated)"
    accepted = [*_amount_words(extra.total_cost, currency), "CONFIRM"]
    return ConfirmSpendScreen("Spend more on this study?", lines, amount, accepted, "Confirm")


def another_study_confirmation(
    running: Sequence[Study], kind: LaunchKind, currency: str
) -> ConfirmSpendScreen:
    """A second study on a batch that already runs one: the same tasks, paid again."""
    lines = [
        f"This {kind} already has a running study:",
        *(f"  • {line}" for line in other_study_lines(running, currency)),
        "Another study sends the same tasks to more participants and spends again.",
    ]
    return ConfirmSpendScreen(
        f"Create another study on this {kind}?", lines, "", ["ANOTHER"], "Create draft"
    )

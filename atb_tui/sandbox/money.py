"""Study costs and workspace balances, in minor units (pence/cents).

Prolific's service fee is modelled as a third of rewards, with 20% VAT on the fee for GBP
workspaces. A published study reserves its projected cost; completed work is spent.
"""

from __future__ import annotations

from dataclasses import dataclass

from atb_tui.sandbox.model import JSON, Study, Workspace
from atb_tui.sandbox.world import World

FEE_RATE = 1 / 3
VAT_RATE = {"GBP": 0.2}
HOLDS_PLACE_STATUSES = ("RESERVED", "ACTIVE", "AWAITING REVIEW", "APPROVED", "PARTIALLY APPROVED")
LIVE = ("SCHEDULED", "ACTIVE", "PAUSED", "AWAITING REVIEW")


@dataclass(frozen=True)
class Cost:
    rewards: int
    fees: int
    tax: int

    @property
    def total(self) -> int:
        """Everything the researcher pays."""
        return self.rewards + self.fees + self.tax


def cost_of(rewards: float, currency: str) -> Cost:
    """Fees and tax on top of ``rewards``."""
    fees = round(rewards * FEE_RATE)
    return Cost(round(rewards), fees, round(fees * VAT_RATE.get(currency, 0.0)))


def reward_of(study: Study) -> float:
    """The per-submission reward, in minor units."""
    value = study.settings.get("reward") or 0
    return float(value)


def places_of(study: Study) -> int:
    """The study's total available places."""
    return int(study.settings.get("total_available_places") or 0)


def projected_cost(world: World, study: Study) -> Cost:
    """What the study costs if every place is filled."""
    return cost_of(reward_of(study) * places_of(study), currency_of(world, study))


def actual_cost(world: World, study: Study) -> Cost:
    """What the submissions so far cost."""
    taken = sum(
        1
        for s in world.submissions.values()
        if s.study_id == study.id and s.status in HOLDS_PLACE_STATUSES
    )
    return cost_of(reward_of(study) * taken, currency_of(world, study))


def currency_of(world: World, study: Study) -> str:
    """The study's currency: its workspace's."""
    workspace = world.workspaces.get(study.workspace_id)
    return workspace.currency_code if workspace else world.user.currency_code


def balance(world: World, workspace: Workspace) -> JSON:
    """The ``WorkspaceBalance`` body: funds minus spending, and minus reservations."""
    spent = reserved = 0
    for study in world.studies.values():
        if study.workspace_id != workspace.id or study.published_at is None:
            continue
        used = actual_cost(world, study).total
        spent += used
        if study.status in LIVE:
            reserved += max(0, projected_cost(world, study).total - used)
    total, available = workspace.funds - spent, workspace.funds - spent - reserved
    return {
        "currency_code": workspace.currency_code,
        "total_balance": total,
        "balance_breakdown": _breakdown(total, workspace.currency_code),
        "available_balance": available,
        "available_balance_breakdown": _breakdown(available, workspace.currency_code),
    }


def _breakdown(amount: int, currency: str) -> JSON:
    """How much of ``amount`` would go to rewards, fees and VAT if spent on studies."""
    per_reward = cost_of(1_000_000, currency)
    rewards = round(amount * per_reward.rewards / per_reward.total)
    fees = round(rewards * FEE_RATE)
    return {"rewards": rewards, "fees": fees, "vat": amount - rewards - fees}


def amount(cost_minor: int, currency: str) -> JSON:
    """An ``AmountAndCurrency`` object."""
    return {"amount": cost_minor, "currency": currency}


def format_money(minor: int, currency: str) -> str:
    """``£1,250.00`` style, for error messages."""
    symbol = {"GBP": "£", "USD": "$"}.get(currency, currency + " ")
    return f"{symbol}{minor / 100:,.2f}"

"""The study launch form as data: defaults, parsing what was typed, the totals to show.

No widgets and no API calls here: the launch screen feeds in the form's text and what it
fetched (task groups, balance, Prolific's cost) and shows what comes out.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from atb_tui.api.models.enums import DataCollectionMethod
from atb_tui.api.models.studies import (
    CompletionCode,
    CompletionCodeAction,
    DataCollectionMetadata,
    Study,
    StudyCreate,
    StudyUpdate,
)
from atb_tui.logic.money import (
    ASSUMED_FEE_RATE,
    ASSUMED_VAT_RATE,
    CostEstimate,
    MoneyError,
    balance_covers,
    estimate_cost,
    format_money,
    low_hourly_rate,
    parse_money,
    places,
    reward_per_hour,
)

DEVICES = ("desktop", "tablet", "mobile")
COMPLETION_ACTIONS = {
    "MANUALLY_REVIEW": "Review each submission before paying",
    "AUTOMATICALLY_APPROVE": "Approve and pay automatically",
}
FormValues = dict[str, object]


def default_values(batch_name: str, currency: str) -> FormValues:
    """A sensible start: 10 minutes at the recommended rate, one annotator, desktop only."""
    reward = format_money(150, currency)
    return {
        "name": batch_name,
        "description": f"<p>Annotate items for “{batch_name}”. Read the instructions first.</p>",
        "reward": reward,
        "minutes": "10",
        "annotators": "1",
        "desktop": True,
        "tablet": False,
        "mobile": False,
        "completion": "MANUALLY_REVIEW",
    }


def values_of(study: Study, currency: str) -> FormValues:
    """The form as a stored draft study fills it."""
    devices = study.device_compatibility or ["desktop"]
    metadata = study.data_collection_metadata
    completion = _completion_action(study.model_extra or {})
    return {
        "name": study.name,
        "description": study.description or "",
        "reward": format_money(int(study.reward or 0), currency),
        "minutes": str(int(study.estimated_completion_time or 1)),
        "annotators": str((metadata.annotators_per_task if metadata else None) or 1),
        **{device: device in devices for device in DEVICES},
        "completion": completion,
    }


def _completion_action(extra: Mapping[str, object]) -> str:
    codes = extra.get("completion_codes")
    if isinstance(codes, list):
        for code in codes:
            actions = code.get("actions") if isinstance(code, dict) else None
            for action in actions or []:
                if isinstance(action, dict) and action.get("action") in COMPLETION_ACTIONS:
                    return str(action["action"])
    return "MANUALLY_REVIEW"


@dataclass
class StudyPlan:
    """What the form says, parsed; `problems` by form field (empty when it can be sent)."""

    name: str = ""
    description: str = ""
    reward: int = 0
    minutes: int = 0
    annotators: int = 1
    devices: list[str] = field(default_factory=list)
    completion: str = "MANUALLY_REVIEW"
    problems: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems


def parse_plan(values: Mapping[str, object], currency: str) -> StudyPlan:
    """Read the form; every problem is reported on its field."""
    plan = StudyPlan(
        name=str(values.get("name", "")).strip(),
        description=str(values.get("description", "")).strip(),
        devices=[device for device in DEVICES if values.get(device) is True],
        completion=str(values.get("completion") or "MANUALLY_REVIEW"),
    )
    if not plan.name:
        plan.problems["name"] = "participants see this name; it can't be empty"
    if not plan.description:
        plan.problems["description"] = "describe the task for participants"
    try:
        plan.reward = parse_money(str(values.get("reward", "")), currency)
        if plan.reward <= 0:
            plan.problems["reward"] = "the reward must be more than 0"
    except MoneyError as error:
        plan.problems["reward"] = str(error)
    plan.minutes = _whole(values.get("minutes"), "minutes", plan.problems)
    plan.annotators = _whole(values.get("annotators"), "annotators", plan.problems) or 1
    if not plan.devices:
        plan.problems["devices"] = "choose at least one device"
    return plan


def _whole(value: object, name: str, problems: dict[str, str]) -> int:
    text = str(value or "").strip()
    if not (text.isascii() and text.isdigit()) or int(text) < 1:  # "²".isdigit() is true
        problems[name] = "a whole number of at least 1"
        return 0
    return int(text)


def create_request(plan: StudyPlan, batch_id: str, total_places: int) -> StudyCreate:
    """The draft study for an AI Task Builder batch."""
    return StudyCreate(
        name=plan.name,
        description=plan.description,
        reward=plan.reward,
        estimated_completion_time=plan.minutes,
        total_available_places=total_places or None,
        device_compatibility=plan.devices,
        completion_codes=[_completion_code(plan.completion)],
        data_collection_method=DataCollectionMethod.AI_TASK_BUILDER_BATCH,
        data_collection_id=batch_id,
        data_collection_metadata=DataCollectionMetadata(annotators_per_task=plan.annotators),
    )


def update_request(plan: StudyPlan) -> StudyUpdate:
    """The same settings as a PATCH of the draft."""
    return StudyUpdate(
        name=plan.name,
        description=plan.description,
        reward=plan.reward,
        estimated_completion_time=plan.minutes,
        device_compatibility=plan.devices,
        completion_codes=[_completion_code(plan.completion)],
        data_collection_metadata=DataCollectionMetadata(annotators_per_task=plan.annotators),
    )


def _completion_code(action: str) -> CompletionCode:
    return CompletionCode(
        code=None,
        code_type="COMPLETED",
        actions=[CompletionCodeAction(action=action)],
        actor="participant",
    )


@dataclass(frozen=True)
class LaunchTotals:
    """The live summary next to the form."""

    places: int
    cost: CostEstimate | None
    hourly: int | None
    balance: int | None
    currency: str

    def lines(self) -> list[str]:
        """Rich-markup lines for the summary panel."""
        money = self._money
        out = [f"{'Places':<16}{self.places}", "  [dim]task groups × annotators per task[/dim]"]
        if self.cost is not None:
            label = "Cost" if not self.cost.is_estimate else "Cost (estimate)"
            out.append(f"{label:<16}[b]{money(self.cost.total_cost)}[/b]")
            out.append(f"  {'rewards':<14}{money(self.cost.rewards)}")
            out.append(f"  {'fees + VAT':<14}{money(self.cost.fees_and_tax)}")
            out.append(f"  [dim]{self.cost.note}[/dim]")
        if self.hourly is not None:
            out.append(f"{'Reward/hour':<16}{money(self.hourly)}")
        if self.balance is not None:
            out.append(f"{'Balance':<16}{money(self.balance)} available")
        return out + self.warnings()

    def warnings(self) -> list[str]:
        """What the user should know before spending."""
        found: list[str] = []
        if self.places == 0:
            found.append("[b $error]⚠ The batch has no task groups yet: nothing to take.[/]")
        if (
            self.cost
            and self.balance is not None
            and not balance_covers(self.cost.total_cost, self.balance)
        ):
            short = self._money(self.cost.total_cost - self.balance)
            found.append(f"[b $error]⚠ The balance does not cover this ({short} short).[/]")
        if self.hourly is not None and low_hourly_rate(self.hourly, self.currency):
            found.append("[b $warning]⚠ Low hourly rate: below Prolific's recommendation.[/]")
        return found

    def _money(self, minor: int) -> str:
        return format_money(minor, self.currency)


def local_totals(
    plan: StudyPlan,
    task_groups: int,
    balance: int | None,
    currency: str,
    api_cost: CostEstimate | None,
) -> LaunchTotals:
    """Totals for the form as typed; Prolific's cost when it matches, else an estimate."""
    total_places = places(task_groups, max(plan.annotators, 1))
    cost = api_cost
    if cost is None or cost.rewards != plan.reward * total_places:
        cost = estimate_cost(
            plan.reward,
            total_places,
            fee_rate=ASSUMED_FEE_RATE,
            vat_rate=ASSUMED_VAT_RATE,
            currency=currency,
        )
    hourly = reward_per_hour(plan.reward, plan.minutes) if plan.minutes > 0 else None
    return LaunchTotals(total_places, cost, hourly, balance, currency)

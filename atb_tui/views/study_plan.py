"""The study launch form as data: defaults, parsing what was typed, the totals to show.

No widgets and no API calls here: the launch screen feeds in the form's text and what it
fetched (task groups, balance, Prolific's cost) and shows what comes out.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

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
# What a study runs on. A collection is answered whole by each participant: its "task groups"
# count is 1, so places = the participants asked for (the form's annotators field).
LaunchKind = Literal["batch", "collection"]
METHODS: dict[LaunchKind, DataCollectionMethod] = {
    "batch": DataCollectionMethod.AI_TASK_BUILDER_BATCH,
    "collection": DataCollectionMethod.AI_TASK_BUILDER_COLLECTION,
}
# Statuses in which a study takes (or is about to take) participants: another study on the same
# batch would double the work and the spend.
RUNNING_STATUSES = frozenset({"ACTIVE", "SCHEDULED", "PAUSED", "PUBLISHING"})


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
    completion = _completion_action(study.model_extra or {})
    return {
        "name": study.name,
        "description": study.description or "",
        "reward": format_money(int(study.reward or 0), currency),
        "minutes": str(int(study.estimated_completion_time or 1)),
        "annotators": str(_annotators(study)),
        **{device: device in devices for device in DEVICES},
        "completion": completion,
    }


def _annotators(study: Study) -> int:
    if study.data_collection_method == METHODS["collection"]:
        return study.total_available_places or 1
    metadata = study.data_collection_metadata
    return (metadata.annotators_per_task if metadata else None) or 1


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


def create_request(
    plan: StudyPlan, batch_id: str, total_places: int, kind: LaunchKind = "batch"
) -> StudyCreate:
    """The draft study for an AI Task Builder batch (or collection: places, no metadata)."""
    if kind == "collection":
        settings = {
            **_settings(plan),
            "total_available_places": total_places,
            "data_collection_method": METHODS[kind],
            "data_collection_id": batch_id,
        }
        return StudyCreate.model_validate(settings)
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


def _settings(plan: StudyPlan) -> dict[str, object]:
    return {
        "name": plan.name,
        "description": plan.description,
        "reward": plan.reward,
        "estimated_completion_time": plan.minutes,
        "device_compatibility": plan.devices,
        "completion_codes": [_completion_code(plan.completion)],
    }


def update_request(
    plan: StudyPlan, kind: LaunchKind = "batch", total_places: int = 0
) -> StudyUpdate:
    """The same settings as a PATCH of the draft."""
    if kind == "collection":
        return StudyUpdate.model_validate(
            {**_settings(plan), "total_available_places": total_places}
        )
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
    kind: LaunchKind = "batch"

    def lines(self) -> list[str]:
        """Rich-markup lines for the summary panel."""
        money = self._money
        how = "participants" if self.kind == "collection" else "task groups × annotators per task"
        out = [f"{'Places':<16}{self.places}", f"  [dim]{how}[/dim]"]
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
    kind: LaunchKind = "batch",
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
    return LaunchTotals(total_places, cost, hourly, balance, currency, kind)


def distinct_name(name: str, taken: Iterable[str]) -> str:
    """`name`, or `name (2)`, `name (3)` … when a study of the batch already has it."""
    used = set(taken)
    if name not in used:
        return name
    number = 2
    while f"{name} ({number})" in used:
        number += 1
    return f"{name} ({number})"


def running(studies: Iterable[Study]) -> list[Study]:
    """The studies that take participants now or will soon (live, paused or scheduled)."""
    return [s for s in studies if (s.status or "") in RUNNING_STATUSES]


def study_line(study: Study, currency: str) -> str:
    """One existing study of the batch: name, status, places and the rewards paid so far."""
    taken = study.places_taken or 0
    spent = format_money(int(study.reward or 0) * taken, currency)
    return (
        f"{study.name} · {study.status or '?'} · {taken}/{study.total_available_places or 0} "
        f"places · {spent} rewards so far"
    )


def other_study_lines(studies: Sequence[Study], currency: str) -> list[str]:
    """What the launch form says about the studies a batch already has."""
    return [study_line(study, currency) for study in studies]

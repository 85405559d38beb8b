"""Studies as use-cases over the client: draft, publish, control, grow (no widgets here).

The launch form and the study screen both call these. A create, publish, transition or update
whose answer was lost (the request may have reached Prolific) is never sent again: the study,
or the batch's studies, are re-read and the caller is told what actually happened (`lost`).
When even that re-read fails, `OutcomeUncheckedError` says the outcome is unknown.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import TypeVar

from atb_tui.api import APIConnectionError, OutcomeUnknownError, ProlificClient, ProlificError
from atb_tui.api.models.studies import Study, StudyUpdate
from atb_tui.logic.money import CostEstimate, MoneyError, cost_from_study_cost
from atb_tui.views.study_launch import Fetched
from atb_tui.views.study_plan import LaunchKind, StudyPlan, create_request, update_request

# A write whose answer did not arrive: it may have taken effect, so it is checked, not repeated.
LOST = (OutcomeUnknownError, APIConnectionError)
BATCH_METHOD = "AI_TASK_BUILDER_BATCH"
_GROWABLE = frozenset({"UNPUBLISHED", "ACTIVE", "PAUSED", "AWAITING REVIEW"})
# Which operations each status allows (api-reference §8.4); transitions go by their action.
ALLOWED: dict[str, frozenset[str]] = {
    "PUBLISH": frozenset({"UNPUBLISHED"}),
    "SCHEDULE_PUBLISH": frozenset({"UNPUBLISHED"}),
    "CANCEL_PUBLISH": frozenset({"SCHEDULED"}),
    "PAUSE": frozenset({"ACTIVE"}),
    "START": frozenset({"PAUSED"}),
    "STOP": frozenset({"ACTIVE", "PAUSED"}),
    "MORE_PLACES": _GROWABLE,
    "MORE_ANNOTATORS": _GROWABLE,
}
T = TypeVar("T")


class OutcomeUncheckedError(ProlificError):
    """A write's answer was lost and re-reading to check failed too: nobody knows yet."""

    default_title = "Outcome unknown"

    def __init__(self, operation: str, cause: ProlificError) -> None:
        super().__init__(f"The {operation} request's outcome is unknown: {cause.message}")
        self.operation = operation
        self.cause = cause


def allowed(operation: str, status: str | None) -> bool:
    """Whether a study in `status` allows `operation` (unknown operations are not limited)."""
    statuses = ALLOWED.get(operation)
    return statuses is None or (status or "") in statuses


async def _recheck(operation: str, cause: ProlificError, read: Callable[[], Awaitable[T]]) -> T:
    """Re-read after a lost answer; a failing re-read leaves the outcome unknown."""
    try:
        return await read()
    except ProlificError as error:
        raise OutcomeUncheckedError(operation, error) from cause


# ---- a batch's (or collection's) studies and its draft ---------------------------------------


@dataclass(frozen=True)
class TargetStudies:
    """The studies of one batch or collection: its newest draft and all the others."""

    draft: Study | None = None
    others: tuple[Study, ...] = ()


async def target_studies(client: ProlificClient, target_id: str) -> TargetStudies:
    """The unpublished study already made for this batch (so nothing is created twice)."""
    mine = [s for s in await client.studies.list() if s.data_collection_id == target_id]
    drafts = [s for s in mine if s.status == "UNPUBLISHED"]
    draft = max(drafts, key=lambda s: str(s.date_created or ""), default=None)
    return TargetStudies(draft, tuple(s for s in mine if draft is None or s.id != draft.id))


@dataclass(frozen=True)
class LaunchTarget:
    """What the launch form needs of a batch (or collection) before it shows anything."""

    name: str
    fetched: Fetched  # task groups (a collection: 1), balance, currency, the batch's status
    studies: TargetStudies


async def launch_target(
    client: ProlificClient, workspace_id: str, target_id: str, kind: LaunchKind
) -> LaunchTarget:
    """Read the batch or collection, its task groups, the workspace's balance, its studies."""
    status: str | None = None
    if kind == "collection":  # answered whole by each participant: one "task group"
        name, task_groups = (await client.collections.get(target_id)).name, 1
    else:
        batch = await client.batches.get(target_id)
        name, status = batch.name, batch.status
        task_groups = batch.total_task_groups or len(await client.batches.task_groups(batch.id))
    balance = await client.workspaces.balance(workspace_id)
    currency = (balance.currency_code or "GBP").upper()
    fetched = Fetched(task_groups, balance.available_balance, currency, status)
    return LaunchTarget(name, fetched, await target_studies(client, target_id))


@dataclass(frozen=True)
class DraftSaved:
    """After a save: the studies as they are now; `lost` when the answer was lost and they
    were re-read (then `studies.draft` is None if the lost create made nothing)."""

    studies: TargetStudies
    lost: bool = False


async def save_draft(
    client: ProlificClient,
    known: TargetStudies,
    target_id: str,
    plan: StudyPlan,
    *,
    kind: LaunchKind,
    task_groups: int,
) -> DraftSaved:
    """Create the draft study, or update the one there is (checked first: a lost answer or
    another window may have made it). Nothing is spent until it is published."""
    total_places = task_groups * plan.annotators
    try:
        if known.draft is None:
            known = await target_studies(client, target_id)
        if known.draft is not None:
            changes = update_request(plan, kind, total_places)
            study = await client.studies.update(known.draft.id, changes)
        else:
            study = await client.studies.create(create_request(plan, target_id, total_places, kind))
    except LOST as error:
        found = await _recheck("create", error, lambda: target_studies(client, target_id))
        return DraftSaved(found, lost=True)
    return DraftSaved(replace(known, draft=study))


# ---- one study -------------------------------------------------------------------------------


async def study_cost(client: ProlificClient, study_id: str, currency: str) -> CostEstimate | None:
    """Prolific's projected cost of the study, or None when it can't say (an estimate is shown)."""
    try:
        cost = await client.studies.cost(study_id, projected=True)
        return cost_from_study_cost(cost.model_dump(mode="json"), currency=currency)
    except (ProlificError, MoneyError):
        return None


@dataclass(frozen=True)
class StudyReading:
    """One study as its screen shows it: the study, its submissions by status, its cost."""

    study: Study
    counts: dict[str, int]
    cost: CostEstimate | None
    batch_name: str | None  # None: not read (the id is shown; the next read tries again)
    currency: str


async def read_study(
    client: ProlificClient, study_id: str, currency: str, batch_name: str | None = None
) -> StudyReading:
    """Read the study, its submission counts, its batch's name (unless known) and its cost."""
    study = await client.studies.get(study_id)
    currency = (study.currency_code or currency).upper()
    counts = await client.studies.submission_counts(study_id)
    if batch_name is None and study.data_collection_id:
        try:
            batch_name = (await client.batches.get(study.data_collection_id)).name
        except ProlificError:
            batch_name = None
    cost = await study_cost(client, study_id, currency)
    return StudyReading(study, counts, cost, batch_name, currency)


@dataclass(frozen=True)
class Written:
    """A study after a write: what Prolific answered, or (`lost`) what a re-read found."""

    study: Study
    lost: bool = False


async def transition(
    client: ProlificClient, study_id: str, action: str, publish_at: datetime | None = None
) -> Written:
    """PUBLISH, SCHEDULE_PUBLISH, CANCEL_PUBLISH, PAUSE, START or STOP, sent once."""
    try:
        return Written(await client.studies.transition(study_id, action, publish_at))
    except LOST as error:
        operation = action.lower().replace("_", " ")
        return Written(await _recheck(operation, error, lambda: client.studies.get(study_id)), True)


async def update(client: ProlificClient, study_id: str, changes: StudyUpdate) -> Written:
    """Change the study (more places or annotators), sent once."""
    try:
        return Written(await client.studies.update(study_id, changes))
    except LOST as error:
        return Written(await _recheck("update", error, lambda: client.studies.get(study_id)), True)


# ---- more places and annotators --------------------------------------------------------------


@dataclass(frozen=True)
class Growth:
    """What growing a study means: the places it adds, in words, and the change to send."""

    added_places: int
    what: str
    changes: StudyUpdate


def runs_on_batch(study: Study) -> bool:
    """An AI Task Builder batch study: it has responses, and its places are task groups ×
    annotators, so more places means more annotators."""
    return study.data_collection_method == BATCH_METHOD


def annotators_of(study: Study) -> int:
    """Annotators per task (1 when the study does not say)."""
    metadata = study.data_collection_metadata
    return (metadata.annotators_per_task if metadata else None) or 1


def more_places(study: Study, wanted: int) -> Growth:
    """A new total of places."""
    now = study.total_available_places or 0
    changes = StudyUpdate(total_available_places=wanted)
    return Growth(wanted - now, f"{now} → {wanted} places", changes)


def more_annotators(study: Study, wanted: int) -> Growth:
    """A new number of annotators per task: each task group gets that many more places."""
    now = annotators_of(study)
    groups = (study.total_available_places or 0) // now
    changes = StudyUpdate.model_validate(
        {"data_collection_metadata": {"annotators_per_task": wanted}}
    )
    return Growth(groups * (wanted - now), f"{now} → {wanted} annotators per task", changes)


def parse_publish_at(text: str) -> datetime | None:
    """'2026-11-24 09:00' as a UTC moment; None when it is not a date and time."""
    try:
        return datetime.fromisoformat(text.strip()).replace(tzinfo=UTC)
    except ValueError:
        return None


def whole_number(text: str | None) -> int | None:
    """A typed count, or None when it is not a whole number."""
    cleaned = (text or "").strip()
    return int(cleaned) if cleaned.isascii() and cleaned.isdigit() else None

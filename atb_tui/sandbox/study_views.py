"""Studies and submissions → JSON (``Study``, ``StudyShort``, ``SubmissionShort``, costs)."""

from __future__ import annotations

from atb_tui.sandbox.ids import iso, iso_or_none
from atb_tui.sandbox.model import JSON, Study, Submission
from atb_tui.sandbox.money import (
    HOLDS_PLACE_STATUSES,
    actual_cost,
    amount,
    cost_of,
    currency_of,
    projected_cost,
    reward_of,
)
from atb_tui.sandbox.world import World


def submissions_of(world: World, study: Study) -> list[Submission]:
    """The study's submissions, oldest first."""
    return [s for s in world.submissions.values() if s.study_id == study.id]


def study(world: World, item: Study) -> JSON:
    """The full ``Study`` object: stored settings plus the read-only fields Prolific adds."""
    settings = item.settings
    subs = submissions_of(world, item)
    minutes = float(settings.get("estimated_completion_time") or 0)
    per_hour = round(reward_of(item) * 60 / minutes) if minutes else 0
    body: JSON = {
        **settings,
        "id": item.id,
        "status": item.status,
        "external_study_url": settings.get("external_study_url") or "",
        "is_ready_to_publish": _ready(world, item),
        "date_created": iso(item.created_at),
        "published_at": iso_or_none(item.published_at),
        "publish_at": iso_or_none(item.publish_at),
        "places_taken": sum(1 for s in subs if s.status in HOLDS_PLACE_STATUSES),
        "number_of_submissions": len(subs),
        "total_cost": projected_cost(world, item).total,
        "currency_code": currency_of(world, item),
        "presentment_currency_code": currency_of(world, item),
        "study_type": "SINGLE",
        "is_pilot": False,
        "average_reward_per_hour": per_hour,
        "estimated_reward_per_hour": per_hour,
        "workspace": item.workspace_id,
        "researcher": _researcher(world),
    }
    body["maximum_allowed_time"] = settings.get("maximum_allowed_time") or max(
        1, round(minutes * 3)
    )
    return body


def _ready(world: World, item: Study) -> bool:
    settings = item.settings
    if settings.get("data_collection_method") == "AI_TASK_BUILDER_BATCH":
        batch = world.batches.get(str(settings.get("data_collection_id")))
        if batch is None or batch.status != "READY":
            return False
    return bool(settings.get("reward") and settings.get("total_available_places"))


def _researcher(world: World) -> JSON:
    me = world.user
    return {
        "id": me.id,
        "name": f"{me.first_name} {me.last_name}",
        "email": me.email,
        "country": "GB",
    }


def study_short(world: World, item: Study) -> JSON:
    """``StudyShort`` for lists."""
    full = study(world, item)
    keys = (
        "id",
        "name",
        "internal_name",
        "status",
        "study_type",
        "estimated_completion_time",
        "total_available_places",
        "places_taken",
        "number_of_submissions",
        "reward",
        "total_cost",
        "published_at",
        "publish_at",
        "date_created",
        "credential_pool_id",
        "is_ready_to_publish",
        "data_collection_method",
        "data_collection_id",
        "project",
    )
    return {key: full.get(key) for key in keys}


def submission(item: Submission) -> JSON:
    """``SubmissionShort`` plus the fields the CLI reads."""
    taken = None if item.completed_at is None else round(item.completed_at - item.started_at)
    return {
        "id": item.id,
        "participant_id": item.participant_id,
        "study_id": item.study_id,
        "status": item.status,
        "started_at": iso(item.started_at),
        "completed_at": iso_or_none(item.completed_at),
        "has_siblings": False,
        "study_code": item.study_code,
        "return_requested": None,
        "is_complete": item.status in ("AWAITING REVIEW", "APPROVED", "REJECTED"),
        "time_taken": taken,
        "reward": item.reward,
        "task_group_id": item.group_id,
    }


def counts(world: World, item: Study) -> JSON:
    """``SubmissionsCountResponse``: every status key, plus TOTAL."""
    keys = (
        "ACTIVE",
        "APPROVED",
        "AWAITING REVIEW",
        "REJECTED",
        "RESERVED",
        "RETURNED",
        "TIMED-OUT",
        "PARTIALLY APPROVED",
        "SCREENED OUT",
    )
    tally = dict.fromkeys(keys, 0)
    subs = submissions_of(world, item)
    for sub in subs:
        tally[sub.status] = tally.get(sub.status, 0) + 1
    return {**tally, "TOTAL": len(subs)}


def cost(world: World, item: Study, *, projected: bool) -> JSON:
    """``StudyTotalCost``: rewards and bonuses, each split into rewards, fees and tax."""
    spent = projected_cost(world, item) if projected else actual_cost(world, item)
    currency = currency_of(world, item)
    no_bonus = cost_of(0, currency)
    return {
        "rewards": {k: amount(getattr(spent, k), currency) for k in ("rewards", "fees", "tax")},
        "bonuses": {k: amount(getattr(no_bonus, k), currency) for k in ("rewards", "fees", "tax")},
        "total_cost": spent.total,
        "_links": {},
    }

"""Studies: validation of create/update bodies, place math, transitions and publishing.

AI Task Builder studies name a batch (or collection) through ``data_collection_method`` /
``data_collection_id``; for a batch, ``total_available_places`` is always task groups x
``data_collection_metadata.annotators_per_task`` (recomputed when the batch becomes READY
and at publish). Transitions follow reference §8.4 exactly; anything else is a 400.
"""

from __future__ import annotations

from typing import Any

from atb_tui.sandbox import participants, study_views
from atb_tui.sandbox.errors import ClassicError, FieldErrors, describe
from atb_tui.sandbox.ids import parse_iso
from atb_tui.sandbox.model import JSON, Study
from atb_tui.sandbox.money import balance as workspace_balance
from atb_tui.sandbox.money import format_money, projected_cost
from atb_tui.sandbox.study_fields import STUDY_FIELDS, check_settings, default_completion_codes
from atb_tui.sandbox.world import World

TRANSITIONS = {
    ("UNPUBLISHED", "PUBLISH"): "ACTIVE",
    ("UNPUBLISHED", "SCHEDULE_PUBLISH"): "SCHEDULED",
    ("SCHEDULED", "CANCEL_PUBLISH"): "UNPUBLISHED",
    ("ACTIVE", "PAUSE"): "PAUSED",
    ("ACTIVE", "STOP"): "COMPLETED",
    ("PAUSED", "START"): "ACTIVE",
    ("PAUSED", "STOP"): "COMPLETED",
}
ACTIONS = ("PUBLISH", "SCHEDULE_PUBLISH", "CANCEL_PUBLISH", "PAUSE", "START", "STOP")
EDITABLE_AFTER_PUBLISH = (
    "internal_name",
    "total_available_places",
    "access_details",
    "data_collection_metadata",
    "submissions_config",
)


def create_study(world: World, body: JSON) -> Study:
    """Validate a CreateStudy body and store a draft (``UNPUBLISHED``) study."""
    settings = check_settings(world, body)
    project_id = str(settings["project"])
    study = Study(
        id=world.new_object_id(),
        project_id=project_id,
        workspace_id=world.projects[project_id].workspace_id,
        created_at=world.now,
        settings=settings,
    )
    if settings.get("data_collection_method") and not settings.get("completion_codes"):
        settings["completion_codes"] = default_completion_codes(study.id)
    refresh_places(world, study)
    world.studies[study.id] = study
    return study


def refresh_places(world: World, study: Study) -> None:
    """For batch studies, places = task groups x annotators per task (once groups exist)."""
    settings = study.settings
    if settings.get("data_collection_method") != "AI_TASK_BUILDER_BATCH":
        return
    batch = world.batches.get(str(settings.get("data_collection_id")))
    per_task = int((settings.get("data_collection_metadata") or {}).get("annotators_per_task", 1))
    if batch is not None and batch.status == "READY":
        settings["total_available_places"] = len(batch.group_ids) * per_task
    else:
        settings.setdefault("total_available_places", 0)


def update_study(world: World, study: Study, body: JSON) -> None:
    """PATCH: anything while a draft; after publishing only the documented fields."""
    if study.status in ("UNPUBLISHED", "SCHEDULED"):
        merged = {**study.settings, **body}
        study.settings = check_settings(world, merged)
        refresh_places(world, study)
        return
    errors = FieldErrors()
    shown = study_views.study(world, study)  # clients often send back what they were shown
    for key, value in body.items():
        if key in STUDY_FIELDS and key not in EDITABLE_AFTER_PUBLISH and value != shown.get(key):
            errors.add(key, "This field cannot be changed after the study has been published.")
    errors.raise_if_any()
    _apply_live_update(world, study, body)


def _apply_live_update(world: World, study: Study, body: JSON) -> None:
    errors = FieldErrors()
    old_places = int(study.settings.get("total_available_places") or 0)
    old_per_task = _per_task(study.settings)
    candidate = check_settings(world, {**study.settings, **body})
    if _per_task(candidate) < old_per_task:
        errors.add(
            "data_collection_metadata.annotators_per_task",
            "Can only be increased after publishing.",
        )
    if (
        "total_available_places" in body
        and int(candidate.get("total_available_places") or 0) < old_places
    ):
        errors.add(
            "total_available_places",
            f"Can only be increased after publishing (currently {old_places}).",
        )
    errors.raise_if_any()
    study.settings = candidate
    refresh_places(world, study)
    if int(study.settings.get("total_available_places") or 0) > old_places:
        participants.reopen(world, study)


def _per_task(settings: JSON) -> int:
    return int((settings.get("data_collection_metadata") or {}).get("annotators_per_task", 1))


def transition(world: World, study: Study, action: Any, publish_at: Any) -> None:
    """Apply one of the §8.4 transitions, or raise a 400 saying which ones are allowed."""
    if action not in ACTIONS:
        raise ClassicError(
            400, {"action": [f"{describe(action)} is not one of: {', '.join(ACTIONS)}."]}
        )
    target = TRANSITIONS.get((study.status, action))
    if target is None:
        allowed = [a for (state, a) in TRANSITIONS if state == study.status]
        hint = f"allowed: {', '.join(allowed)}" if allowed else "no transitions are allowed"
        raise ClassicError(400, f"Cannot {action} a study that is {study.status} ({hint}).")
    if action == "PUBLISH":
        publish(world, study)
    elif action == "SCHEDULE_PUBLISH":
        _schedule(world, study, publish_at)
    else:
        _move(world, study, target)


def _move(world: World, study: Study, target: str) -> None:
    study.status = target
    if target == "ACTIVE":
        participants.reopen(world, study)
    if target == "COMPLETED":
        study.completed_at = world.now


def _schedule(world: World, study: Study, publish_at: Any) -> None:
    raw = publish_at or study.settings.get("publish_at")
    try:
        when = parse_iso(str(raw)) if raw else None
    except ValueError:
        when = None
    if when is None or when <= world.now:
        raise ClassicError(
            400, {"publish_at": ["A publish_at date-time in the future is required."]}
        )
    _check_publishable(world, study)
    study.status, study.publish_at = "SCHEDULED", when
    world.schedule(when, "scheduled_publish", study.id)


def publish_scheduled(world: World, study_id: str) -> None:
    """Event: a scheduled study's time has come (unless it was cancelled meanwhile)."""
    study = world.studies[study_id]
    if (
        study.status == "SCHEDULED"
        and study.publish_at is not None
        and study.publish_at <= world.now
    ):
        study.status = "UNPUBLISHED"
        try:
            publish(world, study)
        except ClassicError:
            study.status = "UNPUBLISHED"  # e.g. funds ran out meanwhile: stays a draft


def publish(world: World, study: Study) -> None:
    """Check the study can run and pay, then go ``ACTIVE`` and let participants in."""
    _check_publishable(world, study)
    study.status, study.published_at = "ACTIVE", world.now
    participants.open_study(world, study)


def _check_publishable(world: World, study: Study) -> None:
    settings = study.settings
    method = settings.get("data_collection_method")
    if method == "AI_TASK_BUILDER_BATCH":
        batch = world.batches.get(str(settings.get("data_collection_id")))
        if batch is None or batch.status != "READY":
            status = batch.status if batch else "missing"
            raise ClassicError(
                400, f"The AI Task Builder batch must be READY before publishing (it is {status})."
            )
        refresh_places(world, study)
    problems = FieldErrors()
    if not settings.get("reward"):
        problems.add("reward", "Set a reward greater than 0 before publishing.")
    if not settings.get("estimated_completion_time"):
        problems.add(
            "estimated_completion_time", "Set an estimated completion time before publishing."
        )
    if not settings.get("total_available_places"):
        problems.add("total_available_places", "The study has no places to fill.")
    problems.raise_if_any()
    _check_funds(world, study)


def _check_funds(world: World, study: Study) -> None:
    workspace = world.workspaces[study.workspace_id]
    available = int(workspace_balance(world, workspace)["available_balance"])
    needed = projected_cost(world, study).total
    if needed > available:
        currency = workspace.currency_code
        raise ClassicError(
            400,
            f"Insufficient funds: publishing needs {format_money(needed, currency)} but the "
            f"workspace has {format_money(available, currency)} available.",
        )


def delete_study(world: World, study: Study) -> None:
    """Drafts can be deleted; anything that has run cannot."""
    if study.status != "UNPUBLISHED":
        raise ClassicError(
            400, f"Only unpublished studies can be deleted (this one is {study.status})."
        )
    del world.studies[study.id]

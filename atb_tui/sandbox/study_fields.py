"""Validation of CreateStudy / UpdateStudy bodies (reference §8.1, spec ``CreateStudy``).

Classic studies need every field the spec marks required. AI Task Builder studies are
validated the way the reference recommends: ``external_study_url`` is refused (mutually
exclusive with ``data_collection_method``), the batch or collection must exist, and the
zero values the official CLI sends (``reward: 0``, ``prolific_id_option: ""``) are
accepted at creation but refused at publish time.
"""

from __future__ import annotations

from typing import Any

from atb_tui.sandbox.errors import FieldErrors, describe
from atb_tui.sandbox.model import JSON
from atb_tui.sandbox.world import World

METHODS = ("AI_TASK_BUILDER_BATCH", "AI_TASK_BUILDER_COLLECTION")
METHOD_ALIASES = {"AI_TASK_BUILDER": "AI_TASK_BUILDER_BATCH", "DC_TOOL": "AI_TASK_BUILDER_BATCH"}
ID_OPTIONS = ("question", "url_parameters", "not_required")
DEVICES = ("desktop", "tablet", "mobile")
PERIPHERALS = ("audio", "camera", "download", "microphone")
CODE_ACTIONS = (
    "AUTOMATICALLY_APPROVE",
    "MANUALLY_REVIEW",
    "ADD_TO_PARTICIPANT_GROUP",
    "REMOVE_FROM_PARTICIPANT_GROUP",
    "REQUEST_RETURN",
    "DYNAMIC_PAYMENT",
    "FIXED_SCREEN_OUT_PAYMENT",
)
LABELS = (
    "survey",
    "writing_task",
    "annotation",
    "decision_making_task",
    "interview",
    "other",
    "ai_annotation",
    "ai_evaluation",
    "ai_reasoning",
    "ai_fact_checking",
    "ai_safety",
    "ai_data_creation_text",
    "ai_data_creation_audio",
    "ai_data_creation_video",
    "ai_data_creation_images",
    "ai_other",
)
PASSTHROUGH = (
    "content_warnings",
    "content_warning_details",
    "metadata",
    "credential_pool_id",
    "access_details",
    "is_external_study_url_secure",
    "naivety_distribution_rate",
    "filter_set_version",
    "has_credentials",
    "completion_code",
    "completion_option",
    "publish_at",
    "filters",
    "filter_set_id",
)


STUDY_FIELDS = (
    "name",
    "description",
    "internal_name",
    "external_study_url",
    "prolific_id_option",
    "completion_codes",
    "total_available_places",
    "estimated_completion_time",
    "reward",
    "maximum_allowed_time",
    "device_compatibility",
    "peripheral_requirements",
    "study_labels",
    "submissions_config",
    "project",
    "data_collection_method",
    "data_collection_id",
    "data_collection_metadata",
    *PASSTHROUGH,
)


def check_settings(world: World, body: JSON) -> JSON:
    """Validated, normalised study settings; a classic 400 lists every problem."""
    errors = FieldErrors()
    settings: JSON = {key: body[key] for key in PASSTHROUGH if key in body}
    for key in ("name", "description"):
        settings[key] = _text(body, key, errors)
    settings["internal_name"] = body.get("internal_name")
    method = _method(body, errors)
    settings.update(_data_collection(world, body, method, errors))
    settings.update(_numbers(body, aitb=method is not None, errors=errors))
    settings["prolific_id_option"] = _id_option(body, aitb=method is not None, errors=errors)
    if method is None:
        settings["external_study_url"] = _external_url(body, errors)
    settings["device_compatibility"] = _enum_list(body, "device_compatibility", DEVICES, errors)
    settings["peripheral_requirements"] = _enum_list(
        body, "peripheral_requirements", PERIPHERALS, errors
    )
    settings["study_labels"] = _enum_list(body, "study_labels", LABELS, errors)
    settings["completion_codes"] = _completion_codes(body.get("completion_codes"), method, errors)
    settings["submissions_config"] = _submissions_config(body.get("submissions_config"), errors)
    settings["project"] = _project(world, body, settings, errors)
    if body.get("filters") and body.get("filter_set_id"):
        errors.add("filter_set_id", "Use either filters or filter_set_id, not both.")
    errors.raise_if_any()
    return settings


def default_completion_codes(study_id: str) -> list[JSON]:
    """The COMPLETED code Prolific generates for AI Task Builder studies."""
    code = study_id[-8:].upper()
    return [
        {
            "code": code,
            "code_type": "COMPLETED",
            "actions": [{"action": "MANUALLY_REVIEW"}],
            "actor": "participant",
        }
    ]


def _text(body: JSON, key: str, errors: FieldErrors) -> str | None:
    value = body.get(key)
    if not isinstance(value, str) or not value.strip():
        errors.add(
            key, "This field is required." if value is None else "Must be a non-empty string."
        )
        return None
    return value


def _method(body: JSON, errors: FieldErrors) -> str | None:
    method = body.get("data_collection_method")
    if method is None:
        return None
    method = METHOD_ALIASES.get(str(method), method)
    if method not in METHODS:
        errors.add(
            "data_collection_method", f"{describe(method)} is not one of: {', '.join(METHODS)}."
        )
        return None
    if body.get("external_study_url"):
        errors.add(
            "external_study_url",
            "external_study_url and data_collection_method are mutually exclusive.",
        )
    return str(method)


def _data_collection(world: World, body: JSON, method: str | None, errors: FieldErrors) -> JSON:
    if method is None:
        return {
            "data_collection_method": None,
            "data_collection_id": None,
            "data_collection_metadata": None,
        }
    target = body.get("data_collection_id")
    store = world.batches if method == "AI_TASK_BUILDER_BATCH" else world.collections
    if not isinstance(target, str) or target not in store:
        kind = "batch" if method == "AI_TASK_BUILDER_BATCH" else "collection"
        errors.add(
            "data_collection_id",
            f"Must be the id of an existing {kind} (found {describe(target)}).",
        )
    metadata = body.get("data_collection_metadata") or {}
    per_task = metadata.get("annotators_per_task", 1) if isinstance(metadata, dict) else None
    if isinstance(per_task, bool) or not isinstance(per_task, int) or per_task < 1:
        errors.add(
            "data_collection_metadata.annotators_per_task", "Must be a whole number of at least 1."
        )
        per_task = 1
    meta = {"annotators_per_task": per_task} if method == "AI_TASK_BUILDER_BATCH" else None
    return {
        "data_collection_method": method,
        "data_collection_id": target,
        "data_collection_metadata": meta,
    }


def _numbers(body: JSON, *, aitb: bool, errors: FieldErrors) -> JSON:
    result: JSON = {}
    for key in (
        "total_available_places",
        "estimated_completion_time",
        "reward",
        "maximum_allowed_time",
    ):
        value = body.get(key)
        if value is None:
            if not aitb and key != "maximum_allowed_time":
                errors.add(key, "This field is required.")
            elif key != "maximum_allowed_time":
                result[key] = 0
            continue
        if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
            errors.add(key, f"Must be a non-negative number (found {describe(value)}).")
            continue
        result[key] = int(value) if float(value).is_integer() else value
    if not aitb and result.get("total_available_places") == 0:
        errors.add("total_available_places", "Must be at least 1.")
    return result


def _id_option(body: JSON, *, aitb: bool, errors: FieldErrors) -> str | None:
    value = body.get("prolific_id_option")
    if aitb and value in (None, ""):
        return "not_required"
    if value not in ID_OPTIONS:
        errors.add("prolific_id_option", f"Must be one of: {', '.join(ID_OPTIONS)}.")
        return None
    return str(value)


def _external_url(body: JSON, errors: FieldErrors) -> str | None:
    url = body.get("external_study_url")
    if not isinstance(url, str) or not url.startswith(("http://", "https://")):
        errors.add(
            "external_study_url", "Required (an http(s) URL) unless data_collection_method is set."
        )
        return None
    return url


def _enum_list(body: JSON, key: str, allowed: tuple[str, ...], errors: FieldErrors) -> list[Any]:
    value = body.get(key)
    if value is None:
        return []
    if not isinstance(value, list) or any(item not in allowed for item in value):
        errors.add(key, f"Must be a list of: {', '.join(allowed)}.")
        return []
    return value


def _completion_codes(codes: Any, method: str | None, errors: FieldErrors) -> list[Any]:
    if codes is None:
        return []
    if not isinstance(codes, list) or not all(_valid_code(code) for code in codes):
        errors.add(
            "completion_codes",
            "Each code needs 'code' (string or null), 'code_type' and 'actions'.",
        )
        return []
    if method is not None and codes:
        completed = [c for c in codes if c["code_type"] == "COMPLETED"]
        actions = {a["action"] for c in completed for a in c["actions"]}
        if len(completed) != 1 or not actions & {"MANUALLY_REVIEW", "AUTOMATICALLY_APPROVE"}:
            errors.add(
                "completion_codes",
                "AI Task Builder studies need exactly one COMPLETED code, "
                "with MANUALLY_REVIEW or AUTOMATICALLY_APPROVE.",
            )
    return codes


def _valid_code(code: Any) -> bool:
    if not isinstance(code, dict) or not isinstance(code.get("code_type"), str):
        return False
    if code.get("code") is not None and not isinstance(code.get("code"), str):
        return False
    actions = code.get("actions")
    return isinstance(actions, list) and all(
        isinstance(a, dict) and a.get("action") in CODE_ACTIONS for a in actions
    )


def _submissions_config(config: Any, errors: FieldErrors) -> JSON:
    result: JSON = {
        "max_submissions_per_participant": 1,
        "max_concurrent_submissions": -1,
        "auto_rejection_categories": [],
    }
    if config is None:
        return result
    if not isinstance(config, dict):
        errors.add("submissions_config", "Must be an object.")
        return result
    for key in ("max_submissions_per_participant", "max_concurrent_submissions"):
        value = config.get(key, result[key])
        if value is not None and (
            isinstance(value, bool) or not isinstance(value, int) or value == 0 or value < -1
        ):
            errors.add(
                f"submissions_config.{key}", "Must be -1 (unlimited) or a positive whole number."
            )
        result[key] = value
    categories = config.get("auto_rejection_categories", [])
    if not isinstance(categories, list) or any(c != "EXCEPTIONALLY_FAST" for c in categories):
        errors.add(
            "submissions_config.auto_rejection_categories",
            "Only 'EXCEPTIONALLY_FAST' is supported.",
        )
    result["auto_rejection_categories"] = categories
    return result


def _project(world: World, body: JSON, settings: JSON, errors: FieldErrors) -> str | None:
    target = settings.get("data_collection_id")
    owner = world.batches.get(str(target)) or world.collections.get(str(target))
    workspace_id = owner.workspace_id if owner else next(iter(world.workspaces), None)
    given = body.get("project")
    if given is not None:
        project = world.projects.get(str(given))
        if project is None:
            errors.add("project", f"No project with id {describe(given)}.")
        elif owner is not None and project.workspace_id != owner.workspace_id:
            errors.add(
                "project", "The project must be in the same workspace as the batch or collection."
            )
        return str(given)
    first = next((p.id for p in world.projects.values() if p.workspace_id == workspace_id), None)
    if first is None:
        errors.add("project", "The workspace has no project to put the study in.")
    return first

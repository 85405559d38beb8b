"""Routes: studies (CRUD, transitions, costs), their submissions, and submission review."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from atb_tui.sandbox import reviews, studies, study_views
from atb_tui.sandbox.errors import ClassicError, FieldErrors, not_found
from atb_tui.sandbox.model import JSON, STUDY_STATUSES, Study, Submission
from atb_tui.sandbox.money import cost_of
from atb_tui.sandbox.web import (
    Endpoint,
    classic_list,
    context,
    json_response,
    number_field,
    page_window,
    read_object,
)
from atb_tui.sandbox.world import World

ORDERINGS = (
    "started_at",
    "completed_at",
    "status",
    "participant_id",
    "study_code",
    "time_taken",
    "date_created",
)


def find_study(world: World, study_id: str) -> Study:
    """The study, or a classic 404."""
    item = world.studies.get(study_id)
    if item is None:
        raise not_found("study", flat=False)
    return item


def _find_submission(world: World, submission_id: str) -> Submission:
    item = world.submissions.get(submission_id)
    if item is None:
        raise not_found("submission", flat=False)
    return item


def _ordered(items: list[JSON], ordering: str | None) -> list[JSON]:
    if not ordering:
        return items
    key = ordering.lstrip("-")
    if key not in ORDERINGS:
        raise ClassicError(
            400,
            {"ordering": [f"Cannot order by {ordering!r}; use one of: {', '.join(ORDERINGS)}."]},
        )
    present = [i for i in items if i.get(key) is not None]
    missing = [i for i in items if i.get(key) is None]
    return sorted(present, key=lambda i: i[key], reverse=ordering.startswith("-")) + missing


async def list_studies(request: Request) -> Response:
    """GET /api/v1/studies/ — ``state`` filter (also the CLI's published/active/completed)."""
    world = context(request).world
    wanted = _state_filter(request)
    items = [
        study_views.study_short(world, s)
        for s in world.studies.values()
        if wanted is None or s.status in wanted
    ]
    items = _ordered(items, request.query_params.get("ordering"))
    return json_response(classic_list(request, items, page_window(request)))


def _state_filter(request: Request) -> set[str] | None:
    params = request.query_params
    state = params.get("state")
    if state:
        if state.upper() not in STUDY_STATUSES:
            raise ClassicError(
                400,
                {"state": [f"Unknown state {state!r}; use one of: {', '.join(STUDY_STATUSES)}."]},
            )
        return {state.upper()}
    legacy = {
        "published": {"ACTIVE", "PAUSED", "AWAITING REVIEW", "COMPLETED"},
        "active": {"ACTIVE"},
        "completed": {"COMPLETED"},
        "unpublished": {"UNPUBLISHED"},
    }
    for name, statuses in legacy.items():
        if params.get(name) == "1":
            return statuses
    if params.get("published") == "0":
        return {"UNPUBLISHED", "SCHEDULED"}
    return None


async def list_project_studies(request: Request) -> Response:
    """GET /api/v1/projects/{project_id}/studies/ — page, page_size, ordering."""
    world = context(request).world
    project_id = request.path_params["project_id"]
    if project_id not in world.projects:
        raise not_found("project", flat=False)
    items = [
        study_views.study_short(world, s)
        for s in world.studies.values()
        if s.project_id == project_id
    ]
    items = _ordered(items, request.query_params.get("ordering"))
    return json_response(classic_list(request, items, page_window(request)))


async def create_study(request: Request) -> Response:
    """POST /api/v1/studies/ — a draft (``UNPUBLISHED``) study."""
    world = context(request).world
    item = studies.create_study(world, await read_object(request))
    return json_response(study_views.study(world, item), 201)


async def get_study(request: Request) -> Response:
    """GET /api/v1/studies/{id}/"""
    world = context(request).world
    return json_response(study_views.study(world, find_study(world, request.path_params["id"])))


async def update_study(request: Request) -> Response:
    """PATCH /api/v1/studies/{id}/ — restricted after publishing (reference §8.5)."""
    world = context(request).world
    item = find_study(world, request.path_params["id"])
    studies.update_study(world, item, await read_object(request))
    return json_response(study_views.study(world, item))


async def delete_study(request: Request) -> Response:
    """DELETE /api/v1/studies/{id}/ — drafts only; 204 as the live API answers."""
    world = context(request).world
    studies.delete_study(world, find_study(world, request.path_params["id"]))
    return Response(status_code=204)


async def transition_study(request: Request) -> Response:
    """POST /api/v1/studies/{id}/transition/ — PUBLISH, PAUSE, START, STOP, (CANCEL_)SCHEDULE."""
    world = context(request).world
    item = find_study(world, request.path_params["id"])
    body = await read_object(request)
    if "action" not in body:
        raise ClassicError(400, {"action": ["This field is required."]})
    studies.transition(world, item, body["action"], body.get("publish_at"))
    return json_response(study_views.study(world, item))


async def get_cost(request: Request) -> Response:
    """GET /api/v1/studies/{id}/cost/?is_projected=true|false"""
    world = context(request).world
    item = find_study(world, request.path_params["id"])
    projected = request.query_params.get("is_projected", "false").lower() in ("1", "true")
    return json_response(study_views.cost(world, item, projected=projected))


async def calculate_cost(request: Request) -> Response:
    """POST /api/v1/study-cost-calculator/ — ``{reward, total_available_places}`` → total."""
    world = context(request).world
    body = await read_object(request)
    errors = FieldErrors()
    reward = number_field(body, "reward", errors, minimum=0)
    places = number_field(body, "total_available_places", errors, minimum=0)
    for key, value in (("reward", reward), ("total_available_places", places)):
        if value is None and key not in errors.messages:
            errors.add(key, "This field is required.")
    errors.raise_if_any()
    total = cost_of((reward or 0) * (places or 0), world.user.currency_code).total
    return json_response({"total_cost": total})


async def list_study_submissions(request: Request) -> Response:
    """GET /api/v1/studies/{id}/submissions/ — ordering, limit/offset or page/page_size."""
    world = context(request).world
    item = find_study(world, request.path_params["id"])
    rows = [study_views.submission(s) for s in study_views.submissions_of(world, item)]
    rows = _ordered(rows, request.query_params.get("ordering"))
    return json_response(classic_list(request, rows, page_window(request)))


async def count_submissions(request: Request) -> Response:
    """GET /api/v1/studies/{id}/submissions/counts/"""
    world = context(request).world
    return json_response(study_views.counts(world, find_study(world, request.path_params["id"])))


async def list_submissions(request: Request) -> Response:
    """GET /api/v1/submissions/?study=<id> — the global list (study required)."""
    world = context(request).world
    study_id = request.query_params.get("study")
    if not study_id:
        raise ClassicError(400, {"study": ["This query parameter is required."]})
    item = find_study(world, study_id)
    rows = [study_views.submission(s) for s in study_views.submissions_of(world, item)]
    status = request.query_params.get("status")
    rows = [r for r in rows if status is None or r["status"] == status]
    return json_response(classic_list(request, rows, page_window(request)))


async def get_submission(request: Request) -> Response:
    """GET /api/v1/submissions/{id}/"""
    world = context(request).world
    return json_response(_detail(_find_submission(world, request.path_params["id"])))


def _detail(item: Submission) -> JSON:
    """One submission (SPEC ``SubmissionDetail``/``Submission`` name the participant
    ``participant``; lists say ``participant_id``): both keys are sent."""
    return {**study_views.submission(item), "participant": item.participant_id}


async def transition_submission(request: Request) -> Response:
    """POST /api/v1/submissions/{id}/transition/ — APPROVE or REJECT (see :mod:`reviews`)."""
    world = context(request).world
    item = _find_submission(world, request.path_params["id"])
    reviews.transition(world, item, await read_object(request))
    return json_response(_detail(item))


async def bulk_approve(request: Request) -> Response:
    """POST /api/v1/submissions/bulk-approve/ — asynchronous: 200 with a string at once."""
    world = context(request).world
    reviews.bulk_approve(world, await read_object(request))
    return json_response(reviews.BULK_MESSAGE)


ROUTES: list[tuple[str, str, Endpoint]] = [
    ("GET", "/api/v1/studies", list_studies),
    ("POST", "/api/v1/studies", create_study),
    ("GET", "/api/v1/studies/{id}", get_study),
    ("PATCH", "/api/v1/studies/{id}", update_study),
    ("DELETE", "/api/v1/studies/{id}", delete_study),
    ("POST", "/api/v1/studies/{id}/transition", transition_study),
    ("GET", "/api/v1/studies/{id}/cost", get_cost),
    ("GET", "/api/v1/studies/{id}/submissions", list_study_submissions),
    ("GET", "/api/v1/studies/{id}/submissions/counts", count_submissions),
    ("POST", "/api/v1/study-cost-calculator", calculate_cost),
    ("GET", "/api/v1/projects/{project_id}/studies", list_project_studies),
    ("GET", "/api/v1/submissions", list_submissions),
    ("POST", "/api/v1/submissions/bulk-approve", bulk_approve),
    ("GET", "/api/v1/submissions/{id}", get_submission),
    ("POST", "/api/v1/submissions/{id}/transition", transition_submission),
]

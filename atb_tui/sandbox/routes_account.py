"""Routes: ``users/me``, workspaces (with balance) and projects (classic envelope)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from atb_tui.sandbox import render
from atb_tui.sandbox.accounts import add_project, add_workspace
from atb_tui.sandbox.errors import FieldErrors, not_found
from atb_tui.sandbox.model import Project, Workspace
from atb_tui.sandbox.money import balance
from atb_tui.sandbox.web import (
    Endpoint,
    classic_list,
    context,
    json_response,
    number_field,
    page_window,
    read_object,
    text_field,
)
from atb_tui.sandbox.world import World

CURRENCIES = ("GBP", "USD")


def find_workspace(world: World, workspace_id: str) -> Workspace:
    """The workspace, or a classic 404."""
    space = world.workspaces.get(workspace_id)
    if space is None:
        raise not_found("workspace", flat=False)
    return space


def _project(world: World, project_id: str) -> Project:
    item = world.projects.get(project_id)
    if item is None:
        raise not_found("project", flat=False)
    return item


async def get_me(request: Request) -> Response:
    """GET /api/v1/users/me/"""
    return json_response(render.user(context(request).world))


async def list_workspaces(request: Request) -> Response:
    """GET /api/v1/workspaces/"""
    world = context(request).world
    items = [render.workspace(world, w, short=True) for w in world.workspaces.values()]
    return json_response(classic_list(request, items, page_window(request)))


async def create_workspace(request: Request) -> Response:
    """POST /api/v1/workspaces/ — the caller becomes admin; a default project is created."""
    world = context(request).world
    body = await read_object(request)
    errors = FieldErrors()
    title = text_field(body, "title", errors, required=True)
    currency = body.get("currency_code", "GBP")
    if currency not in CURRENCIES:
        errors.add("currency_code", f"Must be one of: {', '.join(CURRENCIES)}.")
    rate = number_field(body, "naivety_distribution_rate", errors, minimum=0)
    errors.raise_if_any()
    space = add_workspace(world, str(title), str(currency), 0, str(body.get("description") or ""))
    space.naivety_distribution_rate = rate
    add_project(world, space, "Project")
    return json_response(render.workspace(world, space, short=False), 201)


async def get_workspace(request: Request) -> Response:
    """GET /api/v1/workspaces/{workspace_id}/"""
    world = context(request).world
    space = find_workspace(world, request.path_params["workspace_id"])
    return json_response(render.workspace(world, space, short=False))


async def update_workspace(request: Request) -> Response:
    """PATCH /api/v1/workspaces/{workspace_id}/ — title, description, naivety rate."""
    world = context(request).world
    space = find_workspace(world, request.path_params["workspace_id"])
    body = await read_object(request)
    errors = FieldErrors()
    title = text_field(body, "title", errors, required=False)
    rate = number_field(body, "naivety_distribution_rate", errors, minimum=0)
    if "description" in body and not isinstance(body["description"], str):
        errors.add("description", "Must be a string.")
    errors.raise_if_any()
    space.title = title or space.title
    space.description = body.get("description", space.description)
    space.naivety_distribution_rate = (
        rate if "naivety_distribution_rate" in body else space.naivety_distribution_rate
    )
    return json_response(render.workspace(world, space, short=False))


async def get_balance(request: Request) -> Response:
    """GET /api/v1/workspaces/{workspace_id}/balance/"""
    world = context(request).world
    space = find_workspace(world, request.path_params["workspace_id"])
    return json_response(balance(world, space))


async def list_projects(request: Request) -> Response:
    """GET /api/v1/workspaces/{workspace_id}/projects/"""
    world = context(request).world
    space = find_workspace(world, request.path_params["workspace_id"])
    items = [
        render.project(world, p, short=True)
        for p in world.projects.values()
        if p.workspace_id == space.id
    ]
    return json_response(classic_list(request, items, page_window(request)))


async def create_project(request: Request) -> Response:
    """POST /api/v1/workspaces/{workspace_id}/projects/"""
    world = context(request).world
    space = find_workspace(world, request.path_params["workspace_id"])
    body = await read_object(request)
    errors = FieldErrors()
    title = text_field(body, "title", errors, required=True)
    if body.get("type", "PRIVATE") not in ("PRIVATE", "PUBLIC"):
        errors.add("type", "Must be PRIVATE or PUBLIC.")
    errors.raise_if_any()
    item = add_project(world, space, str(title), str(body.get("description") or ""))
    item.type = str(body.get("type", "PRIVATE"))
    item.is_longitudinal = bool(body.get("is_longitudinal", False))
    return json_response(render.project(world, item, short=False), 201)


async def get_project(request: Request) -> Response:
    """GET /api/v1/projects/{project_id}/"""
    world = context(request).world
    return json_response(
        render.project(world, _project(world, request.path_params["project_id"]), short=False)
    )


ROUTES: list[tuple[str, str, Endpoint]] = [
    ("GET", "/api/v1/users/me", get_me),
    ("GET", "/api/v1/workspaces", list_workspaces),
    ("POST", "/api/v1/workspaces", create_workspace),
    ("GET", "/api/v1/workspaces/{workspace_id}", get_workspace),
    ("PATCH", "/api/v1/workspaces/{workspace_id}", update_workspace),
    ("GET", "/api/v1/workspaces/{workspace_id}/balance", get_balance),
    ("GET", "/api/v1/workspaces/{workspace_id}/projects", list_projects),
    ("POST", "/api/v1/workspaces/{workspace_id}/projects", create_project),
    ("GET", "/api/v1/projects/{project_id}", get_project),
]

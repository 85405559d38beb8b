"""Routes: batches — list, create, get, update, status, setup, duplicate, sync, task ids."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from atb_tui.sandbox import batches, render
from atb_tui.sandbox.batch_items import validate_layout
from atb_tui.sandbox.errors import ClassicError, FieldErrors, not_found
from atb_tui.sandbox.model import JSON, Batch
from atb_tui.sandbox.web import (
    Endpoint,
    bool_field,
    context,
    data_list,
    int_field,
    json_response,
    page_window,
    read_object,
    text_field,
)
from atb_tui.sandbox.world import World

TASK_DETAIL_KEYS = ("task_name", "task_introduction", "task_steps")


def find_batch(world: World, batch_id: str) -> Batch:
    """The batch, or a flat 404."""
    item = world.batches.get(batch_id)
    if item is None:
        raise not_found("batch", flat=True)
    return item


def task_details(value: Any, errors: FieldErrors) -> JSON | None:
    """Validate ``task_details`` (batches and collections share it); None when unusable."""
    if not isinstance(value, dict):
        errors.add(
            "task_details", "Must be an object with task_name, task_introduction and task_steps."
        )
        return None
    for key in TASK_DETAIL_KEYS:
        if not isinstance(value.get(key), str):
            errors.add(f"task_details.{key}", "This field is required (a string; HTML is allowed).")
    return {key: value.get(key) for key in TASK_DETAIL_KEYS}


def _dataset_ref(
    world: World, body: JSON, errors: FieldErrors, workspace_id: str | None
) -> str | None:
    dataset_id = body.get("dataset_id")
    if dataset_id is None:
        return None
    dataset = world.datasets.get(str(dataset_id))
    if dataset is None:
        errors.add("dataset_id", "Dataset not found.")
    elif workspace_id and dataset.workspace_id != workspace_id:
        errors.add("dataset_id", "The dataset belongs to another workspace.")
    return str(dataset_id)


async def list_batches(request: Request) -> Response:
    """GET /api/v1/data-collection/batches?workspace_id= (required)."""
    world = context(request).world
    workspace_id = request.query_params.get("workspace_id")
    if not workspace_id:
        raise ClassicError(400, {"workspace_id": ["This query parameter is required."]})
    if workspace_id not in world.workspaces:
        raise not_found("workspace", flat=True)
    items = [
        render.batch(world, b) for b in world.batches.values() if b.workspace_id == workspace_id
    ]
    return json_response(data_list(items, page_window(request)))


async def create_batch(request: Request) -> Response:
    """POST /api/v1/data-collection/batches — 201, or 422 INVALID_BATCH_ITEMS."""
    world = context(request).world
    body = await read_object(request)
    errors = FieldErrors()
    name = text_field(body, "name", errors, required=True)
    workspace_id = text_field(body, "workspace_id", errors, required=True)
    if workspace_id and workspace_id not in world.workspaces:
        errors.add("workspace_id", "Workspace not found.")
    details = task_details(body.get("task_details"), errors)
    dataset_id = _dataset_ref(world, body, errors, workspace_id)
    auto_sync = bool_field(body, "auto_sync_enabled", errors)
    errors.raise_if_any()
    layout = None
    if body.get("batch_items") is not None:
        layout = validate_layout(
            body["batch_items"], batches.schema_of(world, dataset_id), None, world.new_uuid
        )
    item = batches.create_batch(world, str(name), str(workspace_id), details or {})
    item.dataset_id, item.batch_items, item.auto_sync_enabled = dataset_id, layout, bool(auto_sync)
    return json_response(render.batch(world, item), 201)


async def get_batch(request: Request) -> Response:
    """GET /api/v1/data-collection/batches/{batch_id}"""
    world = context(request).world
    return json_response(render.batch(world, find_batch(world, request.path_params["batch_id"])))


async def update_batch(request: Request) -> Response:
    """PATCH /api/v1/data-collection/batches/{batch_id} — only what is sent changes."""
    world = context(request).world
    item = find_batch(world, request.path_params["batch_id"])
    body = await read_object(request)
    errors = FieldErrors()
    name = text_field(body, "name", errors, required=False)
    details = task_details(body["task_details"], errors) if "task_details" in body else None
    dataset_id = _dataset_ref(world, body, errors, item.workspace_id)
    auto_sync = bool_field(body, "auto_sync_enabled", errors)
    errors.raise_if_any()
    if "batch_items" in body or (dataset_id and dataset_id != item.dataset_id):
        batches.guard_editable(item, "dataset and layout")
    if "batch_items" in body:
        item.batch_items = _layout(world, item, body["batch_items"], dataset_id or item.dataset_id)
    item.name = name or item.name
    item.task_details = details or item.task_details
    item.dataset_id = dataset_id or item.dataset_id
    item.auto_sync_enabled = item.auto_sync_enabled if auto_sync is None else auto_sync
    return json_response(render.batch(world, item))


def _layout(world: World, item: Batch, pages: Any, dataset_id: str | None) -> list[JSON] | None:
    if pages is None:
        return None
    return validate_layout(
        pages, batches.schema_of(world, dataset_id), item.batch_items, world.new_uuid
    )


async def get_status(request: Request) -> Response:
    """GET /api/v1/data-collection/batches/{batch_id}/status"""
    world = context(request).world
    return json_response({"status": find_batch(world, request.path_params["batch_id"]).status})


async def setup_batch(request: Request) -> Response:
    """POST /api/v1/data-collection/batches/{batch_id}/setup — 202 with an empty body."""
    world = context(request).world
    item = find_batch(world, request.path_params["batch_id"])
    body = await read_object(request, required=False)
    errors = FieldErrors()
    per_group = int_field(body, "tasks_per_group", errors, minimum=1)
    dataset_id = _dataset_ref(world, body, errors, item.workspace_id)
    errors.raise_if_any()
    batches.start_setup(world, item, dataset_id, per_group or 1)
    return json_response({}, 202)


async def duplicate_batch(request: Request) -> Response:
    """POST /api/v1/data-collection/batches/{batch_id}/duplicate — 201."""
    world = context(request).world
    item = find_batch(world, request.path_params["batch_id"])
    body = await read_object(request, required=False)
    errors = FieldErrors()
    name = text_field(body, "name", errors, required=False)
    fresh = bool_field(body, "upload_new_dataset", errors)
    errors.raise_if_any()
    copy = batches.duplicate_batch(world, item, name, bool(fresh))
    return json_response(render.batch(world, copy), 201)


async def sync_batch(request: Request) -> Response:
    """POST /api/v1/data-collection/batches/{batch_id}/sync — 202 SyncJob."""
    world = context(request).world
    job = batches.request_sync(world, find_batch(world, request.path_params["batch_id"]))
    return json_response(render.sync(job), 202)


async def get_sync(request: Request) -> Response:
    """GET /api/v1/data-collection/batches/{batch_id}/syncs/{sync_id}"""
    world = context(request).world
    item = find_batch(world, request.path_params["batch_id"])
    job = world.syncs.get(request.path_params["sync_id"])
    if job is None or job.batch_id != item.id:
        raise not_found("sync job", flat=True)
    return json_response(render.sync(job))


async def list_task_ids(request: Request) -> Response:
    """GET .../tasks — the undocumented endpoint the CLI uses: an array of task ids."""
    world = context(request).world
    return json_response(list(find_batch(world, request.path_params["batch_id"]).task_ids))


async def list_group_ids(request: Request) -> Response:
    """GET .../task-groups — an array of task group ids (CLI only)."""
    world = context(request).world
    return json_response(list(find_batch(world, request.path_params["batch_id"]).group_ids))


_BASE = "/api/v1/data-collection/batches"
ROUTES: list[tuple[str, str, Endpoint]] = [
    ("GET", _BASE, list_batches),
    ("POST", _BASE, create_batch),
    ("GET", _BASE + "/{batch_id}", get_batch),
    ("PATCH", _BASE + "/{batch_id}", update_batch),
    ("GET", _BASE + "/{batch_id}/status", get_status),
    ("POST", _BASE + "/{batch_id}/setup", setup_batch),
    ("POST", _BASE + "/{batch_id}/duplicate", duplicate_batch),
    ("POST", _BASE + "/{batch_id}/sync", sync_batch),
    ("GET", _BASE + "/{batch_id}/syncs/{sync_id}", get_sync),
    ("GET", _BASE + "/{batch_id}/tasks", list_task_ids),
    ("GET", _BASE + "/{batch_id}/task-groups", list_group_ids),
]

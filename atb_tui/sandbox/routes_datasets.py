"""Routes: datasets (V3 and V4), upload URLs, import jobs, appends, schema migrations."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from atb_tui.sandbox import datasets, render
from atb_tui.sandbox.errors import FieldErrors, FlatError, not_found
from atb_tui.sandbox.ids import iso
from atb_tui.sandbox.model import Dataset
from atb_tui.sandbox.web import Endpoint, context, json_response, read_object, text_field
from atb_tui.sandbox.world import World

UPLOAD_URL_LIFETIME = 3600


def find_dataset(world: World, dataset_id: str) -> Dataset:
    """The dataset, or a flat 404."""
    item = world.datasets.get(dataset_id)
    if item is None:
        raise not_found("dataset", flat=True)
    return item


async def create_dataset(request: Request) -> Response:
    """POST /api/v1/data-collection/datasets — a ``schema`` key makes it a V4 dataset."""
    world = context(request).world
    body = await read_object(request)
    errors = FieldErrors()
    name = text_field(body, "name", errors, required=True)
    workspace_id = text_field(body, "workspace_id", errors, required=True)
    if workspace_id and workspace_id not in world.workspaces:
        errors.add("workspace_id", "Workspace not found.")
    schema = (
        datasets.check_schema(body["schema"], errors) if body.get("schema") is not None else None
    )
    errors.raise_if_any()
    item = datasets.create_dataset(world, str(name), str(workspace_id), schema, v4="schema" in body)
    return json_response(render.dataset(world, item), 201)


async def get_dataset(request: Request) -> Response:
    """GET /api/v1/data-collection/datasets/{dataset_id}"""
    world = context(request).world
    return json_response(
        render.dataset(world, find_dataset(world, request.path_params["dataset_id"]))
    )


async def update_dataset(request: Request) -> Response:
    """PATCH /api/v1/data-collection/datasets/{dataset_id} — replace a V4 schema."""
    world = context(request).world
    item = find_dataset(world, request.path_params["dataset_id"])
    body = await read_object(request)
    errors = FieldErrors()
    if "schema" not in body:
        errors.add("schema", "This field is required.")
    schema = datasets.check_schema(body.get("schema"), errors) if "schema" in body else None
    errors.raise_if_any()
    if item.schema_version != 4:
        raise FlatError(400, "Only V4 datasets have a schema; this dataset is V3.")
    migration_id = datasets.update_schema(world, item, schema or {})
    payload = render.dataset(world, item)
    if migration_id is not None:
        payload["migration_job_id"] = migration_id
    return json_response(payload)


async def get_status(request: Request) -> Response:
    """GET /api/v1/data-collection/datasets/{dataset_id}/status"""
    world = context(request).world
    item = find_dataset(world, request.path_params["dataset_id"])
    return json_response({"status": _status(world, item)})


def _status(world: World, item: Dataset) -> str:
    if item.schema_version == 3:
        return item.status
    if datasets.v4_ready(item):
        return "READY"
    jobs = [world.imports[i] for i in item.import_ids]
    if any(j.status in ("queued", "processing") for j in jobs):
        return "PROCESSING"
    return "ERROR" if any(j.status == "failed" for j in jobs) else "UNINITIALISED"


async def get_upload_url(request: Request) -> Response:
    """GET /api/v1/data-collection/datasets/{dataset_id}/upload-url/{filename} — 201."""
    ctx = context(request)
    world = ctx.world
    item = find_dataset(world, request.path_params["dataset_id"])
    filename = request.path_params["filename"]
    extension = datasets.check_upload_name(item, filename)
    job = datasets.new_import(world, item, filename) if item.schema_version == 4 else None
    slot = job.id if job else world.new_uuid()
    path = f"/presigned/uploads/{item.id}/{slot}/{filename}"
    payload = {
        "dataset_id": item.id,
        "upload_url": ctx.signer.url("PUT", path, world.now, UPLOAD_URL_LIFETIME),
        "http_method": "PUT",
        "content_type": datasets.CONTENT_TYPES[extension],
        "expires_at": iso(world.now + UPLOAD_URL_LIFETIME),
        "file_key": f"datasets/{item.workspace_id}/{item.id}/{slot}/{filename}",
    }
    if job is not None:
        payload["import_id"] = job.id
    return json_response(payload, 201)


async def get_import(request: Request) -> Response:
    """GET /api/v1/data-collection/datasets/{dataset_id}/imports/{import_id}"""
    world = context(request).world
    item = find_dataset(world, request.path_params["dataset_id"])
    job = world.imports.get(request.path_params["import_id"])
    if job is None or job.dataset_id != item.id:
        raise not_found("import job", flat=True)
    return json_response(render.import_job(job))


async def append_datapoints(request: Request) -> Response:
    """POST /api/v1/data-collection/datasets/{dataset_id}/datapoints — JSONL, synchronous."""
    world = context(request).world
    item = find_dataset(world, request.path_params["dataset_id"])
    if item.schema_version != 4 or item.schema is None:
        raise FlatError(400, "Datapoints can only be appended to a V4 dataset that has a schema.")
    if "csv" in request.headers.get("content-type", ""):
        raise FlatError(400, "CSV is not supported here: send JSON Lines (application/x-ndjson).")
    if datasets.busy_v4(world, item):
        raise FlatError(
            409,
            "An import or schema migration is in progress; try again when it finishes.",
            "Conflict",
        )
    raw = await request.body()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FlatError(400, "The request body is not valid UTF-8.") from None
    return json_response(datasets.append_datapoints(world, item, text))


async def get_migration(request: Request) -> Response:
    """GET /api/v1/data-collection/datasets/{dataset_id}/schema-migrations/{job_id}"""
    world = context(request).world
    item = find_dataset(world, request.path_params["dataset_id"])
    job = world.migrations.get(request.path_params["job_id"])
    if job is None or job.dataset_id != item.id:
        raise not_found("schema migration", flat=True)
    return json_response(render.migration(job))


_BASE = "/api/v1/data-collection/datasets"
ROUTES: list[tuple[str, str, Endpoint]] = [
    ("POST", _BASE, create_dataset),
    ("GET", _BASE + "/{dataset_id}", get_dataset),
    ("PATCH", _BASE + "/{dataset_id}", update_dataset),
    ("GET", _BASE + "/{dataset_id}/status", get_status),
    ("GET", _BASE + "/{dataset_id}/upload-url/{filename}", get_upload_url),
    ("GET", _BASE + "/{dataset_id}/imports/{import_id}", get_import),
    ("POST", _BASE + "/{dataset_id}/datapoints", append_datapoints),
    ("GET", _BASE + "/{dataset_id}/schema-migrations/{job_id}", get_migration),
]

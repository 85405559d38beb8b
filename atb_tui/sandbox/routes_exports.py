"""Routes: export jobs of batches and collections (reference addendum §11.1).

``POST`` (202 with the job), ``GET`` the list, ``GET`` one, ``DELETE`` one (204; 409 while
generating). Batches and collections share every handler: only the parent lookup differs.
"""

from __future__ import annotations

from collections.abc import Callable

from starlette.requests import Request
from starlette.responses import Response

from atb_tui.sandbox import export_jobs, exports
from atb_tui.sandbox.ids import iso
from atb_tui.sandbox.model import JSON, ExportJob
from atb_tui.sandbox.routes_batches import find_batch
from atb_tui.sandbox.routes_collections import find_collection
from atb_tui.sandbox.web import Context, Endpoint, context, data_list, json_response
from atb_tui.sandbox.world import World

Finder = Callable[[World, str], object]
_PARENTS: dict[str, tuple[str, Finder]] = {
    "batch": ("batch_id", find_batch),
    "collection": ("collection_id", find_collection),
}


def job_payload(ctx: Context, job: ExportJob) -> JSON:
    """One job: id, status, filters, created; a fresh presigned URL when complete."""
    body: JSON = {"status": job.status, **export_jobs.created_payload(job)}
    if job.status == "complete":
        path = f"/presigned/exports/{job.id}/{exports.export_filename(job)}"
        body["url"] = ctx.signer.url("GET", path, ctx.world.now, exports.URL_LIFETIME)
        body["expires_at"] = iso(ctx.world.now + exports.URL_LIFETIME)
        body["completed_at"] = iso(job.completed_at or ctx.world.now)
        body["response_count"] = job.response_count
    return body


def _parent_id(request: Request, kind: str) -> str:
    key, find = _PARENTS[kind]
    parent_id = request.path_params[key]
    find(context(request).world, parent_id)  # 404 in the family's envelope when unknown
    return str(parent_id)


def _handlers(kind: str) -> tuple[Endpoint, Endpoint, Endpoint, Endpoint]:
    async def create(request: Request) -> Response:
        ctx = context(request)
        parent_id = _parent_id(request, kind)
        filters = export_jobs.parse_filters(request.query_params)
        job = export_jobs.request_job(ctx.world, kind, parent_id, filters)
        return json_response(job_payload(ctx, job), 202)

    async def listing(request: Request) -> Response:
        ctx = context(request)
        jobs = export_jobs.jobs_of(ctx.world, _parent_id(request, kind))
        return json_response(data_list([job_payload(ctx, job) for job in jobs]))

    async def one(request: Request) -> Response:
        ctx = context(request)
        parent_id = _parent_id(request, kind)
        job = export_jobs.find_job(ctx.world, parent_id, request.path_params["export_id"])
        return json_response(job_payload(ctx, job))

    async def delete(request: Request) -> Response:
        ctx = context(request)
        parent_id = _parent_id(request, kind)
        job = export_jobs.find_job(ctx.world, parent_id, request.path_params["export_id"])
        export_jobs.delete_job(ctx.world, job)
        return Response(status_code=204)

    return create, listing, one, delete


def _routes(kind: str, base: str) -> list[tuple[str, str, Endpoint]]:
    create, listing, one, delete = _handlers(kind)
    return [
        ("POST", base + "/export", create),
        ("GET", base + "/export", listing),
        ("GET", base + "/export/{export_id}", one),
        ("DELETE", base + "/export/{export_id}", delete),
    ]


_DC = "/api/v1/data-collection"
ROUTES: list[tuple[str, str, Endpoint]] = [
    *_routes("batch", _DC + "/batches/{batch_id}"),
    *_routes("collection", _DC + "/collections/{collection_id}"),
]

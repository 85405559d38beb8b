"""Routes: batch responses, the report CSV URL, and export jobs (batch and collection)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from atb_tui.sandbox import exports, render
from atb_tui.sandbox.errors import not_found
from atb_tui.sandbox.ids import iso
from atb_tui.sandbox.model import JSON, ExportJob
from atb_tui.sandbox.routes_batches import find_batch
from atb_tui.sandbox.web import (
    Context,
    Endpoint,
    context,
    json_response,
    page_window,
    raw_json_response,
)

REPORT_URL_LIFETIME = 3600


async def get_responses(request: Request) -> Response:
    """GET .../batches/{batch_id}/responses — honours ``limit``/``offset``; ``meta.count`` is
    the total."""
    world = context(request).world
    item = find_batch(world, request.path_params["batch_id"])
    offset, limit = page_window(request)
    return raw_json_response(render.response_page(world, item.id, offset, limit))


async def get_report(request: Request) -> Response:
    """GET .../batches/{batch_id}/report/ — a presigned URL to a CSV of the responses so far."""
    ctx = context(request)
    item = find_batch(ctx.world, request.path_params["batch_id"])
    count = len(ctx.world.responses_of(item.id))
    path = f"/presigned/reports/{item.id}/report-{count}.csv"
    return json_response(
        {
            "url": ctx.signer.url("GET", path, ctx.world.now, REPORT_URL_LIFETIME),
            "expires_at": iso(ctx.world.now + REPORT_URL_LIFETIME),
            "http_method": "GET",
        }
    )


def export_payload(ctx: Context, job: ExportJob) -> JSON:
    """What POST export / GET export status say about a job (fresh URL on every poll)."""
    if job.status == "generating":
        return {"status": "generating", "export_id": job.id}
    if job.status == "failed":
        return {"status": "failed"}
    path = f"/presigned/exports/{job.id}/{exports.export_filename(job)}"
    return {
        "status": "complete",
        "url": ctx.signer.url("GET", path, ctx.world.now, exports.URL_LIFETIME),
        "expires_at": iso(ctx.world.now + exports.URL_LIFETIME),
    }


def export_response(ctx: Context, kind: str, parent_id: str) -> Response:
    """202 with the job id while generating; 200 with the URL when a recent export is ready."""
    job = exports.request_export(ctx.world, kind, parent_id)
    return json_response(export_payload(ctx, job), 200 if job.status == "complete" else 202)


def export_status(ctx: Context, parent_id: str, export_id: str) -> Response:
    """GET export status; 404 for an unknown job or one of another parent."""
    job = ctx.world.exports.get(export_id)
    if job is None or job.parent_id != parent_id:
        raise not_found("export", flat=True)
    return json_response(export_payload(ctx, job))


async def request_batch_export(request: Request) -> Response:
    """POST .../batches/{batch_id}/export"""
    ctx = context(request)
    item = find_batch(ctx.world, request.path_params["batch_id"])
    return export_response(ctx, "batch", item.id)


async def get_batch_export(request: Request) -> Response:
    """GET .../batches/{batch_id}/export/{export_id}"""
    ctx = context(request)
    item = find_batch(ctx.world, request.path_params["batch_id"])
    return export_status(ctx, item.id, request.path_params["export_id"])


_BASE = "/api/v1/data-collection/batches/{batch_id}"
ROUTES: list[tuple[str, str, Endpoint]] = [
    ("GET", _BASE + "/responses", get_responses),
    ("GET", _BASE + "/report", get_report),
    ("POST", _BASE + "/export", request_batch_export),
    ("GET", _BASE + "/export/{export_id}", get_batch_export),
]

"""Routes: batch responses and the report CSV URL (export jobs: :mod:`routes_exports`)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from atb_tui.sandbox import render
from atb_tui.sandbox.ids import iso
from atb_tui.sandbox.routes_batches import find_batch
from atb_tui.sandbox.web import (
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


_BASE = "/api/v1/data-collection/batches/{batch_id}"
ROUTES: list[tuple[str, str, Endpoint]] = [
    ("GET", _BASE + "/responses", get_responses),
    ("GET", _BASE + "/report", get_report),
]

"""The storage side: presigned upload (PUT) and download (GET) routes outside ``/api/``.

Uploads are streamed into a spooled temporary file (memory up to 1 MiB, disk beyond), so
a large CSV never sits in memory as one body; the dataset then parses it from there.
"""

from __future__ import annotations

import hashlib
import re
import tempfile

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from atb_tui.sandbox import datasets, exports, tabular
from atb_tui.sandbox.presign import PresignError, s3_error
from atb_tui.sandbox.web import Endpoint, context

MAX_UPLOAD_BYTES = 1 << 30
SPOOL_BYTES = 1 << 20
_REPORT_NAME = re.compile(r"^report-(\d+)\.csv$")


def _verify(request: Request, method: str) -> None:
    ctx = context(request)
    has_auth = "authorization" in request.headers
    ctx.signer.verify(method, request.url.path, request.query_params, has_auth, ctx.world.now)


def _no_such_key(request: Request) -> Response:
    return s3_error(404, "NoSuchKey", "The specified key does not exist.", request.url.path)


async def upload(request: Request) -> Response:
    """PUT /presigned/uploads/{dataset_id}/{slot}/{filename} — S3-style; 200 with an ETag."""
    try:
        _verify(request, "PUT")
    except PresignError as exc:
        return exc.response()
    world = context(request).world
    dataset = world.datasets.get(request.path_params["dataset_id"])
    if dataset is None:
        return _no_such_key(request)
    with tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES) as spool:
        digest, size = hashlib.md5(usedforsecurity=False), 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > MAX_UPLOAD_BYTES:
                return s3_error(
                    400,
                    "EntityTooLarge",
                    "Your proposed upload exceeds the maximum allowed size",
                    request.url.path,
                )
            digest.update(chunk)
            spool.write(chunk)
        spool.seek(0)
        await _ingest(request, spool)
    return Response(status_code=200, headers={"ETag": f'"{digest.hexdigest()}"'})


async def _ingest(request: Request, spool: tempfile.SpooledTemporaryFile[bytes]) -> None:
    """Parse in a worker thread (a 200 MB CSV takes seconds), then apply it on the loop."""
    world = context(request).world
    dataset = world.datasets[request.path_params["dataset_id"]]
    filename = request.path_params["filename"]
    if dataset.schema_version == 3:
        parsed = await run_in_threadpool(tabular.parse_v3, spool, filename, world.new_uuid)
        datasets.accept_v3_upload(world, dataset, filename, parsed)
        return
    job = world.imports.get(request.path_params["slot"])
    if job is not None and job.status == "uninitialised":  # S3 would just overwrite; the import ran
        read = await run_in_threadpool(datasets.read_v4_upload, spool, job.filename)
        if job.status == "uninitialised":  # still: another PUT may have raced us while we read
            datasets.accept_v4_upload(world, job, read)


async def download_report(request: Request) -> Response:
    """GET /presigned/reports/{batch_id}/report-{count}.csv — the CSV as of the report request."""
    try:
        _verify(request, "GET")
    except PresignError as exc:
        return exc.response()
    world = context(request).world
    batch = world.batches.get(request.path_params["batch_id"])
    match = _REPORT_NAME.match(request.path_params["name"])
    if batch is None or match is None:
        return _no_such_key(request)
    body = exports.report_csv(world, batch, int(match.group(1)))
    disposition = f'attachment; filename="{batch.name}-report.csv"'.encode(
        "latin-1", "replace"
    ).decode("latin-1")
    return Response(
        body, media_type="text/csv; charset=utf-8", headers={"Content-Disposition": disposition}
    )


async def download_export(request: Request) -> Response:
    """GET /presigned/exports/{export_id}/{name} — the ZIP of a complete export."""
    try:
        _verify(request, "GET")
    except PresignError as exc:
        return exc.response()
    world = context(request).world
    job = world.exports.get(request.path_params["export_id"])
    if job is None or job.status != "complete":
        return _no_such_key(request)
    headers = {"Content-Disposition": f'attachment; filename="{exports.export_filename(job)}"'}
    return Response(exports.export_zip(world, job), media_type="application/zip", headers=headers)


ROUTES: list[tuple[str, str, Endpoint]] = [
    ("PUT", "/presigned/uploads/{dataset_id}/{slot}/{filename}", upload),
    ("GET", "/presigned/reports/{batch_id}/{name}", download_report),
    ("GET", "/presigned/exports/{export_id}/{name}", download_export),
]

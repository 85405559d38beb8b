"""Uploads and downloads via presigned URLs: streamed, exact headers, never the token."""

from __future__ import annotations

import hashlib
import tracemalloc
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import httpx
import pytest

from atb_tui.api import LocalFileError, PresignedURLError, ProlificClient
from atb_tui.api._transfer import CHUNK_SIZE
from atb_tui.api.models import ExportJob
from tests.helpers.fake_api import TOKEN, FakeAPI

DATASET = "/api/v1/data-collection/datasets/d1"
UPLOAD_URL = "https://bucket.s3.amazonaws.com/ds/d1/data.jsonl?X-Amz-Signature=sig"
MB = 1024 * 1024


class StorageServer(httpx.AsyncBaseTransport):
    """A stand-in for S3 that consumes request bodies chunk by chunk without keeping them."""

    def __init__(self, *statuses: int, download: bytes = b"") -> None:
        self.statuses = list(statuses) or [200]
        self.download = download
        self.requests: list[httpx.Request] = []
        self.chunk_sizes: list[int] = []
        self.digest = hashlib.sha256()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        self.digest = hashlib.sha256()
        assert isinstance(request.stream, httpx.AsyncByteStream)
        async for chunk in request.stream:
            self.chunk_sizes.append(len(chunk))
            self.digest.update(chunk)
        status = self.statuses.pop(0) if len(self.statuses) > 1 else self.statuses[0]
        if status != 200:
            error = (
                b"<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>"
            )
            return httpx.Response(status, content=error)
        headers = {"content-length": str(len(self.download))}
        return httpx.Response(200, content=self.download, headers=headers)


def _names(directory: Path) -> list[str]:
    """What is in ``directory`` (a leftover ``.part`` file would show up here)."""
    return sorted(path.name for path in directory.iterdir())


def upload_url_body(url: str = UPLOAD_URL, **extra: str) -> dict[str, str]:
    return {
        "dataset_id": "d1",
        "upload_url": url,
        "http_method": "PUT",
        "content_type": "application/x-ndjson",
        "expires_at": "2030-01-01T00:00:00Z",
        "import_id": "imp1",
        **extra,
    }


async def test_large_upload_streams_in_bounded_chunks_with_flat_memory(
    make_client: Callable[..., ProlificClient], api: FakeAPI, tmp_path: Path
) -> None:
    size = 64 * MB
    source = tmp_path / "big.jsonl"
    with source.open("wb") as handle:  # sparse: instant to create, reads back as zeros
        handle.truncate(size)
    api.json("GET", f"{DATASET}/upload-url/big.jsonl", upload_url_body(), status=201)
    storage = StorageServer()
    client = make_client(api.handler, presigned=storage)
    progress: list[tuple[int, int]] = []

    tracemalloc.start()
    try:
        result = await client.datasets.upload(
            "d1", source, progress=lambda s, t: progress.append((s, t))
        )
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert result.import_id == "imp1"
    assert sum(storage.chunk_sizes) == size
    assert max(storage.chunk_sizes) <= CHUNK_SIZE
    assert len(storage.chunk_sizes) >= size // CHUNK_SIZE
    assert peak < 8 * MB, f"peak {peak / MB:.1f} MB for a {size // MB} MB file"
    assert storage.digest.hexdigest() == hashlib.sha256(bytes(size)).hexdigest()
    assert progress[0] == (0, size)
    assert progress[-1] == (size, size)
    assert [s for s, _ in progress] == sorted(s for s, _ in progress)
    request = storage.requests[0]
    assert request.method == "PUT"
    assert str(request.url) == UPLOAD_URL
    assert request.headers["content-type"] == "application/x-ndjson"
    assert request.headers["content-length"] == str(size)
    assert "transfer-encoding" not in request.headers
    assert "authorization" not in request.headers
    assert TOKEN not in str(request.headers.raw)


async def test_upload_uses_exactly_the_content_type_given_and_falls_back_by_extension(
    make_client: Callable[..., ProlificClient], api: FakeAPI, tmp_path: Path
) -> None:
    source = tmp_path / "rows.csv"
    source.write_text("text\nhello\n")
    api.json(
        "GET",
        f"{DATASET}/upload-url/renamed.csv",
        upload_url_body(content_type="text/csv; charset=utf-8"),
        status=201,
    )
    older = {k: v for k, v in upload_url_body().items() if k != "content_type"}
    api.json("GET", f"{DATASET}/upload-url/rows.csv", older, status=201)
    storage = StorageServer()
    client = make_client(api.handler, presigned=storage)
    await client.datasets.upload("d1", source, filename="renamed.csv")
    await client.datasets.upload("d1", source)
    assert [r.headers["content-type"] for r in storage.requests] == [
        "text/csv; charset=utf-8",
        "text/csv",
    ]


async def test_upload_to_the_api_origin_still_carries_no_token(
    make_client: Callable[..., ProlificClient], api: FakeAPI, tmp_path: Path
) -> None:
    """The sandbox serves presigned URLs from its own origin: the token must still stay home."""
    source = tmp_path / "a.csv"
    source.write_text("x\n1\n")
    same_origin = "https://api.prolific.com/sandbox-storage/d1?sig=1"
    api.json("GET", f"{DATASET}/upload-url/a.csv", upload_url_body(same_origin), status=201)
    storage = StorageServer()
    client = make_client(api.handler, presigned=storage)
    await client.datasets.upload("d1", source)
    assert "authorization" not in storage.requests[0].headers


async def test_failed_upload_is_retried_with_the_whole_file_then_reported(
    make_client: Callable[..., ProlificClient], api: FakeAPI, tmp_path: Path, sleeps: list[float]
) -> None:
    source = tmp_path / "a.jsonl"
    source.write_bytes(b'{"text": "x"}\n' * 1000)
    api.json("GET", f"{DATASET}/upload-url/a.jsonl", upload_url_body(), status=201)
    storage = StorageServer(503, 200)
    client = make_client(api.handler, presigned=storage)
    await client.datasets.upload("d1", source)
    assert len(storage.requests) == 2
    assert len(sleeps) == 1
    assert sum(storage.chunk_sizes) == 2 * source.stat().st_size

    expired = StorageServer(403)
    client = make_client(api.handler, presigned=expired)
    with pytest.raises(PresignedURLError) as caught:
        await client.datasets.upload("d1", source)
    message = str(caught.value)
    assert "403" in message
    assert "AccessDenied: Request has expired" in message
    assert "X-Amz-Signature" not in message
    assert caught.value.status_code == 403


async def test_upload_of_a_missing_file_fails_before_asking_for_a_url(
    client: ProlificClient, api: FakeAPI, tmp_path: Path
) -> None:
    with pytest.raises(LocalFileError, match="is not a file"):
        await client.datasets.upload("d1", tmp_path / "nope.csv")
    assert api.seen == []


async def test_insecure_or_odd_upload_targets_are_refused(
    make_client: Callable[..., ProlificClient], api: FakeAPI, tmp_path: Path
) -> None:
    source = tmp_path / "a.csv"
    source.write_text("x\n")
    api.json(
        "GET", f"{DATASET}/upload-url/a.csv", upload_url_body("http://bucket.example/x"), status=201
    )
    api.json("GET", f"{DATASET}/upload-url/b.csv", upload_url_body(http_method="POST"), status=201)
    storage = StorageServer()
    client = make_client(api.handler, presigned=storage)
    with pytest.raises(PresignedURLError, match="plain http://"):
        await client.datasets.upload("d1", source)
    with pytest.raises(PresignedURLError, match="unsupported POST upload"):
        await client.datasets.upload("d1", source, filename="b.csv")
    assert storage.requests == []


async def test_report_download_streams_to_disk_without_the_token(
    make_client: Callable[..., ProlificClient], api: FakeAPI, tmp_path: Path
) -> None:
    csv = b"text,answer\n" + b"row,yes\n" * 100_000
    api.json(
        "GET",
        "/api/v1/data-collection/batches/b1/report/",
        {
            "url": "https://reports.example/b1/report.csv?sig=1",
            "expires_at": "2030-01-01T00:00:00Z",
            "http_method": "GET",
        },
    )
    storage = StorageServer(download=csv)
    client = make_client(api.handler, presigned=storage)
    progress: list[tuple[int, int]] = []
    saved = await client.batches.download_report(
        "b1", tmp_path, progress=lambda s, t: progress.append((s, t))
    )
    assert saved == tmp_path / "report.csv"
    assert saved.read_bytes() == csv
    assert progress[-1] == (len(csv), len(csv))
    assert "authorization" not in storage.requests[0].headers
    assert _names(tmp_path) == ["report.csv"]


async def test_export_download_and_failed_download_leaves_nothing_behind(
    make_client: Callable[..., ProlificClient], tmp_path: Path
) -> None:
    job = ExportJob(status="complete", url="https://exports.example/e.zip", expires_at=None)
    ok = StorageServer(download=b"PK\x03\x04zip")
    client = make_client(FakeAPI().handler, presigned=ok)
    target = tmp_path / "export.zip"
    assert await client.batches.download_export(job, target) == target
    assert target.read_bytes() == b"PK\x03\x04zip"

    failing = StorageServer(403)
    client = make_client(FakeAPI().handler, presigned=failing)
    with pytest.raises(PresignedURLError, match="may have expired"):
        await client.collections.download_export(job, tmp_path / "other.zip")
    assert _names(tmp_path) == ["export.zip"]


async def test_unfinished_export_cannot_be_downloaded(
    client: ProlificClient, tmp_path: Path
) -> None:
    with pytest.raises(PresignedURLError, match="status: generating"):
        await client.batches.download_export(
            ExportJob(status="generating", export_id="e"), tmp_path
        )


async def test_download_into_a_missing_directory_is_a_file_error(
    make_client: Callable[..., ProlificClient], tmp_path: Path
) -> None:
    job = ExportJob(status="complete", url="https://exports.example/e.zip")
    client = make_client(FakeAPI().handler, presigned=StorageServer(download=b"zip"))
    with pytest.raises(LocalFileError, match="Cannot open"):
        await client.batches.download_export(job, tmp_path / "missing" / "e.zip")


async def test_a_redirected_upload_is_reported_not_replayed(
    make_client: Callable[..., ProlificClient], api: FakeAPI, tmp_path: Path
) -> None:
    source = tmp_path / "a.csv"
    source.write_text("x\n1\n")
    api.json("GET", f"{DATASET}/upload-url/a.csv", upload_url_body(), status=201)

    def storage(request: httpx.Request) -> httpx.Response:
        return httpx.Response(307, headers={"location": "https://other-region.example/x"})

    client = make_client(api.handler, presigned=httpx.MockTransport(storage))
    with pytest.raises(PresignedURLError, match="answered 307"):
        await client.datasets.upload("d1", source)


async def test_download_names_and_unknown_sizes(
    make_client: Callable[..., ProlificClient], tmp_path: Path
) -> None:
    def storage(request: httpx.Request) -> httpx.Response:
        async def body() -> AsyncIterator[bytes]:
            yield b"abc"
            yield b"def"

        return httpx.Response(200, content=body())  # streamed: no Content-Length

    client = make_client(FakeAPI().handler, presigned=httpx.MockTransport(storage))
    progress: list[tuple[int, int]] = []
    job = ExportJob(status="complete", url="https://exports.example/a/..")
    saved = await client.batches.download_export(
        job, tmp_path, lambda s, t: progress.append((s, t))
    )
    assert saved == tmp_path / "download"
    assert saved.read_bytes() == b"abcdef"
    assert progress[0] == (0, 0)
    assert progress[-1] == (6, 0)

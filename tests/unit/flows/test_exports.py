"""The export flow against the sandbox: follow, download safely, cancel, failures."""

from __future__ import annotations

import asyncio
import zipfile
from pathlib import Path

import pytest

from atb_tui.api import ConflictError, ProlificClient
from atb_tui.api.models.common import ExportJob
from atb_tui.flows import exports
from atb_tui.flows.exports import ExportFailedError
from atb_tui.sandbox import Sandbox
from tests.helpers.sandbox import FakeSleep


async def _complete(sandbox: Sandbox, client: ProlificClient) -> tuple[str, ExportJob]:
    batch_id = sandbox.seed_large_batch(responses=40)
    job = await exports.start_export(client, "batch", batch_id)
    updates: list[ExportJob] = []
    done = await exports.follow_export(
        client, "batch", batch_id, job, sleep=FakeSleep(sandbox), on_update=updates.append
    )
    assert done.is_complete
    assert updates[-1].status == "complete"
    return batch_id, done


async def test_download_never_overwrites_and_sends_no_token(
    sandbox: Sandbox, client: ProlificClient, tmp_path: Path
) -> None:
    _, job = await _complete(sandbox, client)
    name = exports.file_name_of(job)
    (tmp_path / name).write_text("mine, keep me")
    saved = await exports.download_export(client, "batch", job, tmp_path)
    again = await exports.download_export(client, "batch", job, tmp_path)
    assert (tmp_path / name).read_text() == "mine, keep me"
    assert saved.name == name.replace(".zip", " (1).zip")
    assert again.name == name.replace(".zip", " (2).zip")
    assert zipfile.is_zipfile(saved)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([name, saved.name, again.name])
    downloads = [r for r in sandbox.request_log if r.path.startswith("/presigned/exports/")]
    assert len(downloads) == 2
    assert all("authorization" not in r.headers for r in downloads)
    assert all(r.status == 200 for r in downloads)


async def test_cancelled_download_leaves_no_file(
    sandbox: Sandbox, client: ProlificClient, tmp_path: Path
) -> None:
    _, job = await _complete(sandbox, client)

    def cancel_on_first_bytes(done: int, total: int | None) -> None:
        task = asyncio.current_task()
        assert task is not None
        task.cancel()

    with pytest.raises(asyncio.CancelledError):
        await exports.download_export(
            client, "batch", job, tmp_path, progress=cancel_on_first_bytes
        )
    assert list(tmp_path.iterdir()) == []


async def test_failed_download_leaves_no_file(
    sandbox: Sandbox, client: ProlificClient, tmp_path: Path
) -> None:
    _, job = await _complete(sandbox, client)
    broken = job.model_copy(update={"url": (job.url or "") + "tampered"})
    with pytest.raises(Exception, match="failed"):
        await exports.download_export(client, "batch", broken, tmp_path)
    assert list(tmp_path.iterdir()) == []


async def test_failed_job_and_old_complete_answer(sandbox: Sandbox, client: ProlificClient) -> None:
    batch_id = sandbox.seed_large_batch(responses=40)
    job = await exports.start_export(client, "batch", batch_id)
    assert job.export_id is not None
    sandbox.world.exports[job.export_id].status = "failed"
    with pytest.raises(ExportFailedError, match="request a new one"):
        await exports.follow_export(client, "batch", batch_id, job, sleep=FakeSleep(sandbox))
    old = ExportJob.model_validate(
        {
            "status": "complete",
            "url": "https://x.example/e.zip",
            "expires_at": "2026-12-01T00:00:00Z",
        }
    )
    assert await exports.follow_export(client, "batch", batch_id, old) is old
    assert exports.file_name_of(old) == "e.zip"


async def test_the_eleventh_job_is_refused_clearly(
    sandbox: Sandbox, client: ProlificClient
) -> None:
    batch_id = sandbox.seed_large_batch(responses=40)
    for n in range(10):
        await exports.start_export(client, "batch", batch_id, study_id=f"s{n}")
    with pytest.raises(ConflictError, match="delete one"):
        await exports.start_export(client, "batch", batch_id, study_id="s10")
    assert len(await client.batches.list_exports(batch_id)) == 10

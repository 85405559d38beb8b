"""Sandbox export jobs (addendum §11.1): 202 jobs, filters, dedupe, cap, list, delete, ZIP."""

from __future__ import annotations

import io
import json
import zipfile

import httpx

from atb_tui.sandbox import Sandbox
from atb_tui.sandbox.ids import iso

DC = "/api/v1/data-collection/batches"
FILES = {"responses-by-submission.jsonl", "responses-by-task.jsonl", "batch.json", "README.md"}


async def _zip(
    sandbox: Sandbox, api: httpx.AsyncClient, batch_id: str, job: dict
) -> zipfile.ZipFile:
    sandbox.advance(20)
    done = (await api.get(f"{DC}/{batch_id}/export/{job['export_id']}")).json()
    assert done["status"] == "complete"
    async with httpx.AsyncClient(transport=sandbox.transport()) as storage:
        body = (await storage.get(done["url"])).content
    return zipfile.ZipFile(io.BytesIO(body))


def _answers(archive: zipfile.ZipFile) -> int:
    lines = archive.read("responses-by-submission.jsonl").decode().splitlines()
    return sum(len(t["responses"]) for line in lines for t in json.loads(line)["tasks"])


async def test_post_is_202_and_same_filter_while_generating_is_the_same_job(
    sandbox: Sandbox, api: httpx.AsyncClient
) -> None:
    batch_id = sandbox.seed_large_batch(responses=40)
    first = await api.post(f"{DC}/{batch_id}/export")
    again = await api.post(f"{DC}/{batch_id}/export/")
    other = await api.post(f"{DC}/{batch_id}/export", params={"study_id": "x"})
    assert {first.status_code, again.status_code, other.status_code} == {202}
    assert first.json()["export_id"] == again.json()["export_id"] != other.json()["export_id"]
    assert other.json()["filters"] == {"study_id": "x", "from": None, "to": None}
    listed = (await api.get(f"{DC}/{batch_id}/export")).json()["results"]
    assert [j["export_id"] for j in listed] == [
        first.json()["export_id"],
        other.json()["export_id"],
    ]
    sandbox.advance(20)
    later = await api.post(f"{DC}/{batch_id}/export")
    assert later.status_code == 202
    assert later.json()["export_id"] != first.json()["export_id"], "finished jobs are not reused"


async def test_cap_of_ten_and_delete(sandbox: Sandbox, api: httpx.AsyncClient) -> None:
    batch_id = sandbox.seed_large_batch(responses=40)
    jobs = [
        (await api.post(f"{DC}/{batch_id}/export", params={"study_id": f"s{n}"})).json()
        for n in range(10)
    ]
    refused = await api.post(f"{DC}/{batch_id}/export", params={"study_id": "s10"})
    assert refused.status_code == 409
    assert "10 export jobs" in refused.json()["detail"]
    busy = await api.delete(f"{DC}/{batch_id}/export/{jobs[0]['export_id']}")
    assert busy.status_code == 409
    assert set(busy.json()) == {"message", "detail"}
    sandbox.advance(20)
    assert (await api.delete(f"{DC}/{batch_id}/export/{jobs[0]['export_id']}")).status_code == 204
    gone = await api.get(f"{DC}/{batch_id}/export/{jobs[0]['export_id']}")
    assert gone.status_code == 404
    assert (await api.post(f"{DC}/{batch_id}/export")).status_code == 202, "room again"


async def test_zip_files_and_filters(sandbox: Sandbox, api: httpx.AsyncClient) -> None:
    batch_id = sandbox.seed_large_batch(responses=40)
    study_id = next(
        s.id for s in sandbox.world.studies.values() if s.settings["data_collection_id"] == batch_id
    )
    everything = (await api.post(f"{DC}/{batch_id}/export")).json()
    mine = (await api.post(f"{DC}/{batch_id}/export", params={"study_id": study_id})).json()
    nobody = (await api.post(f"{DC}/{batch_id}/export", params={"study_id": "0" * 24})).json()
    times = sorted(r.created_at for r in sandbox.world.responses_of(batch_id))
    half = times[len(times) // 2]  # about half the answers were given after this moment
    late = (await api.post(f"{DC}/{batch_id}/export", params={"from": iso(half)})).json()
    archive = await _zip(sandbox, api, batch_id, everything)
    assert set(archive.namelist()) == FILES
    assert _answers(archive) == 40
    assert _answers(await _zip(sandbox, api, batch_id, mine)) == 40
    assert _answers(await _zip(sandbox, api, batch_id, nobody)) == 0
    assert 0 < _answers(await _zip(sandbox, api, batch_id, late)) < 40


async def test_bad_filter_dates(sandbox: Sandbox, api: httpx.AsyncClient) -> None:
    batch_id = sandbox.seed_large_batch(responses=40)
    bad = await api.post(f"{DC}/{batch_id}/export", params={"from": "yesterday"})
    assert bad.status_code == 400
    assert "from" in bad.json()["error"]["detail"]
    backwards = await api.post(
        f"{DC}/{batch_id}/export",
        params={"from": "2026-11-02T00:00:00Z", "to": "2026-11-01T00:00:00Z"},
    )
    assert backwards.status_code == 400

"""Read methods hit the documented paths and parse what comes back."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest

from atb_tui.api import ProlificClient
from tests.helpers.fake_api import FakeAPI
from tests.helpers.payloads import BATCH, COLLECTION, DATASET, DC, NOW, STUDY, SYNC

IMPORT = {
    "dataset_id": "d1",
    "import_id": "i1",
    "type": "file_upload",
    "status": "queued",
    "created_at": NOW,
    "updated_at": NOW,
}
MIGRATION = {
    "dataset_id": "d1",
    "job_id": "j1",
    "schema_version": 2,
    "status": "complete",
    "created_at": NOW,
    "updated_at": NOW,
    "reprocessed_count": 4,
}
COLLECTION_RESPONSE = {
    "id": "cr1",
    "collection_id": "c1",
    "participant_id": "p1",
    "created_at": NOW,
    "response": {"instruction_id": "q1", "type": "free_text", "answer": [{"value": "hi"}]},
}
Call = Callable[[ProlificClient], Awaitable[Any]]


@pytest.mark.parametrize(
    ("path", "body", "call", "check"),
    [
        (
            "/api/v1/users/me/",
            {"id": "u1", "email": "e@x", "currency_code": "GBP"},
            lambda c: c.users.me(),
            lambda r: r.currency_code == "GBP",
        ),
        (
            "/api/v1/workspaces/",
            {"results": [{"id": "w1", "title": "Lab"}], "meta": {"count": 1}},
            lambda c: c.workspaces.list(),
            lambda r: [w.title for w in r] == ["Lab"],
        ),
        (
            "/api/v1/workspaces/w1/",
            {
                "id": "w1",
                "title": "Lab",
                "projects": [{"id": "p1", "title": "P", "type": "PRIVATE"}],
                "wallet": "x",
            },
            lambda c: c.workspaces.get("w1"),
            lambda r: r.projects[0].id == "p1",
        ),
        (
            "/api/v1/workspaces/w1/balance/",
            {"currency_code": "GBP", "total_balance": 500, "available_balance": 250},
            lambda c: c.workspaces.balance("w1"),
            lambda r: r.available_balance == 250,
        ),
        (
            "/api/v1/workspaces/w1/projects/",
            {"results": [{"id": "p1", "title": "P", "type": "PRIVATE"}]},
            lambda c: c.projects.list("w1"),
            lambda r: r[0].type == "PRIVATE",
        ),
        (
            f"{DC}/datasets/d1",
            DATASET,
            lambda c: c.datasets.get("d1"),
            lambda r: r.status == "UNINITIALISED",
        ),
        (
            f"{DC}/datasets/d1/status",
            {"status": "READY"},
            lambda c: c.datasets.status("d1"),
            lambda r: r == "READY",
        ),
        (
            f"{DC}/datasets/d1/imports/i1",
            IMPORT,
            lambda c: c.datasets.import_status("d1", "i1"),
            lambda r: r.status == "queued",
        ),
        (
            f"{DC}/datasets/d1/schema-migrations/j1",
            MIGRATION,
            lambda c: c.datasets.schema_migration("d1", "j1"),
            lambda r: r.reprocessed_count == 4,
        ),
        (
            f"{DC}/batches/b1",
            BATCH,
            lambda c: c.batches.get("b1"),
            lambda r: r.total_task_count == 10,
        ),
        (
            f"{DC}/batches/b1/status",
            {"status": "PROCESSING"},
            lambda c: c.batches.status("b1"),
            lambda r: r == "PROCESSING",
        ),
        (
            f"{DC}/batches/b1/report/",
            {"url": "https://r.example/x.csv", "http_method": "GET", "expires_at": NOW},
            lambda c: c.batches.report_url("b1"),
            lambda r: r.url == "https://r.example/x.csv",
        ),
        (
            f"{DC}/batches/b1/export/e1",
            {"status": "complete", "url": "https://e.example/x.zip", "expires_at": NOW},
            lambda c: c.batches.export_status("b1", "e1"),
            lambda r: r.is_complete,
        ),
        (
            f"{DC}/batches/b1/syncs/y1",
            SYNC,
            lambda c: c.batches.sync_status("b1", "y1"),
            lambda r: r.sync_id == "y1",
        ),
        (
            f"{DC}/batches/b1/tasks",
            ["t1", "t2"],
            lambda c: c.batches.tasks("b1"),
            lambda r: r == ["t1", "t2"],
        ),
        (
            f"{DC}/batches/b1/task-groups",
            {"results": ["g1"]},
            lambda c: c.batches.task_groups("b1"),
            lambda r: r == ["g1"],
        ),
        (
            f"{DC}/collections/c1",
            COLLECTION,
            lambda c: c.collections.get("c1"),
            lambda r: r.schema_version == 1,
        ),
        (
            f"{DC}/collections/c1/responses",
            {"results": [COLLECTION_RESPONSE], "meta": {"count": 1}},
            lambda c: c.collections.responses("c1"),
            lambda r: r[0].response.answer[0].value == "hi",
        ),
        (
            f"{DC}/collections/c1/export/e1",
            {"status": "failed"},
            lambda c: c.collections.export_status("c1", "e1"),
            lambda r: r.is_failed,
        ),
        ("/api/v1/studies/s1/", STUDY, lambda c: c.studies.get("s1"), lambda r: r.reward == 150),
        (
            "/api/v1/studies/s1/submissions/counts/",
            {"ACTIVE": 2.0, "APPROVED": 5, "TOTAL": 7.0},
            lambda c: c.studies.submission_counts("s1"),
            lambda r: r == {"ACTIVE": 2, "APPROVED": 5, "TOTAL": 7},
        ),
    ],
)
async def test_read_endpoints(
    client: ProlificClient,
    api: FakeAPI,
    path: str,
    body: Any,
    call: Call,
    check: Callable[[Any], bool],
) -> None:
    api.json("GET", path, body)
    assert check(await call(client))
    assert [(s.method, s.path) for s in api.seen] == [("GET", path)]


async def test_list_endpoints_send_the_workspace_filter(
    client: ProlificClient, api: FakeAPI
) -> None:
    api.json("GET", f"{DC}/batches", {"results": [BATCH], "meta": {"count": 1}})
    api.json("GET", f"{DC}/collections", {"results": [COLLECTION], "meta": {"count": 1}})
    assert [b.id for b in await client.batches.list("w1")] == ["b1"]
    assert [c.id for c in await client.collections.list("w1")] == ["c1"]
    assert [s.params for s in api.seen] == [{"workspace_id": "w1"}] * 2


async def test_study_list_filters_by_state(client: ProlificClient, api: FakeAPI) -> None:
    api.json("GET", "/api/v1/studies/", {"results": [STUDY]})
    assert [s.id for s in await client.studies.list(state="ACTIVE")] == ["s1"]
    assert [s.id for s in await client.studies.list()] == ["s1"]
    assert [s.params for s in api.seen] == [{"state": "ACTIVE"}, {}]


async def test_batch_responses_and_iteration(client: ProlificClient, api: FakeAPI) -> None:
    record = {
        "id": "r1",
        "batch_id": "b1",
        "participant_id": "p",
        "task_id": "t",
        "response": {"instruction_id": "q1", "type": "free_text", "answer": [{"value": "x"}]},
        "metadata": {"META_source": "web"},
    }
    api.json("GET", f"{DC}/batches/b1/responses", {"results": [record], "meta": {"count": 1}})
    responses = await client.batches.responses("b1")
    assert responses[0].metadata == {"META_source": "web"}
    pages = [page async for page in client.batches.iter_responses("b1")]
    assert [(len(p.items), p.total) for p in pages] == [(1, 1)]


@pytest.mark.parametrize("bad_id", ["", "   "])
async def test_empty_ids_are_refused_before_any_request(
    client: ProlificClient, api: FakeAPI, bad_id: str
) -> None:
    with pytest.raises(ValueError, match="batch_id"):
        await client.batches.get(bad_id)
    with pytest.raises(ValueError, match="workspace_id"):
        await client.batches.list(bad_id)
    assert api.seen == []


async def test_ids_are_escaped_as_single_path_segments(
    make_client: Callable[..., ProlificClient],
) -> None:
    raw_paths: list[bytes] = []

    def handler(request: httpx.Request) -> httpx.Response:
        raw_paths.append(request.url.raw_path)
        return httpx.Response(200, json={"status": "READY"})

    client = make_client(handler)
    assert await client.batches.status("../../users") == "READY"
    assert raw_paths == [b"/api/v1/data-collection/batches/..%2F..%2Fusers/status"]


async def test_client_is_an_async_context_manager(api: FakeAPI) -> None:
    api.json("GET", "/api/v1/users/me/", {"id": "u1"})
    async with ProlificClient("tok", transport=httpx.MockTransport(api.handler)) as client:
        assert (await client.users.me()).id == "u1"
    with pytest.raises(RuntimeError):
        await client.users.me()
    await client.aclose()  # closing twice is harmless


async def test_upload_url_quotes_the_filename(client: ProlificClient, api: FakeAPI) -> None:
    body = {
        "dataset_id": "d1",
        "upload_url": "https://s3/x",
        "http_method": "PUT",
        "content_type": "text/csv",
        "expires_at": NOW,
    }
    api.on("GET", f"{DC}/datasets/d1/upload-url/my file.csv", httpx.Response(201, json=body))
    url = await client.datasets.upload_url("d1", "my file.csv")
    assert url.content_type == "text/csv"
    assert api.seen[0].path == f"{DC}/datasets/d1/upload-url/my file.csv"


async def test_submission_counts_skip_statuses_without_a_number(
    client: ProlificClient, api: FakeAPI
) -> None:
    api.json("GET", "/api/v1/studies/s1/submissions/counts/", {"ACTIVE": 1, "RETURNED": None})
    assert await client.studies.submission_counts("s1") == {"ACTIVE": 1}

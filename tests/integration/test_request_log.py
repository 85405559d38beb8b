"""The client's request log against what the sandbox itself saw (issue 16, the API log)."""

from __future__ import annotations

import json
from pathlib import Path

from atb_tui.api import ProlificClient
from atb_tui.api.cause import BACKGROUND, caused_by
from atb_tui.api.request_log import BODY_LIMIT, RequestLog
from atb_tui.sandbox import Sandbox
from tests.helpers.sandbox import FAST_RETRY, make_sandbox, sandbox_client
from tests.helpers.workflow import seed_workflow

ME = "/api/v1/users/me"


async def test_whole_workflow_logs_exactly_the_requests_the_sandbox_saw(tmp_path: Path) -> None:
    sandbox = make_sandbox()
    async with sandbox_client(sandbox) as client:
        with caused_by("workflow"):
            await seed_workflow(sandbox, client, tmp_path)
        records = client.request_log.records()
    seen = [(r.method, r.path) for r in sandbox.request_log]
    assert len(seen) > 50  # the workflow is long: uploads, polls, publish, review, exports
    assert [(r.method, r.path) for r in records] == seen
    assert [r.status for r in records] == [r.status for r in sandbox.request_log]
    assert {r.cause for r in records} == {"workflow"}
    storage = [r for r in records if not r.path.startswith("/api/")]
    assert {r.method for r in storage} == {"PUT", "GET"}  # the upload and the downloads
    assert all(r.url.endswith("?[REDACTED]") for r in storage)
    text = json.dumps([r.to_json() for r in records])
    assert sandbox.token not in text
    assert "X-Amz-Signature" not in text
    assert "X-Amz-Credential" not in text
    assert "authorization" not in text.casefold()


async def test_retries_are_one_record_per_attempt_with_their_numbers() -> None:
    sandbox = make_sandbox()
    sandbox.faults.add(ME, "GET", kind="status", status=503, times=1)
    sandbox.faults.add(ME, "GET", kind="drop", times=1)
    async with sandbox_client(sandbox) as client:
        await client.users.me()
        records = client.request_log.records()
    assert [(r.attempt, r.outcome) for r in records] == [(1, "503"), (2, "dropped"), (3, "200")]
    assert [r.status for r in sandbox.request_log] == [503, None, 200]
    assert all(r.cause == BACKGROUND for r in records)
    assert records[-1].response_text().startswith("{")
    assert records[-1].bytes_received == len(records[-1].response_body.head)


def logged_client(sandbox: Sandbox, log: RequestLog) -> ProlificClient:
    return ProlificClient(
        sandbox.token,
        base_url=sandbox.base_url,
        transport=sandbox.transport(),
        retry=FAST_RETRY,
        request_log=log,
    )


async def test_ring_keeps_the_last_records_only() -> None:
    bounded = RequestLog(capacity=3)
    async with logged_client(make_sandbox(), bounded) as client:
        for _ in range(5):
            await client.users.me()
    assert [r.seq for r in bounded.records()] == [3, 4, 5]
    assert bounded.total == 5


async def test_large_bodies_are_cut_before_they_are_kept() -> None:
    sandbox = make_sandbox()
    batch_id = sandbox.seed_large_batch(responses=3_000)
    async with sandbox_client(sandbox) as client:
        pages = [page async for page in client.batches.iter_response_rows(batch_id)]
        records = client.request_log.records()
    assert sum(len(page.rows) for page in pages) == 3_000
    big = [r for r in records if r.response_body.truncated]
    assert big, "a page of 3,000 responses is larger than the body limit"
    assert all(len(r.response_body.head) == BODY_LIMIT for r in big)
    assert all(r.bytes_received > BODY_LIMIT for r in big)
    assert all(len(r.response_text()) <= BODY_LIMIT for r in big)

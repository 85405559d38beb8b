"""Lists arrive complete, whichever way the endpoint paginates."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest

from atb_tui.api import MalformedResponseError, ProlificClient
from tests.helpers.fake_api import FakeAPI

RESPONSES = "/api/v1/data-collection/batches/b1/responses"
SUBMISSIONS = "/api/v1/studies/s1/submissions/"


def response_record(n: int) -> dict[str, object]:
    return {
        "id": f"r{n}",
        "batch_id": "b1",
        "participant_id": f"p{n}",
        "task_id": f"t{n}",
        "created_at": "2025-01-01T00:00:00Z",
        "response": {"instruction_id": "i1", "type": "free_text", "answer": [{"value": str(n)}]},
    }


def paged_responses(total: int, default_page: int) -> Callable[[httpx.Request], httpx.Response]:
    """A server that pages by limit/offset and defaults to ``default_page`` items."""

    def handler(request: httpx.Request) -> httpx.Response:
        offset = int(request.url.params.get("offset", 0))
        limit = int(request.url.params.get("limit", default_page))
        records = [response_record(n) for n in range(offset, min(offset + limit, total))]
        return httpx.Response(200, json={"results": records, "meta": {"count": total}})

    return handler


async def test_server_returning_everything_costs_one_request(
    client: ProlificClient, api: FakeAPI
) -> None:
    api.on("GET", RESPONSES, paged_responses(total=500, default_page=1000))
    responses = await client.batches.responses("b1")
    assert [r.id for r in responses] == [f"r{n}" for n in range(500)]
    assert len(api.seen) == 1
    assert api.seen[0].params == {}


async def test_offset_pages_are_followed_until_meta_count(
    client: ProlificClient, api: FakeAPI
) -> None:
    api.on("GET", RESPONSES, paged_responses(total=5, default_page=2))
    responses = await client.batches.responses("b1")
    assert [r.response.answer[0].value for r in responses] == ["0", "1", "2", "3", "4"]
    assert [s.params for s in api.seen] == [
        {},
        {"offset": "2", "limit": "2"},
        {"offset": "4", "limit": "2"},
    ]


async def test_iter_responses_yields_pages_with_the_total_and_honours_page_size(
    client: ProlificClient, api: FakeAPI
) -> None:
    api.on("GET", RESPONSES, paged_responses(total=7, default_page=100))
    pages = [page async for page in client.batches.iter_responses("b1", page_size=3)]
    assert [len(page.items) for page in pages] == [3, 3, 1]
    assert {page.total for page in pages} == {7}
    assert api.seen[0].params == {"limit": "3"}
    assert api.seen[2].params == {"limit": "3", "offset": "6"}


async def test_a_server_ignoring_offset_is_detected_not_looped_on(
    client: ProlificClient, api: FakeAPI
) -> None:
    first_two = {"results": [response_record(0), response_record(1)], "meta": {"count": 9}}
    api.json("GET", RESPONSES, first_two)
    with pytest.raises(MalformedResponseError, match="same page twice"):
        await client.batches.responses("b1")
    assert len(api.seen) == 2


async def test_overlapping_pages_of_a_live_list_are_not_duplicated(
    client: ProlificClient, api: FakeAPI
) -> None:
    api.json(
        "GET",
        RESPONSES,
        {"results": [response_record(0), response_record(1)], "meta": {"count": 3}},
    )
    api.json(
        "GET",
        RESPONSES,
        {"results": [response_record(1), response_record(2)], "meta": {"count": 3}},
    )
    responses = await client.batches.responses("b1")
    assert [r.id for r in responses] == ["r0", "r1", "r2"]


async def test_empty_list_and_null_results(client: ProlificClient, api: FakeAPI) -> None:
    api.json("GET", RESPONSES, {"results": None, "meta": None})
    assert await client.batches.responses("b1") == []


async def test_submissions_follow_next_links(client: ProlificClient, api: FakeAPI) -> None:
    def submission(n: int) -> dict[str, object]:
        return {
            "id": f"s{n}",
            "participant_id": f"p{n}",
            "status": "APPROVED",
            "started_at": "2025-01-01T00:00:00Z",
            "has_siblings": False,
        }

    def handler(request: httpx.Request) -> httpx.Response:
        page = int(request.url.params.get("page", 1))
        nxt = (
            {"href": f"https://api.prolific.com{SUBMISSIONS}?page={page + 1}"}
            if page < 3
            else {"href": None}
        )
        body = {
            "results": [submission(page * 10 + i) for i in range(2)],
            "_links": {"next": nxt},
            "meta": {"count": 6},
        }
        return httpx.Response(200, json=body)

    api.on("GET", SUBMISSIONS, handler)
    submissions = await client.studies.submissions("s1")
    assert [s.id for s in submissions] == ["s10", "s11", "s20", "s21", "s30", "s31"]
    assert [s.params for s in api.seen] == [{}, {"page": "2"}, {"page": "3"}]
    pages = [page async for page in client.studies.iter_submissions("s1")]
    assert len(pages) == 3


async def test_submissions_fall_back_to_offset_when_only_a_count_is_given(
    client: ProlificClient, api: FakeAPI
) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        offset = int(request.url.params.get("offset", 0))
        results = [
            {"id": f"s{n}", "participant_id": "p", "status": "ACTIVE"}
            for n in range(offset, min(offset + 2, 3))
        ]
        return httpx.Response(200, json={"results": results, "meta": {"count": 3}})

    api.on("GET", SUBMISSIONS, handler)
    assert [s.id for s in await client.studies.submissions("s1")] == ["s0", "s1", "s2"]


async def test_a_list_body_that_is_not_a_list_is_malformed(
    make_client: Callable[..., ProlificClient], api: FakeAPI
) -> None:
    api.json("GET", RESPONSES, {"results": "oops"})
    client = make_client(api.handler)
    with pytest.raises(MalformedResponseError, match=f"GET {RESPONSES}.*'results' list"):
        await client.batches.responses("b1")

"""Retries: safe requests are repeated, create-type POSTs only when provably unsent."""

from __future__ import annotations

import asyncio
import random
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from atb_tui.api import (
    APIConnectionError,
    APITimeoutError,
    ConnectionStatus,
    OutcomeUnknownError,
    ProlificClient,
    RateLimitError,
    RetryPolicy,
    ServerError,
)
from atb_tui.api.models import BatchCreate, BatchUpdate, StudyAction
from atb_tui.api.retry import parse_retry_after
from tests.helpers.fake_api import FakeAPI

ME = "/api/v1/users/me/"
BATCHES = "/api/v1/data-collection/batches"
USER = {"id": "u1", "email": "r@example.com"}
BATCH = {"id": "b1", "name": "b", "status": "UNINITIALISED"}
NEW_BATCH = BatchCreate(
    name="b",
    workspace_id="w",
    task_details={"task_name": "t", "task_introduction": "", "task_steps": ""},
)


def ok(body: object, status: int = 200) -> httpx.Response:
    return httpx.Response(status, json=body)


async def test_429_then_200_retries_after_backoff(
    client: ProlificClient, api: FakeAPI, sleeps: list[float]
) -> None:
    api.on("GET", ME, httpx.Response(429), ok(USER))
    user = await client.users.me()
    assert user.id == "u1"
    assert len(api.calls("GET", ME)) == 2
    assert sleeps == [0.5]  # base delay, jitter off in the fixture
    assert client.status.state == "ok"


@pytest.mark.parametrize("header", ["7", "7.0"])
async def test_retry_after_seconds_is_honoured(
    client: ProlificClient, api: FakeAPI, sleeps: list[float], header: str
) -> None:
    api.on("GET", ME, httpx.Response(429, headers={"Retry-After": header}), ok(USER))
    await client.users.me()
    assert sleeps == [7.0]


async def test_retry_after_http_date_is_honoured(
    client: ProlificClient, api: FakeAPI, sleeps: list[float]
) -> None:
    when = format_datetime(datetime.now(UTC) + timedelta(seconds=30), usegmt=True)
    api.on("GET", ME, httpx.Response(503, headers={"Retry-After": when}), ok(USER))
    await client.users.me()
    assert len(sleeps) == 1
    assert 25 <= sleeps[0] <= 30


async def test_retry_after_beyond_the_cap_is_not_waited_for(
    client: ProlificClient, api: FakeAPI, sleeps: list[float]
) -> None:
    api.on("GET", ME, httpx.Response(429, headers={"Retry-After": "3600"}))
    with pytest.raises(RateLimitError) as caught:
        await client.users.me()
    assert caught.value.retry_after == 3600
    assert sleeps == []
    assert client.status.state == "ok"


async def test_503_every_time_gives_up_after_the_budget_and_goes_offline(
    client: ProlificClient, api: FakeAPI, sleeps: list[float]
) -> None:
    api.on("GET", ME, httpx.Response(503))
    with pytest.raises(ServerError) as caught:
        await client.users.me()
    assert caught.value.status_code == 503
    assert len(api.calls("GET", ME)) == 4
    assert sleeps == [0.5, 1.0, 2.0]
    status = client.status
    assert status.state == "offline"
    assert status.offline_since is not None
    assert status.last_error == "api.prolific.com answered 503"


async def test_backoff_is_capped(
    make_client: Callable[..., ProlificClient], api: FakeAPI, sleeps: list[float]
) -> None:
    api.on("GET", ME, httpx.Response(502))
    client = make_client(
        api.handler, retry=RetryPolicy(max_attempts=6, base_delay=1, max_delay=3, jitter=False)
    )
    with pytest.raises(ServerError):
        await client.users.me()
    assert sleeps == [1, 2, 3, 3, 3]


async def test_500_is_not_retried(client: ProlificClient, api: FakeAPI) -> None:
    api.on("GET", ME, httpx.Response(500))
    with pytest.raises(ServerError):
        await client.users.me()
    assert len(api.calls("GET", ME)) == 1


async def test_get_is_retried_after_a_dropped_connection_and_a_timeout(
    client: ProlificClient, api: FakeAPI, sleeps: list[float]
) -> None:
    api.on("GET", ME, httpx.ReadError("reset"), httpx.ReadTimeout("slow"), ok(USER))
    assert (await client.users.me()).id == "u1"
    assert len(sleeps) == 2


async def test_create_post_is_not_retried_after_the_response_was_lost(
    client: ProlificClient, api: FakeAPI, sleeps: list[float]
) -> None:
    api.on("POST", BATCHES, httpx.RemoteProtocolError("server hung up"), ok(BATCH, 201))
    with pytest.raises(OutcomeUnknownError) as caught:
        await client.batches.create(NEW_BATCH)
    assert len(api.calls("POST", BATCHES)) == 1
    assert sleeps == []
    assert "check the current state" in caught.value.message
    assert caught.value.endpoint == f"POST {BATCHES}"
    assert client.status.state == "offline"


@pytest.mark.parametrize(
    "lost", [httpx.ReadError("x"), httpx.ReadTimeout("x"), httpx.WriteError("x")]
)
async def test_transition_is_never_repeated_once_sent(
    client: ProlificClient, api: FakeAPI, lost: Exception
) -> None:
    path = "/api/v1/studies/s1/transition/"
    api.on("POST", path, lost, ok({"id": "s1", "name": "n", "status": "ACTIVE"}))
    with pytest.raises(OutcomeUnknownError):
        await client.studies.transition("s1", StudyAction.PUBLISH)
    assert len(api.calls("POST", path)) == 1


@pytest.mark.parametrize(
    "unsent", [httpx.ConnectError("refused"), httpx.ConnectTimeout("x"), httpx.PoolTimeout("x")]
)
async def test_create_post_is_retried_when_it_never_left(
    client: ProlificClient, api: FakeAPI, sleeps: list[float], unsent: Exception
) -> None:
    api.on("POST", BATCHES, unsent, ok(BATCH, 201))
    batch = await client.batches.create(NEW_BATCH)
    assert batch.id == "b1"
    assert len(api.calls("POST", BATCHES)) == 2
    assert sleeps == [0.5]


async def test_create_post_is_retried_after_429_but_not_after_503(
    client: ProlificClient, api: FakeAPI
) -> None:
    api.on("POST", BATCHES, httpx.Response(429), ok(BATCH, 201))
    assert (await client.batches.create(NEW_BATCH)).id == "b1"
    api.routes.clear()
    api.on("POST", BATCHES, httpx.Response(503), ok(BATCH, 201))
    with pytest.raises(ServerError):
        await client.batches.create(NEW_BATCH)
    assert len(api.calls("POST", BATCHES)) == 3


async def test_patch_counts_as_safe(client: ProlificClient, api: FakeAPI) -> None:
    api.on("PATCH", f"{BATCHES}/b1", httpx.ReadTimeout("slow"), ok(BATCH))
    assert (await client.batches.update("b1", BatchUpdate(name="b"))).id == "b1"


async def test_read_only_post_cost_calculator_is_retried_after_a_lost_response(
    client: ProlificClient, api: FakeAPI
) -> None:
    path = "/api/v1/study-cost-calculator/"
    api.on("POST", path, httpx.ReadError("x"), ok({"total_cost": 1320.0}))
    assert await client.studies.calculate_cost(100, 10) == 1320


async def test_connection_failure_beyond_budget_is_our_error_and_offline(
    client: ProlificClient, api: FakeAPI, sleeps: list[float]
) -> None:
    api.on("GET", ME, httpx.ConnectError("name resolution failed"))
    with pytest.raises(APIConnectionError) as caught:
        await client.users.me()
    assert not isinstance(caught.value, APITimeoutError)
    assert str(caught.value) == "Connection failed: Could not connect to api.prolific.com."
    assert isinstance(caught.value.__cause__, httpx.ConnectError)
    assert len(sleeps) == 3
    assert client.status.state == "offline"


async def test_timeouts_beyond_budget_raise_a_timeout_error(
    client: ProlificClient, api: FakeAPI
) -> None:
    api.on("GET", ME, httpx.ReadTimeout("slow"))
    with pytest.raises(APITimeoutError, match="did not answer in time"):
        await client.users.me()


async def test_unsendable_request_is_not_retried(client: ProlificClient, api: FakeAPI) -> None:
    api.on("GET", ME, httpx.UnsupportedProtocol("no"))
    with pytest.raises(APIConnectionError, match="could not be sent"):
        await client.users.me()
    assert len(api.calls("GET", ME)) == 1


async def test_status_goes_retrying_then_ok_and_listeners_see_each_step(
    client: ProlificClient, api: FakeAPI
) -> None:
    seen: list[ConnectionStatus] = []
    unsubscribe = client.add_listener(seen.append)
    api.on("GET", ME, httpx.ConnectError("down"), ok(USER))
    await client.users.me()
    states = [(s.state, s.retry_in, s.in_flight) for s in seen]
    assert ("retrying", 0.5, 1) in states
    assert states[-1] == ("ok", None, 0)
    assert seen[-1].requests_sent == 2
    assert seen[-1].last_error == "Could not connect to api.prolific.com."
    unsubscribe()
    count = len(seen)
    await client.users.me()
    assert len(seen) == count


async def test_offline_since_survives_retries_and_clears_on_success(
    client: ProlificClient, api: FakeAPI
) -> None:
    api.on("GET", ME, httpx.ConnectError("down"))
    with pytest.raises(APIConnectionError):
        await client.users.me()
    since = client.status.offline_since
    assert since is not None
    api.routes.clear()
    seen: list[ConnectionStatus] = []
    client.add_listener(seen.append)
    api.on("GET", ME, httpx.ConnectError("down"), ok(USER))
    await client.users.me()
    assert any(s.state == "retrying" and s.offline_since == since for s in seen)
    assert client.status.state == "ok"
    assert client.status.offline_since is None


async def test_a_broken_listener_does_not_break_requests(
    client: ProlificClient, api: FakeAPI, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(status: ConnectionStatus) -> None:
        raise RuntimeError("widget gone")

    client.add_listener(broken)
    api.json("GET", ME, USER)
    assert (await client.users.me()).id == "u1"
    assert "listener failed" in caplog.text


async def test_cancelling_during_a_retry_wait_leaves_a_clean_status(
    make_client: Callable[..., ProlificClient], api: FakeAPI
) -> None:
    waiting = asyncio.Event()

    async def slow_sleep(delay: float) -> None:
        waiting.set()
        await asyncio.Event().wait()  # never wakes: the task is cancelled instead

    api.on("GET", ME, httpx.Response(503))
    client = ProlificClient("t0ken", transport=httpx.MockTransport(api.handler), sleep=slow_sleep)
    try:
        task = asyncio.create_task(client.users.me())
        await waiting.wait()
        assert client.status.state == "retrying"
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        assert (client.status.state, client.status.in_flight, client.status.retry_in) == (
            "ok",
            0,
            None,
        )
    finally:
        await client.aclose()


@settings(max_examples=100, deadline=None)
@given(attempt=st.integers(1, 12), seed=st.integers(0, 2**16))
def test_full_jitter_stays_within_the_exponential_cap(attempt: int, seed: int) -> None:
    policy = RetryPolicy(max_attempts=20, base_delay=0.5, max_delay=8, rng=random.Random(seed))
    delay = policy.backoff(attempt)
    assert 0 <= delay <= min(8, 0.5 * 2 ** (attempt - 1))


def test_retry_after_parsing() -> None:
    now = datetime(2026, 1, 1, tzinfo=UTC)
    assert parse_retry_after("12", now) == 12
    assert parse_retry_after("-4", now) == 0
    assert parse_retry_after("Thu, 01 Jan 2026 00:00:10 GMT", now) == 10
    assert parse_retry_after("Wed, 31 Dec 2025 00:00:00 GMT", now) == 0
    assert parse_retry_after("soon", now) is None
    assert parse_retry_after(None, now) is None


def test_policy_rejects_nonsense() -> None:
    with pytest.raises(ValueError, match="max_attempts"):
        RetryPolicy(max_attempts=0)
    with pytest.raises(ValueError, match="negative"):
        RetryPolicy(base_delay=-1)


async def test_an_undecodable_answer_counts_as_received(
    client: ProlificClient, api: FakeAPI
) -> None:
    api.on("POST", BATCHES, httpx.DecodingError("bad gzip"), ok(BATCH, 201))
    with pytest.raises(OutcomeUnknownError):
        await client.batches.create(NEW_BATCH)
    api.on("GET", ME, httpx.DecodingError("bad gzip"), ok(USER))
    assert (await client.users.me()).id == "u1"

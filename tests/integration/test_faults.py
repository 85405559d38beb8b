"""The client's retry rules against faults the sandbox injects, checked on the server's side."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field

import pytest

from atb_tui.api import (
    APIConnectionError,
    ConnectionStatus,
    MalformedResponseError,
    OutcomeUnknownError,
    ProlificClient,
    RateLimitError,
    ServerError,
)
from atb_tui.api.models import BatchCreate, BatchUpdate
from atb_tui.sandbox import Sandbox
from tests.helpers.sandbox import FAST_RETRY, make_sandbox
from tests.helpers.workflow import TASK_DETAILS, study_for

ME = "/api/v1/users/me"
BATCHES = "/api/v1/data-collection/batches"


@dataclass
class Sleeps:
    """Records the client's waits instead of waiting."""

    delays: list[float] = field(default_factory=list)

    async def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)


@dataclass
class Rig:
    sandbox: Sandbox
    client: ProlificClient
    sleeps: Sleeps

    def statuses(self, method: str, path: str) -> list[int | None]:
        """What the sandbox answered to each attempt at ``method path`` (None: dropped)."""
        return [
            r.status
            for r in self.sandbox.request_log
            if r.method == method and r.path.rstrip("/") == path
        ]

    def batches_named(self, name: str) -> int:
        return sum(b.name == name for b in self.sandbox.world.batches.values())

    async def new_batch(self, name: str) -> None:
        workspace = next(iter(self.sandbox.world.workspaces))
        create = BatchCreate(name=name, workspace_id=workspace, task_details=TASK_DETAILS)
        await self.client.batches.create(create)


@pytest.fixture
async def rig() -> AsyncIterator[Rig]:
    sandbox, sleeps = make_sandbox(), Sleeps()
    client = ProlificClient(
        sandbox.token,
        base_url=sandbox.base_url,
        transport=sandbox.transport(),
        presigned_transport=sandbox.transport(),
        retry=FAST_RETRY,
        sleep=sleeps,
    )
    async with client:
        yield Rig(sandbox, client, sleeps)


async def test_get_waits_out_429_for_exactly_the_retry_after(rig: Rig) -> None:
    rig.sandbox.faults.add(ME, "GET", status=429, retry_after=2.5, times=1)
    assert (await rig.client.users.me()).id
    assert rig.sleeps.delays == [2.5]
    assert rig.statuses("GET", ME) == [429, 200]


async def test_get_is_retried_through_503s(rig: Rig) -> None:
    rig.sandbox.faults.add(ME, "GET", status=503, times=2)
    assert (await rig.client.users.me()).id
    assert len(rig.sleeps.delays) == 2
    assert all(0 <= d <= FAST_RETRY.max_delay for d in rig.sleeps.delays)
    assert rig.statuses("GET", ME) == [503, 503, 200]


async def test_get_gives_up_after_the_attempt_budget(rig: Rig) -> None:
    rig.sandbox.faults.add(ME, "GET", status=503, times=None)
    with pytest.raises(ServerError):
        await rig.client.users.me()
    assert rig.statuses("GET", ME) == [503] * FAST_RETRY.max_attempts


async def test_dropped_get_is_retried(rig: Rig) -> None:
    rig.sandbox.faults.add(ME, "GET", kind="drop", times=1)
    assert (await rig.client.users.me()).id
    assert rig.statuses("GET", ME) == [None, 200]


async def test_dropped_batch_create_is_not_repeated_and_not_duplicated(rig: Rig) -> None:
    rig.sandbox.faults.add(BATCHES, "POST", kind="drop", times=1)
    with pytest.raises(OutcomeUnknownError) as caught:
        await rig.new_batch("Dropped answer")
    assert "not repeated" in caught.value.message
    assert rig.batches_named("Dropped answer") == 1, "the server did create it, exactly once"
    assert rig.statuses("POST", BATCHES) == [None]
    assert rig.sleeps.delays == []


async def test_batch_create_refused_with_503_is_not_retried(rig: Rig) -> None:
    rig.sandbox.faults.add(BATCHES, "POST", status=503, times=1)
    with pytest.raises(ServerError):
        await rig.new_batch("Refused")
    assert rig.batches_named("Refused") == 0
    assert rig.statuses("POST", BATCHES) == [503]


async def test_batch_create_refused_with_429_is_retried_once_safe(rig: Rig) -> None:
    rig.sandbox.faults.add(BATCHES, "POST", status=429, retry_after=1, times=1)
    await rig.new_batch("Rate limited")
    assert rig.batches_named("Rate limited") == 1
    assert rig.statuses("POST", BATCHES) == [429, 201]
    assert rig.sleeps.delays == [1.0]


@pytest.mark.parametrize("kind", ["malformed", "truncate"])
async def test_unreadable_bodies_raise_malformed_response(rig: Rig, kind: str) -> None:
    rig.sandbox.faults.add(ME, "GET", kind=kind, times=None)
    with pytest.raises(MalformedResponseError) as caught:
        await rig.client.users.me()
    assert rig.sandbox.token not in str(caught.value)
    assert caught.value.endpoint.startswith("GET /api/v1/users/me")


async def test_connection_status_goes_retrying_then_ok(rig: Rig) -> None:
    seen: list[ConnectionStatus] = []
    rig.client.add_listener(seen.append)
    rig.sandbox.faults.add(ME, "GET", status=503, times=1)
    await rig.client.users.me()
    states = [s.state for s in seen]
    assert "retrying" in states
    assert states[-1] == "ok"
    assert rig.client.status.state == "ok"
    assert rig.client.status.in_flight == 0


async def test_connection_status_goes_offline_after_the_budget_and_recovers(rig: Rig) -> None:
    rig.sandbox.faults.add(ME, "GET", kind="drop", times=None)
    with pytest.raises(APIConnectionError):
        await rig.client.users.me()
    assert rig.client.status.state == "offline"
    assert rig.client.status.offline_since is not None
    assert rig.statuses("GET", ME) == [None] * FAST_RETRY.max_attempts
    rig.sandbox.faults.clear()
    await rig.client.users.me()
    recovered = rig.client.status
    assert (recovered.state, recovered.offline_since) == ("ok", None)


async def test_a_long_retry_after_is_not_waited_for(rig: Rig) -> None:
    rig.sandbox.faults.add(ME, "GET", status=429, retry_after=600, times=1)
    with pytest.raises(RateLimitError) as caught:
        await rig.client.users.me()
    assert caught.value.retry_after == 600
    assert rig.sleeps.delays == []


async def test_dropped_publish_is_not_repeated_and_publishes_once(rig: Rig) -> None:
    ready = next(b.id for b in rig.sandbox.world.batches.values() if b.status == "READY")
    study = await rig.client.studies.create(study_for(ready, annotators=1))
    transition = f"/api/v1/studies/{study.id}/transition"
    rig.sandbox.faults.add(transition, "POST", kind="drop", times=1)
    with pytest.raises(OutcomeUnknownError):
        await rig.client.studies.transition(study.id, "PUBLISH")
    assert rig.statuses("POST", transition) == [None]
    assert (await rig.client.studies.get(study.id)).status == "ACTIVE"


async def test_safe_writes_are_retried_through_503(rig: Rig) -> None:
    ready = next(b for b in rig.sandbox.world.batches.values() if b.status == "READY")
    path = f"{BATCHES}/{ready.id}"
    rig.sandbox.faults.add(path, "PATCH", status=503, times=1)
    rig.sandbox.faults.add("/api/v1/study-cost-calculator", "POST", status=503, times=1)
    renamed = await rig.client.batches.update(ready.id, BatchUpdate(name="Renamed"))
    assert renamed.name == "Renamed"
    assert rig.statuses("PATCH", path) == [503, 200]
    assert await rig.client.studies.calculate_cost(100, 4) > 400
    assert rig.statuses("POST", "/api/v1/study-cost-calculator") == [503, 200]

"""Fault injection: each kind, in process; the spec grammar; seeded rates."""

from __future__ import annotations

import httpx
import pytest

from atb_tui.sandbox import FaultPlan, FaultSpecError, Sandbox
from tests.helpers.raw_api import DC, workspace_id


async def test_status_faults_answer_before_the_api_and_carry_retry_after(
    bare: Sandbox, bare_api: httpx.AsyncClient
) -> None:
    bare.faults.add("/api/v1/workspaces*", status=429, retry_after=2.5)
    bare.faults.add("/api/v1/workspaces/", method="GET", status=503, times=2)
    limited = await bare_api.get("/api/v1/workspaces/")
    assert limited.status_code == 429
    assert limited.headers["retry-after"] == "2.5"
    assert limited.json()["error"]["status"] == 429
    unavailable = [await bare_api.get("/api/v1/workspaces/") for _ in range(3)]
    assert [r.status_code for r in unavailable] == [503, 503, 200]
    assert bare.request_log[-2].fault == "status"
    assert bare.request_log[-1].fault is None


async def test_status_faults_change_nothing(bare: Sandbox, bare_api: httpx.AsyncClient) -> None:
    space = await workspace_id(bare_api)
    bare.faults.add(f"{DC}/batches", method="POST", status=500)
    body = {
        "name": "b",
        "workspace_id": space,
        "task_details": {"task_name": "a", "task_introduction": "b", "task_steps": "c"},
    }
    assert (await bare_api.post(f"{DC}/batches", json=body)).status_code == 500
    assert bare.world.batches == {}


async def test_drop_processes_the_request_then_loses_the_response(
    bare: Sandbox, bare_api: httpx.AsyncClient
) -> None:
    space = await workspace_id(bare_api)
    bare.faults.add(f"{DC}/datasets", method="POST", kind="drop")
    with pytest.raises(httpx.RemoteProtocolError):
        await bare_api.post(f"{DC}/datasets", json={"name": "d", "workspace_id": space})
    assert len(bare.world.datasets) == 1, "the create happened: a blind retry would duplicate it"
    assert bare.request_log[-1].status is None
    assert bare.request_log[-1].fault == "drop"


async def test_truncated_and_malformed_bodies(bare: Sandbox, bare_api: httpx.AsyncClient) -> None:
    bare.faults.add("/api/v1/users/me", kind="truncate")
    bare.faults.add("/api/v1/users/me", kind="malformed")
    truncated = await bare_api.get("/api/v1/users/me/")
    malformed = await bare_api.get("/api/v1/users/me/")
    intact = await bare_api.get("/api/v1/users/me/")
    assert truncated.status_code == malformed.status_code == 200
    assert intact.text.startswith(truncated.text)
    assert len(truncated.content) < len(intact.content)
    for response in (truncated, malformed):
        with pytest.raises(ValueError, match=r"Expecting|Unterminated|Invalid|delimiter"):
            response.json()


async def test_latency_uses_the_plan_sleep(bare: Sandbox, bare_api: httpx.AsyncClient) -> None:
    waited: list[float] = []

    async def fake_sleep(seconds: float) -> None:
        waited.append(seconds)

    bare.faults.sleep = fake_sleep
    bare.faults.add("*", kind="latency", latency=1.5, times=None)
    assert (await bare_api.get("/api/v1/users/me")).status_code == 200
    assert (await bare_api.get("/api/v1/workspaces")).status_code == 200
    assert waited == [1.5, 1.5]


def test_rates_are_seeded_and_reproducible() -> None:
    def fired(seed: int) -> list[bool]:
        plan = FaultPlan(seed=seed)
        plan.add(status=503, rate=0.3, times=None)
        return [plan.pick("GET", "/api/v1/studies") is not None for _ in range(200)]

    assert fired(1) == fired(1) != fired(2)
    assert 30 < sum(fired(1)) < 90


def test_parse_the_documented_grammar() -> None:
    plan = FaultPlan.parse(
        "rate=0.1,503,429;path=/api/v1/data-collection/* drop,times=1,method=POST|latency=0.2"
    )
    first, second, third = plan.rules
    assert (first.kind, first.statuses, first.rate, first.times) == (
        "status",
        (503, 429),
        0.1,
        None,
    )
    assert first.matches("GET", "/api/v1/data-collection/batches/")
    assert not first.matches("GET", "/api/v1/studies")
    assert (second.kind, second.times, second.method) == ("drop", 1, "POST")
    assert (third.kind, third.latency) == ("latency", 0.2)
    fault = FaultPlan.parse("429").pick("GET", "/x")
    assert fault is not None
    assert fault.retry_after == 1.0


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("", "empty"),
        ("rate=2,503", "rate"),
        ("teapot", "unknown fault item"),
        ("503,drop", "one kind"),
        ("200", "4xx or 5xx"),
        ("times=0,500", "times"),
        ("speed=3,500", "unknown fault setting"),
        ("rate=abc,500", "bad value for rate"),
        ("path=/x", "kind must be one of"),
    ],
)
def test_bad_specs_say_what_is_wrong(spec: str, message: str) -> None:
    with pytest.raises(FaultSpecError, match=message):
        FaultPlan.parse(spec)


def test_clear_removes_rules() -> None:
    plan = FaultPlan()
    plan.add(status=500, times=None)
    plan.clear()
    assert plan.pick("GET", "/") is None

"""The demo account: something in every state, and a live study that keeps moving."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
import pytest

from atb_tui.sandbox import ManualClock, RealClock, Sandbox, SandboxError
from tests.helpers.raw_api import DC


async def test_demo_has_every_status_and_realistic_names(
    sandbox: Sandbox, api: httpx.AsyncClient
) -> None:
    me = (await api.get("/api/v1/users/me/")).json()
    assert me["name"] == "Ada Researcher"
    spaces = (await api.get("/api/v1/workspaces/")).json()["results"]
    assert [(w["title"], w["currency_code"]) for w in spaces] == [
        ("Sentiment Lab", "GBP"),
        ("Vision Team", "USD"),
    ]
    balance = (await api.get(f"/api/v1/workspaces/{spaces[0]['id']}/balance/")).json()
    assert balance["total_balance"] == 125_000
    assert balance["available_balance"] < balance["total_balance"]
    world = sandbox.world
    assert {d.status for d in world.datasets.values() if d.schema_version == 3} == {
        "UNINITIALISED",
        "PROCESSING",
        "READY",
        "ERROR",
    }
    assert {b.status for b in world.batches.values()} == {
        "UNINITIALISED",
        "PROCESSING",
        "READY",
        "ERROR",
    }
    assert {s.status for s in world.studies.values()} == {
        "ACTIVE",
        "COMPLETED",
        "PAUSED",
        "UNPUBLISHED",
    }
    broken = next(d for d in world.datasets.values() if d.status == "ERROR")
    assert broken.error_reason
    assert "Line 14" in broken.error_reason
    studied = {s.settings["data_collection_id"] for s in world.studies.values()}
    launchable = [
        b
        for b in world.batches.values()
        if b.status == "READY" and b.instructions and b.id not in studied
    ]
    assert [b.name for b in launchable] == ["Sentiment - ready to launch"]
    completed = next(s for s in world.studies.values() if s.status == "COMPLETED")
    assert len(world.responses_of(completed.settings["data_collection_id"])) >= 500


async def test_the_live_study_gains_responses_and_things_finish_processing(
    sandbox: Sandbox, api: httpx.AsyncClient
) -> None:
    live = next(s for s in sandbox.world.studies.values() if s.status == "ACTIVE")
    path = f"{DC}/batches/{live.settings['data_collection_id']}/responses"
    counts = []
    for _ in range(4):
        counts.append((await api.get(path, params={"limit": 0})).json()["meta"]["count"])
        sandbox.advance(30)
    assert counts == sorted(counts)
    assert counts[-1] > counts[0]
    assert all(d.status != "PROCESSING" for d in sandbox.world.datasets.values())
    assert all(b.status != "PROCESSING" for b in sandbox.world.batches.values())


def test_clocks() -> None:
    clock = ManualClock()
    assert clock.now() == datetime(2026, 11, 23, 9, tzinfo=UTC)
    clock.advance(90)
    assert clock.now().minute == 1
    with pytest.raises(ValueError, match="backwards"):
        clock.advance(-1)
    with pytest.raises(ValueError, match="timezone-aware"):
        ManualClock(datetime(2026, 1, 1))
    ticks = iter([100.0, 102.0])
    fast = RealClock(
        speed=10, start=datetime(2026, 1, 1, tzinfo=UTC), monotonic=lambda: next(ticks)
    )
    assert (fast.now() - datetime(2026, 1, 1, tzinfo=UTC)).total_seconds() == 20
    behind = RealClock(start=datetime(2026, 1, 1, tzinfo=UTC), monotonic=lambda: 0.0)
    behind.catch_up(datetime(2026, 2, 1, tzinfo=UTC))
    assert behind.now() == datetime(2026, 2, 1, tzinfo=UTC)
    behind.catch_up(datetime(2025, 1, 1, tzinfo=UTC))
    assert behind.now() == datetime(2026, 2, 1, tzinfo=UTC), "never moves backwards"
    with pytest.raises(SandboxError, match="ManualClock"):
        Sandbox(clock=RealClock(), demo_data=False).advance(1)

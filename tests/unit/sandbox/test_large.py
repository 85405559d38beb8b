"""The 100k-response batch: seeded in bulk and served by slices (timings printed, not asserted)."""

from __future__ import annotations

import time

import httpx
import pytest

from atb_tui.sandbox import Sandbox
from tests.helpers.raw_api import DC
from tests.helpers.sandbox import raw_client


async def test_seed_large_batch_builds_and_serves_100k_responses(bare: Sandbox) -> None:
    started = time.perf_counter()
    batch_id = bare.seed_large_batch(responses=100_000)
    seeded = time.perf_counter() - started
    async with raw_client(bare) as api:
        batch = (await api.get(f"{DC}/batches/{batch_id}")).json()
        timings = {}
        for params in ({"limit": 100, "offset": 50_000}, {"limit": 1000, "offset": 99_500}, {}):
            started = time.perf_counter()
            response = await api.get(f"{DC}/batches/{batch_id}/responses", params=params)
            timings[str(params)] = time.perf_counter() - started
            body = response.json()
            assert body["meta"]["count"] == 100_000
            expected = min(params.get("limit", 100_000), 100_000 - params.get("offset", 0))
            assert len(body["results"]) == expected
    print(
        f"\nseed_large_batch(100k): {seeded:.2f}s; responses: "
        + ", ".join(f"{k} {v * 1000:.0f}ms" for k, v in timings.items())
    )
    assert batch["status"] == "READY"
    assert batch["total_task_count"] == 6_667  # 5 instructions x 3 annotators per task
    study = next(
        s for s in bare.world.studies.values() if s.settings["data_collection_id"] == batch_id
    )
    assert study.status == "COMPLETED"
    assert study.settings["total_available_places"] == 2001  # 667 groups x 3
    assert len(bare.world.responses_of(batch_id)) == 100_000


async def test_unknown_workspace_is_refused(bare: Sandbox) -> None:
    with pytest.raises(ValueError, match="no workspace"):
        bare.seed_large_batch("nope", responses=10)


async def test_small_large_batch_is_consistent(bare: Sandbox, bare_api: httpx.AsyncClient) -> None:
    batch_id = bare.seed_large_batch(responses=61)
    page = (await bare_api.get(f"{DC}/batches/{batch_id}/responses", params={"offset": 60})).json()
    assert page["meta"]["count"] == 61
    assert len(page["results"]) == 1
    record = page["results"][0]
    assert record["batch_id"] == batch_id
    assert record["response"]["type"] in (
        "multiple_choice",
        "free_text",
        "free_text_with_unit",
    )

"""100k responses: our client (pydantic models) vs plain httpx + json, on the same sandbox.

Both fetch every response of a 100,000-response batch from the in-process sandbox; the
"filter" step keeps the responses of one instruction. Memory is tracemalloc's peak.
"""

from __future__ import annotations

import asyncio
import time
import tracemalloc
from collections.abc import Awaitable, Callable
from typing import Any

import httpx

from atb_tui.api import ProlificClient
from atb_tui.sandbox import ManualClock, Sandbox

N = 100_000


async def _plain(sandbox: Sandbox, batch_id: str) -> int:
    headers = {"Authorization": f"Token {sandbox.token}"}
    async with httpx.AsyncClient(transport=sandbox.transport(), base_url=sandbox.base_url) as http:
        body = (
            await http.get(f"/api/v1/data-collection/batches/{batch_id}/responses", headers=headers)
        ).json()
    first = body["results"][0]["response"]["instruction_id"]
    return sum(1 for r in body["results"] if r["response"]["instruction_id"] == first)


async def _ours(sandbox: Sandbox, batch_id: str) -> int:
    client = ProlificClient(sandbox.token, base_url=sandbox.base_url, transport=sandbox.transport())
    async with client:
        responses = await client.batches.responses(batch_id)
    first = responses[0].response.instruction_id
    return sum(1 for r in responses if r.response.instruction_id == first)


def _measure(run: Callable[[], Awaitable[Any]]) -> tuple[float, float]:
    tracemalloc.start()
    start = time.perf_counter()
    asyncio.run(run())  # type: ignore[arg-type]
    seconds = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return seconds, peak


def run() -> dict[str, float]:
    sandbox = Sandbox(clock=ManualClock())
    start = time.perf_counter()
    batch_id = sandbox.seed_large_batch(responses=N)
    seeded = time.perf_counter() - start
    plain_s, plain_mb = _measure(lambda: _plain(sandbox, batch_id))
    ours_s, ours_mb = _measure(lambda: _ours(sandbox, batch_id))
    return {
        "seed_100k_s": round(seeded, 2),
        "plain_httpx_json_s": round(plain_s, 2),
        "plain_peak_mb": round(plain_mb, 1),
        "atb_client_s": round(ours_s, 2),
        "atb_peak_mb": round(ours_mb, 1),
        "time_ratio": round(ours_s / plain_s, 2),
        "memory_ratio": round(ours_mb / plain_mb, 2),
    }

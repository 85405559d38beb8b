"""The response viewer on 100k responses served over loopback by a sandbox in another process.

Paired runs (plain httpx + json.loads, then our fast path into the viewer's store, repeated;
medians reported) fetch the same pages (`limit`/`offset`, 5,000 a page). No tracemalloc in the
timed runs; memory is the peak RSS of a fresh process that does only our load.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

from atb_tui.api import ProlificClient
from atb_tui.api.resources.batches import RESPONSE_PAGE_SIZE
from atb_tui.flows.responses import LoadProgress, fetch_responses
from atb_tui.logic.filter_lang import parse_filter
from atb_tui.views.responses.store import ResponseStore
from atb_tui.views.responses.summary import summarise
from atb_tui.views.responses.viewer import ViewerState

N = 100_000
PAIRS = 3
RESULTS = Path(__file__).parent / "results.json"


async def _plain(url: str, token: str, batch_id: str) -> int:
    path = f"/api/v1/data-collection/batches/{batch_id}/responses"
    rows, offset, total = 0, 0, None
    async with httpx.AsyncClient(base_url=url, headers={"Authorization": f"Token {token}"}) as http:
        while total is None or offset < total:
            params = {"offset": offset, "limit": RESPONSE_PAGE_SIZE}
            body = json.loads((await http.get(path, params=params)).content)
            total = body["meta"]["count"]
            offset += len(body["results"])
            rows += len(body["results"])
    return rows


async def _ours(url: str, token: str, batch_id: str) -> tuple[ResponseStore, float]:
    store = ResponseStore()
    start = time.perf_counter()
    first: list[float] = []

    def progress(_: LoadProgress) -> None:
        if not first:
            first.append(time.perf_counter() - start)

    async with ProlificClient(token, base_url=url) as client:
        await fetch_responses(client, batch_id, store, progress)
    return store, first[0]


def _timed(coroutine: object) -> tuple[float, object]:
    start = time.perf_counter()
    result = asyncio.run(coroutine)  # type: ignore[arg-type]
    return time.perf_counter() - start, result


def _filter_ms(store: ResponseStore) -> float:
    state = ViewerState(store)
    query = parse_filter("answer:neg participant:a text~the")
    runs = []
    for _ in range(5):
        start = time.perf_counter()
        state.matching(query)
        runs.append(time.perf_counter() - start)
    return statistics.median(runs) * 1000


def _summary_ms(store: ResponseStore) -> float:
    start = time.perf_counter()
    summarise(store, range(len(store)))
    return (time.perf_counter() - start) * 1000


def _rss_mb(url: str, token: str, batch_id: str) -> float:
    """Peak RSS of a fresh process that loads the batch into the store."""
    code = (
        "import asyncio, resource, sys\n"
        "from bench.responses_viewer import _ours\n"
        "asyncio.run(_ours(*sys.argv[1:4]))\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n"
    )
    out = subprocess.run([sys.executable, "-c", code, url, token, batch_id],
                         capture_output=True, text=True, check=True)  # fmt: skip
    return int(out.stdout.split()[-1]) / 1024  # Linux reports KiB


def run() -> dict[str, float]:
    server = subprocess.Popen([sys.executable, "-m", "bench.responses_server", str(N)],
                              stdout=subprocess.PIPE, text=True)  # fmt: skip
    try:
        assert server.stdout is not None
        _, url, token, batch_id = server.stdout.readline().split()
        return _measure(url, token, batch_id)
    finally:
        server.terminate()
        server.wait(timeout=10)


def _measure(url: str, token: str, batch_id: str) -> dict[str, float]:
    asyncio.run(_plain(url, token, batch_id))  # warm-up: the server's first page render
    plain, ours, first = [], [], []
    store: ResponseStore | None = None
    for _ in range(PAIRS):
        seconds, _rows = _timed(_plain(url, token, batch_id))
        plain.append(seconds)
        seconds, result = _timed(_ours(url, token, batch_id))
        store, first_rows = result  # type: ignore[misc]
        ours.append(seconds)
        first.append(first_rows)
    assert store is not None
    assert len(store) >= N * 0.99
    load, baseline = statistics.median(ours), statistics.median(plain)
    figures = {
        "responses_100k_load_s": round(load, 3),
        "responses_100k_plain_httpx_json_s": round(baseline, 3),
        "responses_100k_load_ratio_vs_httpx_json": round(load / baseline, 2),
        "responses_100k_first_rows_s": round(statistics.median(first), 3),
        "responses_100k_filter_ms": round(_filter_ms(store), 1),
        "responses_100k_summary_ms": round(_summary_ms(store), 1),
        "responses_100k_rss_mb": round(_rss_mb(url, token, batch_id), 1),
    }
    _save(figures)
    return figures


def _save(figures: dict[str, float]) -> None:
    """Merge into bench/results.json (other benchmarks write their own keys there)."""
    known = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    known.update(figures)
    RESULTS.write_text(json.dumps(known, indent=2, sort_keys=True) + "\n")


if __name__ == "__main__":
    for key, value in run().items():
        print(f"{key:<44} {value}")

"""Upload speed and memory: our client vs `curl -T` of the same file to the same kind of URL.

The sandbox is served by `atb-tui sandbox serve` in its own process, over loopback. Each run
uploads a 200 MB file to a fresh presigned URL. The file is named `.zip` but holds random
bytes, so the sandbox rejects it as soon as it has been received: the figure is the transfer,
not the sandbox's CSV parsing. Our client runs in a fresh interpreter that reports the upload's
own duration and how much its peak RSS grew during it.

Both sides are timed from the moment they hold what they need to send: curl gets its URL
before its clock starts, and our child asks for one upload URL before its clock starts, so its
timed `datasets.upload` (which asks for a URL again, then streams the file) does not count the
interpreter's first request (importing and building the client's models: ~50 ms of CPU, a
quarter of a second on a loaded machine), which is start-up, not upload speed.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
import time
from pathlib import Path

import httpx

from bench.harness import Served, paired, run_child, served_sandbox

SIZE_MB = 200
RUNS = 5

CHILD = """
import asyncio, resource, sys, time
from pathlib import Path
from atb_tui.api import ProlificClient

def rss_kb():
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS"))

async def main(url, token, dataset_id, path):
    async with ProlificClient(token, base_url=url) as client:
        await client.datasets.upload_url(dataset_id, "data.zip")  # warm-up, see the docstring
        before = rss_kb()
        start = time.perf_counter()
        await client.datasets.upload(dataset_id, Path(path), filename="data.zip")
        elapsed = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(elapsed, (peak - before) / 1024)

asyncio.run(main(*sys.argv[1:]))
"""


def _new_dataset(api: httpx.Client) -> str:
    workspace = api.get("/api/v1/workspaces/").json()["results"][0]["id"]
    body = {"name": "upload bench", "workspace_id": workspace}
    return str(api.post("/api/v1/data-collection/datasets", json=body).json()["id"])


def _curl(api: httpx.Client, path: Path) -> float:
    dataset = _new_dataset(api)
    target = api.get(f"/api/v1/data-collection/datasets/{dataset}/upload-url/data.zip").json()
    content_type = f"Content-Type: {target.get('content_type') or 'application/zip'}"
    start = time.perf_counter()
    command = ["curl", "-sS", "-f", "-T", str(path), "-H", content_type, "-o", os.devnull]
    subprocess.run([*command, target["upload_url"]], check=True)
    return time.perf_counter() - start


def _ours(api: httpx.Client, served: Served, path: Path, growth: list[float]) -> float:
    out = run_child(CHILD, served.url, served.token, _new_dataset(api), str(path))
    seconds, grown_mb = (float(x) for x in out.split())
    growth.append(grown_mb)
    return seconds


def run() -> dict[str, float]:
    """Median MB/s for both, the ratio ours/curl (speed) and our RSS growth during an upload."""
    with tempfile.TemporaryDirectory(prefix="atb-bench-") as folder:
        path = Path(folder) / "data.zip"
        with path.open("wb") as handle:
            for _ in range(SIZE_MB):
                handle.write(os.urandom(1 << 20))
        with served_sandbox("--empty") as served:
            headers = {"Authorization": f"Token {served.token}"}
            with httpx.Client(base_url=served.url, headers=headers, timeout=120) as api:
                growth: list[float] = []
                result = paired(
                    lambda: _ours(api, served, path, growth), lambda: _curl(api, path), RUNS
                )
    return {
        "upload_size_mb": SIZE_MB,
        "upload_mb_per_s": round(SIZE_MB / result.subject.median, 1),
        "upload_curl_mb_per_s": round(SIZE_MB / result.baseline.median, 1),
        # a speed ratio: curl's time over ours (1.0 = as fast as curl)
        "upload_speed_ratio_vs_curl": round(1 / result.ratio.median, 3),
        "upload_speed_ratio_min": round(1 / result.ratio.high, 3),
        "upload_speed_ratio_max": round(1 / result.ratio.low, 3),
        "upload_rss_growth_mb": round(max(growth), 1),
    }


if __name__ == "__main__":
    for key, value in run().items():
        print(f"{key:<32} {value}")

"""Our client against the sandbox served by uvicorn on 127.0.0.1: real sockets, no transport.

Covers what an in-process transport cannot: a streamed 50 MB upload, connections really
closed by the server, and the 100,000-response batch over HTTP (timings are printed).
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import uvicorn

from atb_tui.api import OutcomeUnknownError, ProlificClient
from atb_tui.api.models import BatchCreate
from atb_tui.sandbox import Sandbox
from tests.helpers.sandbox import FAST_RETRY, make_sandbox
from tests.helpers.waits import POLL_EVERY
from tests.helpers.workflow import TASK_DETAILS, Progress, poll

pytestmark = [pytest.mark.loopback, pytest.mark.xdist_group("loopback")]

BIG_ROWS = 100_000
ROW_PADDING = "x" * 480  # ~500-byte rows: 100k rows make a ~50 MB file


@dataclass
class Served:
    sandbox: Sandbox
    url: str


@pytest.fixture(scope="module")
def served() -> Iterator[Served]:
    """A sandbox behind uvicorn on a free loopback port, for this module's tests."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    sandbox = make_sandbox(base_url=url)
    config = uvicorn.Config(sandbox.app, log_level="warning", lifespan="off", http="h11")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert thread.is_alive(), "uvicorn stopped while starting"
        assert time.monotonic() < deadline, "uvicorn did not start within 10 s"
        time.sleep(POLL_EVERY)  # a condition poll: the loop ends as soon as uvicorn is up
    yield Served(sandbox, url)
    server.should_exit = True
    thread.join(timeout=10)
    sock.close()
    assert not thread.is_alive(), "uvicorn did not shut down"


@pytest.fixture
async def client(served: Served) -> AsyncIterator[ProlificClient]:
    served.sandbox.faults.clear()
    async with ProlificClient(served.sandbox.token, base_url=served.url, retry=FAST_RETRY) as api:
        yield api


def big_csv(path: Path) -> Path:
    """~50 MB of CSV, written in one go."""
    rows = "".join(f"Review {n} {ROW_PADDING},{n % 2}\n" for n in range(BIG_ROWS))
    path.write_text("review,META_label\n" + rows, encoding="utf-8")
    return path


async def test_streams_a_50_mb_csv_without_sending_the_token(
    served: Served, client: ProlificClient, tmp_path: Path
) -> None:
    source = big_csv(tmp_path / "big.csv")
    size = source.stat().st_size
    assert size > 48_000_000
    workspace = (await client.workspaces.list())[0].id
    dataset = await client.datasets.create(workspace, "Big upload")
    progress = Progress()
    started = time.perf_counter()
    await client.datasets.upload(dataset.id, source, progress=progress)
    print(f"\n50 MB upload over loopback: {time.perf_counter() - started:.2f} s")
    sent = [done for done, _ in progress.calls]
    assert len(sent) > 10, "progress is reported chunk by chunk"
    assert sent == sorted(sent)
    assert progress.calls[-1] == (size, size)
    status = await poll(
        served.sandbox, lambda: client.datasets.status(dataset.id), {"READY", "ERROR"}
    )
    assert status == "READY"
    assert (await client.datasets.get(dataset.id)).total_datapoint_count == BIG_ROWS
    puts = [r for r in served.sandbox.request_log if r.path.startswith("/presigned/uploads/")]
    assert puts, "the upload went to the presigned route"
    assert all("authorization" not in r.headers for r in puts)
    api_calls = [r for r in served.sandbox.request_log if r.path.startswith("/api/")]
    assert all("authorization" in r.headers for r in api_calls)


async def test_dropped_get_is_retried_over_a_real_socket(
    served: Served, client: ProlificClient
) -> None:
    served.sandbox.faults.add("/api/v1/users/me", "GET", kind="drop", times=1)
    before = len(served.sandbox.request_log)
    assert (await client.users.me()).id
    attempts = [r.status for r in served.sandbox.request_log[before:] if "users/me" in r.path]
    assert attempts == [None, 200]


async def test_dropped_post_raises_outcome_unknown_over_a_real_socket(
    served: Served, client: ProlificClient
) -> None:
    path = "/api/v1/data-collection/batches"
    served.sandbox.faults.add(path, "POST", kind="drop", times=1)
    workspace = next(iter(served.sandbox.world.workspaces))
    create = BatchCreate(name="Over loopback", workspace_id=workspace, task_details=TASK_DETAILS)
    with pytest.raises(OutcomeUnknownError):
        await client.batches.create(create)
    assert sum(b.name == "Over loopback" for b in served.sandbox.world.batches.values()) == 1


async def test_reads_a_100k_response_batch(served: Served, client: ProlificClient) -> None:
    started = time.perf_counter()
    batch_id = served.sandbox.seed_large_batch(responses=100_000)
    seeded = time.perf_counter()
    responses = await client.batches.responses(batch_id)
    fetched = time.perf_counter()
    print(
        f"\n100k-response batch: seeded in {seeded - started:.2f} s, "
        f"fetched and parsed over loopback in {fetched - seeded:.2f} s"
    )
    assert len(responses) == 100_000
    assert len({r.id for r in responses}) == 100_000
    assert {r.batch_id for r in responses} == {batch_id}

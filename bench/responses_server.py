"""A sandbox holding one 100k-response batch, served over loopback in its own process.

Prints `READY <base_url> <token> <batch_id>` once it listens, then serves until killed, so the
benchmark's timings never include the server's own work on the same interpreter.
"""

from __future__ import annotations

import asyncio
import socket
import sys

import uvicorn

from atb_tui.sandbox import ManualClock, Sandbox

TOKEN = "bench-token"


def main(responses: int) -> None:
    # IPPROTO_TCP so asyncio sets TCP_NODELAY on accepted connections (see sandbox/serve.py)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.bind(("127.0.0.1", 0))
    sock.listen(64)
    url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    sandbox = Sandbox(clock=ManualClock(), token=TOKEN, base_url=url)
    batch_id = sandbox.seed_large_batch(responses=responses)
    print(f"READY {url} {TOKEN} {batch_id}", flush=True)
    config = uvicorn.Config(
        sandbox.app, log_level="warning", http="h11", lifespan="off", access_log=False
    )
    asyncio.run(uvicorn.Server(config).serve(sockets=[sock]))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)

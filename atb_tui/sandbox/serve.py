"""``atb-tui sandbox serve``: the sandbox over loopback HTTP for any Prolific client.

Prints the base URL, the token and the two ``export`` lines to copy, then serves with
uvicorn until Ctrl-C. With ``--state FILE`` the world is saved atomically after every
change (and every few seconds while simulated time moves) and reloaded on the next start;
an unreadable state file is kept aside and a fresh sandbox starts.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import secrets
import socket
import sys
from pathlib import Path

import uvicorn

from atb_tui.sandbox.clock import RealClock
from atb_tui.sandbox.faults import FaultPlan
from atb_tui.sandbox.persist import StateFileError
from atb_tui.sandbox.sandbox import Sandbox

AUTOSAVE_INTERVAL = 2.0
MAX_PORT = 65535


def serve(
    *,
    host: str,
    port: int,
    token: str | None,
    speed: float,
    state_file: str | None,
    faults: str | None,
    seed: int,
    demo_data: bool,
    large: int = 0,
) -> int:
    """Run the sandbox until interrupted; returns the process exit code."""
    if not is_loopback(host):
        _warn(
            f"WARNING: binding to {host!r}, which is not a loopback address: anyone who can reach "
            "this machine can use the sandbox with the token printed below."
        )
    if large < 0:
        _warn("atb-tui sandbox: --large needs a number of responses of 0 or more")
        return 2
    try:
        plan = FaultPlan.parse(faults, seed=seed) if faults else None
    except ValueError as exc:  # FaultSpecError included
        _warn(f"atb-tui sandbox: --faults: {exc} (e.g. --faults 'rate=0.1,503,429')")
        return 2
    try:
        clock = RealClock(speed=speed)
    except ValueError as exc:
        _warn(f"atb-tui sandbox: --speed: {exc} (e.g. --speed 20 for a fast demo)")
        return 2
    if state_file and Path(state_file).exists() and not Path(state_file).is_file():
        _warn(
            f"atb-tui sandbox: --state: {state_file} is not a file; give a file, e.g. sandbox.json"
        )
        return 2
    if not 0 <= port <= MAX_PORT:
        _warn(f"atb-tui sandbox: --port {port} is out of range: use 0 to {MAX_PORT} (0 = any)")
        return 2
    try:
        sock = _bind(host, port)
    except (OSError, OverflowError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        _warn(
            f"atb-tui sandbox: cannot listen on {host}:{port}: {reason}; "
            "choose another --port (0 picks a free one) or stop what is using it"
        )
        return 1
    try:
        sandbox = Sandbox(
            clock=clock,
            token=token or secrets.token_urlsafe(18),
            seed=seed,
            demo_data=demo_data,
            base_url=f"http://{_url_host(host)}:{sock.getsockname()[1]}",
            state_file=Path(state_file) if state_file else None,
            faults=plan,
        )
    except StateFileError as exc:
        sock.close()
        _warn(f"atb-tui sandbox: --state: {exc}; give the path of a file, e.g. sandbox.json")
        return 2
    if large:
        batch_id = sandbox.seed_large_batch(responses=large)
        print(f"Seeded a finished batch with {large:,} responses: batch id {batch_id}", flush=True)
    return _serve_until_interrupted(sandbox, sock, state_file, plan)


def _serve_until_interrupted(
    sandbox: Sandbox, sock: socket.socket, state_file: str | None, plan: FaultPlan | None
) -> int:
    if sandbox.load_warning:
        _warn(sandbox.load_warning)
    _banner(sandbox, state_file, plan)
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_run(sandbox, sock))
    print("Sandbox stopped.", flush=True)
    return 0


def is_loopback(host: str) -> bool:
    """Whether ``host`` only accepts connections from this machine."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP, not the default 0: connections accepted from this socket inherit its
    # protocol number, and asyncio turns Nagle's algorithm off (TCP_NODELAY) only on sockets
    # that say TCP. With it on, every response (headers and body written separately) waited
    # ~40 ms for the client's delayed ACK.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    sock.set_inheritable(True)
    return sock


def _url_host(host: str) -> str:
    if host in ("0.0.0.0", "::"):
        return "127.0.0.1"
    return f"[{host}]" if ":" in host else host


def _warn(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _banner(sandbox: Sandbox, state_file: str | None, plan: FaultPlan | None) -> None:
    lines = [
        f"Prolific sandbox listening on {sandbox.base_url}",
        f"  token: {sandbox.token}",
        f"  clock speed: {getattr(sandbox.clock, 'speed', 1.0):g}x"
        + (f", state file: {state_file}" if state_file else ", state: in memory only"),
    ]
    if plan is not None:
        lines.append(f"  faults: {len(plan.rules)} rule(s) active")
    lines += [
        "",
        "Point a client at it:",
        f"  export PROLIFIC_URL={sandbox.base_url}",
        f"  export PROLIFIC_TOKEN={sandbox.token}",
        "",
        "Press Ctrl-C to stop.",
    ]
    print("\n".join(lines), flush=True)


async def _run(sandbox: Sandbox, sock: socket.socket) -> None:
    config = uvicorn.Config(
        sandbox.app,
        log_level="warning",
        http="h11",
        lifespan="off",
        access_log=False,
        date_header=False,  # the sandbox sends its own clock's Date (at --speed N it differs)
    )
    server = uvicorn.Server(config)
    saver = asyncio.create_task(_autosave(sandbox))
    try:
        await server.serve(sockets=[sock])
    finally:
        saver.cancel()
        sandbox.tick()
        sandbox.save()


async def _autosave(sandbox: Sandbox) -> None:
    """Let simulated time move and persist it even when no client is asking."""
    while True:
        await asyncio.sleep(AUTOSAVE_INTERVAL)
        sandbox.tick()
        sandbox.save_if_due()

"""Run `atb-tui web`: check the flags, bind, print the link, serve until Ctrl+C.

The app each browser tab gets is `sys.executable -m atb_tui` with the same `--demo`,
`--profile` or `--api-url` as this command: the same interpreter and code as this process.
No secret is on that command line: the Prolific token reaches the app the way it reaches a
terminal start, through the inherited `PROLIFIC_TOKEN` or the saved profile.
"""

from __future__ import annotations

import argparse
import asyncio
import ipaddress
import os
import shlex
import socket
import sys

from atb_tui.startup import AtbError, UsageError, plan_start
from atb_tui.storage.profiles import ProfileStore
from atb_tui.web.door import Door
from atb_tui.web.server import WebServer, serve_until_stopped

LISTEN_BACKLOG = 64


def run(args: argparse.Namespace) -> int:
    """Serve until interrupted; raises UsageError for bad flags (exit 2), AtbError (exit 1)
    when the address cannot be bound."""
    demo: bool = getattr(args, "demo", False)
    profile: str | None = getattr(args, "profile", None)
    api_url: str | None = getattr(args, "api_url", None)
    # The same checks as a terminal start, so a bad profile fails here, not in the browser.
    plan_start(
        demo=demo, api_url=api_url, profile_name=profile, env=os.environ, profiles=ProfileStore()
    )
    address = _resolve(args.host)
    loopback = address.is_loopback
    if not loopback and not args.public:
        raise UsageError(
            f"--host {args.host} is reachable from other machines; add --public to allow it, "
            "or leave --host out to serve on 127.0.0.1"
        )
    sock = _bind(address, args.port)
    port: int = sock.getsockname()[1]
    door = Door.new(port)
    title = "atb-tui (demo)" if demo else "atb-tui"
    server = WebServer(app_command(demo=demo, profile=profile, api_url=api_url), door, title)
    _announce(door.link(_base_url(address, port)), loopback=loopback)
    with sock:
        asyncio.run(serve_until_stopped(server, sock))
    return 0


def app_command(*, demo: bool, profile: str | None, api_url: str | None) -> str:
    """The shell command textual-serve runs for each browser tab."""
    argv = [sys.executable, "-m", "atb_tui"]
    if demo:
        argv.append("--demo")
    if profile is not None:
        argv += ["--profile", profile]
    if api_url is not None:
        argv += ["--api-url", api_url]
    return shlex.join(argv)


def _resolve(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address:
    try:
        infos = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise UsageError(f"--host {host!r} is not an address or a known host name") from None
    addresses = [ipaddress.ip_address(info[4][0]) for info in infos]
    # `localhost` may resolve to ::1 and 127.0.0.1: prefer IPv4, which every browser reaches.
    return next((a for a in addresses if a.version == 4), addresses[0])


def _bind(address: ipaddress.IPv4Address | ipaddress.IPv6Address, port: int) -> socket.socket:
    family = socket.AF_INET if address.version == 4 else socket.AF_INET6
    # IPPROTO_TCP: accepted connections inherit it, so asyncio sets TCP_NODELAY on them (see
    # sandbox/serve.py `_bind`: without it small writes wait ~40 ms for a delayed ACK).
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((str(address), port))
        sock.listen(LISTEN_BACKLOG)
    except OSError as error:
        sock.close()
        hint = "; choose another --port, or 0 for a free one" if port else ""
        raise AtbError(f"cannot listen on {address} port {port}: {error.strerror}{hint}") from None
    sock.setblocking(False)
    return sock


def _base_url(address: ipaddress.IPv4Address | ipaddress.IPv6Address, port: int) -> str:
    if address.is_unspecified:  # 0.0.0.0 / ::, not an address a browser can open
        shown = socket.gethostname()
    elif address.version == 6:
        shown = f"[{address}]"
    else:
        shown = str(address)
    return f"http://{shown}:{port}/"


def _announce(link: str, *, loopback: bool) -> None:
    print("atb-tui web: open this link in a browser (it works once; Ctrl+C stops the server)")
    print(f"  {link}", flush=True)
    if not loopback:
        print(
            "atb-tui web: warning: --public serves the app to other machines over plain http; "
            "anyone who sees the link first gets your Prolific account. Prefer ssh -L.",
            file=sys.stderr,
            flush=True,
        )

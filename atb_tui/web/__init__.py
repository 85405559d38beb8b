"""`atb-tui web`: the same app in a browser tab, served by textual-serve.

This module only declares the command line: every `atb-tui` start builds the parser, so the
server (aiohttp, textual-serve) lives in `atb_tui.web.command` and is imported only when
`atb-tui web` runs.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

HELP = """\
The server binds 127.0.0.1 and prints a link with a one-time token. Open the link once: the
browser gets a session cookie and the token stops working for any other browser. Every request
without that cookie or token is refused (403). Each page load starts its own copy of the app.

Over SSH: ssh -L 8000:127.0.0.1:8000 HOST, run `atb-tui web --port 8000` there, and open the
printed link on your own machine.

exit codes: 0 stopped with Ctrl+C, 1 the server could not start, 2 bad flag or configuration
"""


def add_parser(subparsers: Any, port: Callable[[str], int]) -> argparse.ArgumentParser:
    """Register `web` on the CLI's subparsers; `port` parses --port as `sandbox serve` does."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "web",
        help="serve the app in a browser tab (loopback, one-time link)",
        description="Serve atb-tui in a browser tab with textual-serve.",
        epilog=HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--host", default="127.0.0.1", help="bind address (default 127.0.0.1)")
    parser.add_argument(
        "--port", type=port, default=0, metavar="N", help="port (default 0: a free port, printed)"
    )
    parser.add_argument(
        "--public",
        action="store_true",
        help="allow a --host other than loopback (anyone who can reach it may try the link)",
    )
    # SUPPRESS: `atb-tui --demo web` and `atb-tui web --demo` both work; a default here would
    # overwrite the value the main parser already read.
    parser.add_argument(
        "--demo", action="store_true", default=argparse.SUPPRESS, help="serve the sandbox app"
    )
    parser.add_argument(
        "--profile", metavar="NAME", default=argparse.SUPPRESS, help="use this saved profile"
    )
    return parser

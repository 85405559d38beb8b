"""Command-line entry point: `atb-tui`, `--demo`, `atb-tui sandbox serve`, `atb-tui config`."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from atb_tui import __version__
from atb_tui.headless import agreement

DESCRIPTION = """\
atb-tui: run Prolific AI Task Builder projects from your terminal.

  atb-tui                 open the app on your Prolific account
                          (token from PROLIFIC_TOKEN or a saved profile; you are asked otherwise)
  atb-tui --demo          open the app on the built-in offline sandbox: no account, no network
  atb-tui sandbox serve   run the sandbox as a local HTTP server for any Prolific client
  atb-tui config          print where settings, profiles and drafts are stored
  atb-tui agreement FILE  inter-annotator agreement of a CSV or export (--json for scripts)
"""

EPILOG = """\
environment:
  PROLIFIC_TOKEN       API token (same variable as Prolific's own CLI)
  PROLIFIC_URL         API base URL (default https://api.prolific.com)
  ATB_TUI_CONFIG_DIR   use this directory for settings, profiles and drafts
"""


def build_parser() -> argparse.ArgumentParser:
    """The whole command line, in one place."""
    parser = argparse.ArgumentParser(
        prog="atb-tui",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"atb-tui {__version__}")
    parser.add_argument("--demo", action="store_true", help="open on the offline sandbox")
    parser.add_argument("--api-url", metavar="URL", help="API base URL (overrides PROLIFIC_URL)")
    parser.add_argument("--profile", metavar="NAME", help="use this saved profile")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.add_parser("config", help="print where atb-tui keeps its files")
    agreement.add_parser(sub)
    sandbox = sub.add_parser("sandbox", help="the offline Prolific sandbox")
    sandbox_sub = sandbox.add_subparsers(dest="sandbox_command", metavar="ACTION", required=True)
    serve = sandbox_sub.add_parser(
        "serve",
        help="serve the sandbox over loopback HTTP",
        description="Serve a local Prolific API. Point any client at it with PROLIFIC_URL.",
    )
    serve.add_argument("--host", default="127.0.0.1", help="bind address (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8765, help="port (default 8765; 0 = any)")
    serve.add_argument("--token", default=None, help="token clients must send (default: random)")
    serve.add_argument("--speed", type=float, default=1.0, help="clock speed factor (default 1)")
    serve.add_argument("--state", metavar="FILE", default=None, help="persist the world here")
    serve.add_argument(
        "--faults", metavar="SPEC", default=None, help="inject faults, e.g. 'rate=0.1,503,429'"
    )
    serve.add_argument("--seed", type=int, default=7, help="random seed for simulated people")
    serve.add_argument("--empty", action="store_true", help="start without demo data")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Parse arguments and run the chosen command; returns the process exit code."""
    args = build_parser().parse_args(argv)
    if args.command == "sandbox":
        return _serve(args)
    if args.command == "config":
        return _print_config()
    if args.command == "agreement":
        return agreement.run(args)
    return _run_app(args)


def _serve(args: argparse.Namespace) -> int:
    from atb_tui.sandbox.serve import serve

    return serve(
        host=args.host,
        port=args.port,
        token=args.token,
        speed=args.speed,
        state_file=args.state,
        faults=args.faults,
        seed=args.seed,
        demo_data=not args.empty,
    )


def _print_config() -> int:
    from atb_tui.storage.paths import describe_paths

    for label, path in describe_paths():
        print(f"{label:<12} {path}")
    return 0


def _run_app(args: argparse.Namespace) -> int:
    from atb_tui.app import run_app

    return run_app(demo=args.demo, api_url=args.api_url, profile=args.profile)


if __name__ == "__main__":
    sys.exit(main())

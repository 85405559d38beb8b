"""Command-line entry point: `atb-tui`, `--demo`, `atb-tui sandbox serve`, `atb-tui config`.

`main` is the program's one error boundary: an expected failure (`AtbError`, or a bad flag)
ends as one line on stderr with exit code 2 (usage, configuration) or 1 (runtime); anything
unexpected is written, redacted, to a crash file whose path is printed. Never a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from atb_tui import __version__, web
from atb_tui.headless import agreement, registry
from atb_tui.startup import AtbError, UsageError

if TYPE_CHECKING:
    from atb_tui.api.http_log import JsonLinesLog

DESCRIPTION = """\
atb-tui: run Prolific AI Task Builder projects from your terminal.

  atb-tui                 open the app on your Prolific account
                          (token from PROLIFIC_TOKEN or a saved profile; you are asked otherwise)
  atb-tui --demo          open the app on the built-in offline sandbox: no account, no network
  atb-tui --http-log F    also write every API request to F as JSON lines (see README, API log)
  atb-tui sandbox serve   run the sandbox as a local HTTP server for any Prolific client
  atb-tui config          print where settings, profiles and drafts are stored
  atb-tui agreement FILE  inter-annotator agreement of a CSV or export (--json for scripts)
  atb-tui status          a workspace's batches, processing datasets and live studies
  atb-tui watch ID        wait until a batch, dataset or study reaches a state
  atb-tui responses ID    a batch's responses as CSV or JSONL, with the viewer's filter
  atb-tui web             the app in a browser tab: loopback, behind a one-time link
"""

EPILOG = """\
environment:
  PROLIFIC_TOKEN       API token (same variable as Prolific's own CLI)
  PROLIFIC_URL         API base URL (default https://api.prolific.com)
  ATB_TUI_CONFIG_DIR   use this directory for settings, profiles and drafts

exit codes:
  0  done   1  runtime failure or crash (a report is written)   2  bad flag or configuration
  3  `watch` timed out
"""
EXIT_INTERRUPTED = 130
MAX_PORT = 65535


class _Parser(argparse.ArgumentParser):
    """argparse, but a mistake is one line (usage is a --help away), exit code 2."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see {self.prog} --help)")


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number") from None
    if not 0 <= port <= MAX_PORT:
        raise argparse.ArgumentTypeError(
            f"{port} is out of range: use 0 to {MAX_PORT} (0 picks a free port)"
        )
    return port


def build_parser() -> argparse.ArgumentParser:
    """The whole command line, in one place."""
    parser = _Parser(
        prog="atb-tui",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"atb-tui {__version__}")
    parser.add_argument("--demo", action="store_true", help="open on the offline sandbox")
    parser.add_argument("--api-url", metavar="URL", help="API base URL (overrides PROLIFIC_URL)")
    parser.add_argument("--profile", metavar="NAME", help="use this saved profile")
    parser.add_argument(
        "--http-log",
        metavar="FILE",
        help="append every API request to FILE as JSON lines (0600; bodies redacted, no token)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.add_parser("config", help="print where atb-tui keeps its files")
    agreement.add_parser(sub)
    registry.add_parsers(sub)
    web.add_parser(sub, port=_port)
    sandbox = sub.add_parser("sandbox", help="the offline Prolific sandbox")
    sandbox_sub = sandbox.add_subparsers(dest="sandbox_command", metavar="ACTION", required=True)
    serve = sandbox_sub.add_parser(
        "serve",
        help="serve the sandbox over loopback HTTP",
        description="Serve a local Prolific API. Point any client at it with PROLIFIC_URL.",
    )
    serve.add_argument("--host", default="127.0.0.1", help="bind address (default 127.0.0.1)")
    serve.add_argument("--port", type=_port, default=8765, help="port (default 8765; 0 = any)")
    serve.add_argument("--token", default=None, help="token clients must send (default: random)")
    serve.add_argument("--speed", type=float, default=1.0, help="clock speed factor (default 1)")
    serve.add_argument("--state", metavar="FILE", default=None, help="persist the world here")
    serve.add_argument(
        "--faults", metavar="SPEC", default=None, help="inject faults, e.g. 'rate=0.1,503,429'"
    )
    serve.add_argument("--seed", type=int, default=7, help="random seed for simulated people")
    serve.add_argument("--empty", action="store_true", help="start without demo data")
    serve.add_argument(
        "--large", type=int, default=0, metavar="N", help="add a batch of N responses"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Parse arguments and run the chosen command; returns the process exit code."""
    try:
        return _dispatch(build_parser().parse_args(argv))
    except AtbError as error:
        _say(f"atb-tui: {error}")
        return error.exit_code
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # `atb-tui config | head -1`: the reader left, nothing is wrong
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except Exception as error:  # the boundary: whatever it was, no traceback, no secret
        from atb_tui.crash import write_crash_report

        _say(write_crash_report(error).terminal_line())
        return 1


def _say(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def _dispatch(args: argparse.Namespace) -> int:
    if args.http_log is not None and args.command not in (None, *registry.COMMANDS):
        # Not ignored silently: a user expecting a log of a command's requests would get none.
        raise UsageError(
            f"--http-log applies to the app and to status, watch and responses, "
            f"not to `atb-tui {args.command}`"
        )
    if args.command == "sandbox":
        return _serve(args)
    if args.command == "config":
        return _print_config()
    if args.command == "agreement":
        return agreement.run(args)
    if args.command in registry.COMMANDS:
        args.http_log_file = _open_http_log(args.http_log)
        return registry.run(args)
    if args.command == "web":
        from atb_tui.web.command import run as run_web  # aiohttp and textual-serve: only here

        return run_web(args)
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
        large=args.large,
    )


def _print_config() -> int:
    from atb_tui.storage.paths import describe_paths

    for label, path in describe_paths():
        print(f"{label:<12} {path}")
    return 0


def _run_app(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from atb_tui.startup import plan_start
    from atb_tui.storage.errors import StorageError
    from atb_tui.storage.logging_setup import configure_logging
    from atb_tui.storage.profiles import ProfileStore

    env = dict(os.environ)
    profiles = ProfileStore()
    plan = plan_start(
        demo=args.demo,
        api_url=args.api_url,
        profile_name=args.profile,
        env=env,
        profiles=profiles,
    )  # raises UsageError: nothing of Textual has started yet
    try:
        configure_logging()
    except StorageError as error:
        plan = replace(plan, warnings=(*plan.warnings, f"{error}; running without a log file"))
    from atb_tui.app import AppOptions, run_app

    options = AppOptions(
        demo=args.demo, api_url=args.api_url, profile=args.profile, env=env, start=plan
    )
    options.http_log = _open_http_log(args.http_log)
    return run_app(options)


def _open_http_log(path: str | None) -> JsonLinesLog | None:
    """The --http-log file, opened before Textual starts so a bad path is one line, exit 2."""
    if path is None:
        return None
    from atb_tui.api.http_log import HttpLogError, JsonLinesLog

    try:
        return JsonLinesLog(Path(path).expanduser())
    except HttpLogError as error:
        raise UsageError(str(error)) from error


if __name__ == "__main__":
    sys.exit(main())

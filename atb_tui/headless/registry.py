"""The parsers of `atb-tui status`, `watch` and `responses`, registered cheaply.

Every `atb-tui` start (the TUI too) builds the whole command line, so this module imports
nothing but argparse: a command's own module (and the client, the sandbox…) is imported only
when that command runs.
"""

from __future__ import annotations

import argparse
import importlib
from typing import Any

COMMANDS = ("status", "watch", "responses")
FORMATS = ("csv", "wide-csv", "jsonl")
EXIT_TIMEOUT = 3

COMMON_HELP = """\
connection (same rules as the app): --profile NAME, else PROLIFIC_TOKEN with PROLIFIC_URL,
else the active profile; --demo runs on a fresh in-process sandbox. Read-only: nothing here
creates, publishes, approves or spends anything.
"""
STATUS_HELP = f"""\
{COMMON_HELP}
exit codes: 0 printed, 1 the API failed, 2 bad input (unknown workspace, no token…)
"""
WATCH_HELP = f"""\
ITEM is a batch, dataset or study id (or a batch name, within --workspace).
STATE is reached when the item is at it or past it in its lifecycle:
  batch, dataset: UNINITIALISED, PROCESSING, READY (default READY; ERROR fails)
  study: UNPUBLISHED, SCHEDULED, PUBLISHING, ACTIVE, AWAITING_REVIEW, COMPLETED
         (default AWAITING_REVIEW: every place is taken and answered; COMPLETED also needs
         every submission reviewed, which happens in the app)
{COMMON_HELP}
exit codes: 0 reached, 1 failed (ERROR) or finished without reaching STATE,
  2 bad input (unknown item, a STATE that kind never has), 3 timed out
"""
RESPONSES_HELP = f"""\
BATCH is a batch id, or a batch name within --workspace. --filter takes the response
viewer's filter language (`/` in the viewer), e.g. 'answer=negative instruction:sentiment'.
Formats are the viewer's export: csv (long: one row per response, what `atb-tui agreement`
reads), wide-csv (one row per task), jsonl (each response as the API sent it).
{COMMON_HELP}
exit codes: 0 written, 1 the API failed, 2 bad input (unknown batch, bad filter, FILE exists)
"""


def add_parsers(subparsers: Any) -> None:
    """Register the three commands on the CLI's subparsers."""
    status = _command(
        subparsers, "status", "batches, processing datasets, live studies", STATUS_HELP
    )
    _workspace_flag(status)
    watch = _command(subparsers, "watch", "follow one item until it reaches a state", WATCH_HELP)
    watch.add_argument("item", metavar="ITEM", help="batch, dataset or study id")
    watch.add_argument("--until", metavar="STATE", help="state to wait for (see below)")
    watch.add_argument(
        "--timeout", metavar="S", type=_seconds, help="give up after S seconds (exit 3)"
    )
    _workspace_flag(watch)
    responses = _command(
        subparsers, "responses", "a batch's responses as CSV or JSONL", RESPONSES_HELP
    )
    responses.add_argument("batch", metavar="BATCH", help="batch id or name")
    responses.add_argument("--filter", metavar="EXPR", default="", help="the viewer's filter")
    responses.add_argument("--format", choices=FORMATS, default="csv", help="default csv")
    responses.add_argument("-o", "--output", metavar="FILE", help="write here (default stdout)")
    responses.add_argument("--force", action="store_true", help="replace FILE if it exists")
    _workspace_flag(responses)


def run(args: argparse.Namespace) -> int:
    """Import the chosen command's module now and run it; returns the exit code."""
    module = importlib.import_module(f"atb_tui.headless.{args.command}")
    code: int = module.run(args)
    return code


def _command(subparsers: Any, name: str, summary: str, epilog: str) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        name,
        help=summary,
        description=summary[0].upper() + summary[1:] + ".",
        epilog=epilog,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    # SUPPRESS: `atb-tui --demo status` and `atb-tui status --demo` both work (a default
    # here would overwrite the value the main parser set).
    parser.add_argument("--demo", action="store_true", default=argparse.SUPPRESS,
                        help="run on the offline sandbox")  # fmt: skip
    parser.add_argument("--profile", metavar="NAME", default=argparse.SUPPRESS,
                        help="use this saved profile")  # fmt: skip
    parser.add_argument("--api-url", metavar="URL", default=argparse.SUPPRESS,
                        help="API base URL (overrides PROLIFIC_URL)")  # fmt: skip
    return parser


def _workspace_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--workspace",
        metavar="W",
        help="workspace id or name (default: the profile's, or the only one)",
    )


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not 0 < value < float("inf"):
        raise argparse.ArgumentTypeError(f"{text} must be a positive number of seconds")
    return value

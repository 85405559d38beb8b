"""Unexpected exceptions: a redacted report in a file, one line on the terminal.

The terminal may be shared (tmux, a screen recording, a pasted bug report), so it only gets
the report's path and the exception's last line. The report itself has the traceback but no
local variables, and every registered secret (tokens read or given), credential-looking
fragment and presigned query string is replaced before it is written.
"""

from __future__ import annotations

import re
import tempfile
import traceback
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from atb_tui import __version__
from atb_tui.storage.atomic import PRIVATE_FILE_MODE, atomic_write_text, ensure_private_dir
from atb_tui.storage.logging_setup import REDACTED, redact
from atb_tui.storage.paths import config_dir_path

CRASH_DIR = "crashes"
# Presigned URLs carry their credential in the query string: drop all of it, whatever its keys.
_URL_QUERY = re.compile(r"(https?://[^\s'\"<>?]+)\?[^\s'\"<>]*")


def redact_report(text: str) -> str:
    """The text with secrets, credentials and every URL's query string replaced."""
    return _URL_QUERY.sub(rf"\g<1>?{REDACTED}", redact(text))


@dataclass(frozen=True)
class CrashReport:
    """Where the full report went (None if no file could be written) and its last line."""

    path: Path | None
    summary: str

    def terminal_line(self) -> str:
        """The one line the terminal gets."""
        where = (
            f"the full report (secrets removed) is in {self.path}"
            if self.path is not None
            else "no report could be written"
        )
        return (
            f"atb-tui stopped on an unexpected error: {self.summary}. {where}; "
            "please include it when you report the problem."
        )


def crash_dir() -> Path:
    """Reports go next to the other files atb-tui keeps (see `atb-tui config`)."""
    return config_dir_path() / CRASH_DIR


def write_crash_report(error: BaseException, *, now: datetime | None = None) -> CrashReport:
    """Write the redacted report of `error`; never raises (this runs while crashing)."""
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%d-%H%M%S-%f")
    summary = redact_report(_last_line(error))
    text = redact_report(_report_text(error, stamp))
    for directory in (crash_dir(), Path(tempfile.gettempdir())):
        path = directory / f"atb-tui-crash-{stamp}.txt"
        try:
            ensure_private_dir(directory)
            atomic_write_text(path, text, mode=PRIVATE_FILE_MODE)
        except OSError:
            continue
        return CrashReport(path, summary)
    return CrashReport(None, summary)


def _last_line(error: BaseException) -> str:
    lines = traceback.format_exception_only(type(error), error)
    last = lines[-1].strip() if lines else type(error).__name__
    return last.splitlines()[0] if last else type(error).__name__


def _report_text(error: BaseException, stamp: str) -> str:
    # format_exception never includes locals; that is the point of not using rich here.
    trace = "".join(traceback.format_exception(type(error), error, error.__traceback__))
    return f"atb-tui {__version__} crash report {stamp}\n\n{trace}"

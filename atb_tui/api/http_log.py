"""``--http-log FILE``: the request log written as JSON lines, one per attempt.

The file is created 0600 (it holds ids, paths and bodies of the user's projects) and appended
to, so several runs can share one file. Each line is ``RequestRecord.to_json()``: its keys are
documented in the README ("API log"). Bodies are truncated and redacted like in the panel;
headers are never written, so neither is the token.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TextIO

from atb_tui.api.request_log import RequestRecord

PRIVATE_FILE_MODE = 0o600


class HttpLogError(Exception):
    """The log file cannot be opened; the message says which file and why."""


class JsonLinesLog:
    """Appends each record it is given to a private file, one JSON object per line."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, PRIVATE_FILE_MODE)
            os.fchmod(fd, PRIVATE_FILE_MODE)  # an existing file may have been wider
        except OSError as error:
            raise HttpLogError(
                f"cannot write the HTTP log {path}: {error.strerror or error}"
            ) from error
        self._file: TextIO = os.fdopen(fd, "a", encoding="utf-8")

    def write(self, record: RequestRecord) -> None:
        """One line per record, flushed, so the file is complete even after a crash."""
        if self._file.closed:
            return
        self._file.write(json.dumps(record.to_json(), ensure_ascii=False) + "\n")
        self._file.flush()

    def close(self) -> None:
        self._file.close()

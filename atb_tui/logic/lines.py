"""Stream a file as decoded lines with constant memory, reporting where UTF-8 breaks.

Both dataset scanners read through `LineSource`: it reads one physical line at a time (bounded
by `MAX_LINE_BYTES`), strips a UTF-8 byte-order mark, decodes strictly so the first bad byte can
be reported with its offset, then continues with replacement characters so the rest of the file
is still checked.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

from atb_tui.logic.inspection import Findings

UTF8_BOM = b"\xef\xbb\xbf"
# Longer-than-any-real-datapoint lines are nearly always a binary file or a file with
# classic-Mac line endings; refusing them keeps memory bounded.
MAX_LINE_BYTES = 16 * 1024 * 1024
_OTHER_BOMS = {
    b"\xff\xfe\x00\x00": "UTF-32",
    b"\x00\x00\xfe\xff": "UTF-32",
    b"\xff\xfe": "UTF-16",
    b"\xfe\xff": "UTF-16",
}


class LineSource:
    """Iterator of decoded physical lines that records encoding problems in `findings`.

    `position` (the row or line a problem belongs to) is kept up to date by the caller, because
    only the caller knows which record a physical line is part of.
    """

    def __init__(self, stream: BinaryIO, findings: Findings, max_bytes: int | None) -> None:
        self._stream = stream
        self._findings = findings
        self._max_bytes = max_bytes
        self.position = 1
        self.position_name = "row"
        self.bytes_read = 0
        self.lines_read = 0
        self.stopped_early = False
        self.fatal = False

    def lines(self) -> Iterator[str]:
        """Yield each physical line, newline included, until EOF, a limit, or a fatal problem."""
        while not self.fatal and not self._limit_reached():
            raw = self._stream.readline(MAX_LINE_BYTES + 1)
            if not raw:
                return
            if self.lines_read == 0:
                raw = self._strip_bom(raw)
                if self.fatal:
                    return
            if len(raw) > MAX_LINE_BYTES:
                self._too_long()
                return
            text = self._decode(raw)
            self._check_nul(raw)
            self.bytes_read += len(raw)
            self.lines_read += 1
            yield text

    def _limit_reached(self) -> bool:
        if self._max_bytes is None or self.bytes_read < self._max_bytes:
            return False
        self.stopped_early = bool(self._stream.read(1))
        return True

    def _strip_bom(self, raw: bytes) -> bytes:
        if raw.startswith(UTF8_BOM):
            self.bytes_read += len(UTF8_BOM)
            return raw[len(UTF8_BOM) :]
        for bom, name in _OTHER_BOMS.items():
            if raw.startswith(bom):
                message = f"the file is {name} encoded; save it as UTF-8 and try again"
                self._findings.problem("not_utf8", message, 1)
                self.fatal = True
                return b""
        return raw

    def _decode(self, raw: bytes) -> str:
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            offset = self.bytes_read + exc.start
            message = f"not UTF-8 at byte {offset:,} ({self._where()}); save the file as UTF-8"
            self._findings.problem("not_utf8", message, self._row())
            return raw.decode("utf-8", errors="replace")

    def _check_nul(self, raw: bytes) -> None:
        nul = raw.find(b"\x00")
        if nul >= 0:
            offset = self.bytes_read + nul
            message = (
                f"NUL byte at byte {offset:,} ({self._where()}): this looks like a binary file "
                "(a spreadsheet?), not text"
            )
            self._findings.problem("binary", message, self._row())

    def _where(self) -> str:
        return f"{self.position_name} {self.position:,}"

    def _row(self) -> int | None:
        return self.position if self.position_name == "row" else None

    def _too_long(self) -> None:
        line = self.lines_read + 1
        limit = MAX_LINE_BYTES // (1024 * 1024)
        message = (
            f"line {line:,} is longer than {limit} MB; this is not a text file with one "
            "record per line (binary data, or old Mac line endings?)"
        )
        self._findings.problem("line_too_long", message, self._row())
        self.fatal = True

"""An upload's progress: a bar, and "3.1 MB of 8.0 MB · 2.4 MB/s · about 2 s left".

The screen feeds it `(sent, total)` from the transfer's progress callback; it redraws at most
ten times a second (a 500 MB file reports thousands of chunks) and always for the last one.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import ProgressBar, Static

from atb_tui.logic.inspection import format_size
from atb_tui.logic.polling import format_duration

REDRAW_SECONDS = 0.1


def describe_transfer(sent: int, total: int, elapsed: float) -> str:
    """Bytes so far, rate and time left (rate and ETA once there is something to measure)."""
    text = f"{format_size(sent)} of {format_size(total)}"
    if elapsed <= 0 or sent <= 0:
        return text
    rate = sent / elapsed
    text += f" · {format_size(round(rate))}/s"
    if sent < total:
        text += f" · about {format_duration((total - sent) / rate)} left"
    return text


class UploadProgress(Vertical):
    """Progress of one file transfer."""

    DEFAULT_CSS = """
    UploadProgress { height: auto; padding: 0 1; }
    UploadProgress ProgressBar { width: 100%; }
    UploadProgress #transfer-text { color: $text-muted; }
    """

    def __init__(self, monotonic: Callable[[], float] = time.monotonic, id: str | None = None):
        super().__init__(id=id)
        self.monotonic = monotonic
        self.started = 0.0
        self.drawn_at = 0.0
        self.sent = 0
        self.total = 0

    def compose(self) -> ComposeResult:
        yield ProgressBar(show_eta=False)
        yield Static("", id="transfer-text")

    def start(self, total: int) -> None:
        """A new transfer of `total` bytes begins now."""
        self.started = self.drawn_at = self.monotonic()
        self.sent, self.total = 0, total
        self.query_one(ProgressBar).update(total=max(total, 1), progress=0)
        self.query_one("#transfer-text", Static).update(describe_transfer(0, total, 0))

    def advance(self, sent: int, total: int) -> None:
        """Bytes sent so far (the transfer's progress callback)."""
        self.sent, self.total = sent, total
        now = self.monotonic()
        if sent < total and now - self.drawn_at < REDRAW_SECONDS:
            return
        self.drawn_at = now
        self.query_one(ProgressBar).update(total=max(total, 1), progress=sent)
        text = describe_transfer(sent, total, now - self.started)
        self.query_one("#transfer-text", Static).update(text)

    def say(self, text: str) -> None:
        """Replace the numbers with a message (done, cancelled, failed)."""
        if self.is_attached:  # the screen may be closing, which is what cancelled the upload
            self.query_one("#transfer-text", Static).update(text)

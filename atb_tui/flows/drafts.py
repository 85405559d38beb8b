"""Autosave of a draft without stalling the typing: debounced, written off the event loop.

Writing a draft is an atomic write with fsync (about 10 ms on a laptop disk, far more on a
busy network home directory). Doing that on the UI loop for every keystroke made typing lag,
so a `DraftWriter` keeps only the newest state, writes it once the user pauses for `delay`
seconds, in a single background thread (so writes land in the order they were made), and
`flush()` writes whatever is pending at once when the user leaves or saves. A hard crash can
lose at most the last `delay` seconds of typing; leaving, quitting and saving lose nothing.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from atb_tui.storage.drafts import DraftStore
from atb_tui.storage.errors import StorageError

AUTOSAVE_DELAY = 0.4  # seconds of no typing before the draft is written


@dataclass(frozen=True)
class _Pending:
    """The newest state to write: the draft's data, or None to delete it."""

    data: Mapping[str, Any] | None


class DraftWriter:
    """Debounced, ordered, off-loop writes of one draft key.

    `report` is called on the event loop with a one-line message when a write fails.
    """

    def __init__(
        self,
        store: DraftStore,
        key: str,
        report: Callable[[str], None],
        *,
        delay: float = AUTOSAVE_DELAY,
    ) -> None:
        self.store = store
        self.key = key
        self._report = report
        self._delay = delay
        self._pending: _Pending | None = None
        self._timer: asyncio.TimerHandle | None = None
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="atb-draft")
        self._last: Future[str | None] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None  # where failures are reported

    def save_later(self, data: Mapping[str, Any]) -> None:
        """Write `data` once the user pauses (replacing any state not yet written)."""
        self._schedule(_Pending(dict(data)))

    def delete_later(self) -> None:
        """Delete the draft once the user pauses (nothing is left to keep)."""
        self._schedule(_Pending(None))

    def flush(self) -> None:
        """Write what is pending now and wait for every write to finish (leaving, saving)."""
        self._cancel_timer()
        self._submit()
        if self._last is not None:
            self._last.result()
            self._last = None

    def close(self) -> None:
        """Flush, then stop the background thread."""
        self.flush()
        self._executor.shutdown(wait=True)

    def _schedule(self, pending: _Pending) -> None:
        self._pending = pending
        self._cancel_timer()
        self._loop = asyncio.get_running_loop()
        self._timer = self._loop.call_later(self._delay, self._submit)

    def _cancel_timer(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _submit(self) -> None:
        pending, self._pending = self._pending, None
        self._timer = None
        if pending is None:
            return
        future = self._executor.submit(self._write, pending)
        future.add_done_callback(self._done)
        self._last = future

    def _write(self, pending: _Pending) -> str | None:
        """In the writer's thread: the write itself; a failure becomes a message."""
        try:
            if pending.data is None:
                self.store.delete(self.key)
            else:
                self.store.save(self.key, pending.data)
        except StorageError as error:
            return f"Your draft could not be saved: {error}"
        return None

    def _done(self, future: Future[str | None]) -> None:
        """In the writer's thread: hand a failure to the event loop that scheduled the write."""
        message = future.result()
        if message is None or self._loop is None:
            return
        # RuntimeError: the loop is gone (the app ended), so nobody is left to tell.
        with contextlib.suppress(RuntimeError):
            self._loop.call_soon_threadsafe(self._report, message)

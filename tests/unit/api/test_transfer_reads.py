"""Upload reads: on the event loop while the disk is fast, in a worker thread once it is slow."""

from __future__ import annotations

import io
import threading

import pytest

from atb_tui.api import _transfer
from atb_tui.api._transfer import CHUNK_SIZE


class RecordingFile(io.BytesIO):
    """A file that notes which thread served each read."""

    def __init__(self, size: int) -> None:
        super().__init__(bytes(size))
        self.threads: list[int] = []

    def read(self, size: int | None = -1, /) -> bytes:
        self.threads.append(threading.get_ident())
        return super().read(size)


async def _read_all(handle: RecordingFile) -> int:
    read = _transfer._adaptive_reader(handle)
    total = 0
    while chunk := await read():
        total += len(chunk)
    return total


async def test_fast_reads_stay_on_the_event_loop(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_transfer, "SLOW_READ_S", float("inf"))
    handle = RecordingFile(3 * CHUNK_SIZE + 5)

    assert await _read_all(handle) == 3 * CHUNK_SIZE + 5
    assert set(handle.threads) == {threading.get_ident()}


async def test_after_one_slow_read_the_rest_run_in_a_thread(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(_transfer, "SLOW_READ_S", -1.0)  # every read counts as slow
    handle = RecordingFile(3 * CHUNK_SIZE)
    loop_thread = threading.get_ident()

    assert await _read_all(handle) == 3 * CHUNK_SIZE
    assert handle.threads[0] == loop_thread  # the first read finds out the disk is slow
    assert loop_thread not in handle.threads[1:]
    assert len(handle.threads) == 4  # three chunks and the empty read at the end

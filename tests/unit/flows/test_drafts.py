"""DraftWriter: typing writes the draft once per pause, off the loop, and leaving loses nothing."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from atb_tui.flows.drafts import DraftWriter
from atb_tui.storage.drafts import Draft, DraftStore
from atb_tui.storage.errors import StorageError

KEY = "instructions/sandbox/b1"


async def signalled(event: asyncio.Event) -> None:
    """Until `event` is set (10 s at most, so a writer that never writes fails the test)."""
    async with asyncio.timeout(10):
        await event.wait()


class CountingStore(DraftStore):
    """A real store that also records which thread wrote what."""

    def __init__(self, root: Path) -> None:
        super().__init__(root)
        self.writes: list[tuple[str, dict[str, Any]]] = []
        self.saved = asyncio.Event()  # set on the loop once a write has landed
        self._loop = asyncio.get_running_loop()

    def save(self, key: str, data: Mapping[str, Any]) -> Draft:
        self.writes.append((threading.current_thread().name, dict(data)))
        draft = super().save(key, data)
        self._loop.call_soon_threadsafe(self.saved.set)  # saves run in the writer's thread
        return draft


async def test_a_burst_of_edits_is_written_once_after_the_pause(tmp_path: Path) -> None:
    store = CountingStore(tmp_path)
    writer = DraftWriter(store, KEY, lambda message: None, delay=0.01)
    for n in range(20):
        writer.save_later({"text": "x" * n})
    assert store.writes == []  # nothing on the loop while typing
    writer.flush()
    assert [data for _, data in store.writes] == [{"text": "x" * 19}]
    assert store.writes[0][0].startswith("atb-draft")  # written in the writer's thread
    loaded = store.load(KEY)
    assert loaded is not None
    assert loaded.data == {"text": "x" * 19}
    writer.close()


async def test_the_pause_alone_writes_the_draft(tmp_path: Path) -> None:
    store = CountingStore(tmp_path)
    writer = DraftWriter(store, KEY, lambda message: None, delay=0.01)
    writer.save_later({"text": "kept"})
    await signalled(store.saved)  # the timer fired and the write landed
    assert store.load(KEY) is not None
    writer.close()
    assert [data for _, data in store.writes] == [{"text": "kept"}]


async def test_flush_on_leaving_keeps_the_last_keystroke(tmp_path: Path) -> None:
    store = DraftStore(tmp_path)
    writer = DraftWriter(store, KEY, lambda message: None, delay=3600)  # the pause never ends
    writer.save_later({"text": "first"})
    writer.save_later({"text": "last"})
    writer.close()  # leaving the screen
    loaded = store.load(KEY)
    assert loaded is not None
    assert loaded.data == {"text": "last"}


async def test_delete_later_removes_a_saved_draft_in_order(tmp_path: Path) -> None:
    store = DraftStore(tmp_path)
    writer = DraftWriter(store, KEY, lambda message: None, delay=3600)
    writer.save_later({"text": "typed"})
    writer.flush()
    writer.delete_later()
    writer.flush()
    assert store.load(KEY) is None
    writer.close()


async def test_a_failed_write_is_reported_on_the_loop(tmp_path: Path) -> None:
    class FullDisk(DraftStore):
        def save(self, key: str, data: Mapping[str, Any]) -> Draft:
            raise StorageError("could not save the draft: no space left on device")

    messages: list[tuple[str, bool]] = []
    reported = asyncio.Event()
    loop_thread = threading.current_thread()

    def report(message: str) -> None:
        messages.append((message, threading.current_thread() is loop_thread))
        reported.set()

    writer = DraftWriter(FullDisk(tmp_path), KEY, report, delay=0.01)
    writer.save_later({"text": "x"})
    writer.flush()
    await signalled(reported)
    assert messages == [
        ("Your draft could not be saved: could not save the draft: no space left on device", True)
    ]
    writer.close()

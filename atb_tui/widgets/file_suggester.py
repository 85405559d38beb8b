"""Path completion for file inputs: type the start of a name, → accepts the rest.

Only directories and files with the wanted suffixes are offered; the directory is read off the
event loop so a slow network drive never freezes the screen.
"""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

from textual.suggester import Suggester


def complete_path(value: str, suffixes: tuple[str, ...]) -> str | None:
    """`value` completed to the first matching entry of its directory (folders end in '/')."""
    if not value:
        return None
    expanded = os.path.expanduser(value)
    folder, prefix = os.path.split(expanded)
    try:
        entries = sorted(os.scandir(folder or "."), key=lambda e: e.name)
    except OSError:
        return None
    for entry in entries:
        if not entry.name.startswith(prefix) or (entry.name.startswith(".") and not prefix):
            continue
        is_dir = entry.is_dir()
        if is_dir or Path(entry.name).suffix.lower() in suffixes:
            completed = entry.name + ("/" if is_dir else "")
            return value + completed[len(prefix) :]
    return None


class PathSuggester(Suggester):
    """Suggests completions for a local path (dataset files and folders)."""

    def __init__(self, suffixes: tuple[str, ...] = (".csv", ".jsonl", ".ndjson")) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.suffixes = suffixes

    async def get_suggestion(self, value: str) -> str | None:
        return await asyncio.to_thread(complete_path, value, self.suffixes)

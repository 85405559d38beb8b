"""Saving files the user asked for (batch reports, instruction exports) where they can find them.

- The default folder is the user's downloads folder (platformdirs), or `ATB_TUI_DOWNLOADS_DIR`;
  a relative name is taken inside it, never inside whatever folder the app was started from.
- Nothing is ever overwritten: a taken name gets a suffix (`report-2.csv`).
- Files are written under a temporary name and then linked into place, so a half-written file
  never carries the final name, and a file that appeared meanwhile is not replaced.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import platformdirs

from atb_tui.api import ProlificClient

Progress = Callable[[int, int], None]

DOWNLOADS_ENV = "ATB_TUI_DOWNLOADS_DIR"
MAX_SUFFIX = 1000


def downloads_dir() -> Path:
    """Where saved files go unless the user names another folder (created when missing, so
    the suggested path is always one that can be saved to)."""
    override = os.environ.get(DOWNLOADS_ENV)
    folder = Path(override).expanduser() if override else platformdirs.user_downloads_path()
    with contextlib.suppress(OSError):
        folder.mkdir(parents=True, exist_ok=True)
    return folder


def resolve(typed: str | Path, default_name: str) -> Path:
    """The file a typed answer means: relative to the downloads folder; a folder gets
    `default_name` inside it."""
    path = Path(typed).expanduser() if str(typed).strip() else Path(default_name)
    if not path.is_absolute():
        path = downloads_dir() / path
    return path / default_name if path.is_dir() else path


def free_path(wanted: Path) -> Path:
    """`wanted`, or the first `name-N.ext` next to it that does not exist yet."""
    if not wanted.exists():
        return wanted
    for number in range(2, MAX_SUFFIX):
        candidate = wanted.with_name(f"{wanted.stem}-{number}{wanted.suffix}")
        if not candidate.exists():
            return candidate
    raise FileExistsError(f"{wanted.parent} already holds {MAX_SUFFIX} files named {wanted.name}")


def place(temporary: Path, wanted: Path) -> Path:
    """Give the finished temporary file its final name without replacing anything."""
    for _ in range(MAX_SUFFIX):
        final = free_path(wanted)
        try:
            os.link(temporary, final)  # fails if `final` appeared since free_path looked
        except FileExistsError:
            continue
        except OSError:  # no hard links here (some network filesystems): check, then rename
            if final.exists():
                continue
            os.rename(temporary, final)
            return final
        temporary.unlink()
        return final
    raise FileExistsError(f"could not find a free name for {wanted}")


def save_text(wanted: Path, text: str) -> Path:
    """Write `text` to `wanted` (or a suffixed name); returns where it went."""
    wanted.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=".atb-", suffix=".part", dir=wanted.parent)
    temporary = Path(name)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        return place(temporary, wanted)
    finally:
        temporary.unlink(missing_ok=True)


async def save_report(
    client: ProlificClient, batch_id: str, wanted: Path, progress: Progress | None = None
) -> Path:
    """Download the batch's CSV report to `wanted` (or a suffixed name); returns where it went."""
    await asyncio.to_thread(wanted.parent.mkdir, parents=True, exist_ok=True)
    temporary = wanted.with_name(f".{wanted.name}.{os.getpid()}.download")
    try:
        await client.batches.download_report(batch_id, temporary, progress)
        return await asyncio.to_thread(place, temporary, wanted)
    finally:
        temporary.unlink(missing_ok=True)


def open_command(path: Path) -> list[str]:
    """The command that opens a file with the desktop's default program."""
    if sys.platform == "darwin":
        return ["open", str(path)]
    if sys.platform == "win32":
        return ["cmd", "/c", "start", "", str(path)]
    return ["xdg-open", str(path)]


def open_file(path: Path) -> str | None:
    """Open `path` for the user; returns why it could not be opened (e.g. over SSH), or None."""
    with contextlib.suppress(FileNotFoundError):
        subprocess.Popen(
            open_command(path),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        return None
    return f"No program to open files here; the file is at {path}."

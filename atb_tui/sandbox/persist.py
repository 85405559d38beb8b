"""Saving the world to a JSON state file and loading it back (``serve --state FILE``).

Writes are atomic (temporary file in the same directory, fsync, ``os.replace``), so a
crash never leaves half a file. A file that cannot be read is never deleted: it is
renamed ``<name>.corrupt-<timestamp>`` and the caller starts a fresh world, telling the
user where the old data went.
"""

from __future__ import annotations

import json
import os
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from atb_tui.sandbox.codec import StateFormatError, dump, load
from atb_tui.sandbox.world import FORMAT_VERSION, World

FORMAT_NAME = "atb-tui-sandbox-state"


class StateFileError(Exception):
    """The state file exists but cannot be used; the message explains what happened."""


def save_world(world: World, path: Path) -> None:
    """Write ``world`` to ``path`` atomically."""
    document = {"format": FORMAT_NAME, "version": FORMAT_VERSION, "world": dump(world)}
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            json.dump(document, stream, separators=(",", ":"))
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def load_world(path: Path) -> World:
    """Read a world saved by :func:`save_world`; :class:`StateFileError` if unusable."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise StateFileError(f"cannot read {path}: {exc}") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT_NAME:
        raise StateFileError(f"{path} is not an atb-tui sandbox state file")
    if document.get("version") != FORMAT_VERSION:
        raise StateFileError(
            f"{path} has state format version {document.get('version')!r}, "
            f"this atb-tui reads version {FORMAT_VERSION}"
        )
    try:
        return load(World, document.get("world"))
    except (StateFormatError, TypeError, ValueError) as exc:
        raise StateFileError(f"{path} does not contain a valid sandbox world: {exc}") from None


def quarantine(path: Path, now: datetime | None = None) -> Path:
    """Rename an unusable state file out of the way (never delete user data).

    Only a regular file is ever moved: `--state /tmp` once renamed the whole of /tmp."""
    if not path.is_file() or path.is_symlink():
        raise StateFileError(f"{path} is not a regular file; it was left alone")
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    counter = 1
    while target.exists():
        target = path.with_name(f"{path.name}.corrupt-{stamp}-{counter}")
        counter += 1
    os.replace(path, target)
    return target

"""Crash-safe file writes, and moving corrupt files aside instead of overwriting them.

A write goes to a temporary file in the same directory, is flushed and fsynced, gets its
final permissions and only then replaces the target with os.replace. A reader (or a second
app instance) therefore sees either the old file or the new one, never a torn mix; when two
instances write the same file at once the last writer wins.
"""

from __future__ import annotations

import contextlib
import logging
import os
import tempfile
from datetime import UTC, datetime
from pathlib import Path

PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600

logger = logging.getLogger(__name__)


def ensure_private_dir(path: Path) -> Path:
    """Create a directory (and parents) readable only by the user; existing ones are kept as is.

    Raises OSError when it cannot be created (for example a file is in the way).
    """
    missing = [path, *(parent for parent in path.parents if not parent.exists())]
    for directory in reversed(missing):  # parents too: mkdir(parents=True) would make them 0755
        if not directory.is_dir():
            directory.mkdir(mode=PRIVATE_DIR_MODE, exist_ok=True)
            os.chmod(directory, PRIVATE_DIR_MODE)  # mkdir's mode is filtered by the umask
    return path


def atomic_write_text(path: Path, text: str, *, mode: int = 0o644) -> None:
    """Replace `path` with `text` (UTF-8) atomically; see the module docstring. Raises OSError."""
    atomic_write_bytes(path, text.encode("utf-8"), mode=mode)


def atomic_write_bytes(path: Path, data: bytes, *, mode: int = 0o644) -> None:
    """Replace `path` with `data` atomically, creating the parent directory (0700) if needed."""
    ensure_private_dir(path.parent)
    temporary = _write_temporary(path, data, mode)
    try:
        os.replace(temporary, path)
    except BaseException:
        _remove_quietly(temporary)
        raise
    _fsync_directory(path.parent)


def create_exclusively(path: Path, text: str, *, mode: int = 0o644) -> bool:
    """Create `path` with `text` unless it already exists; True when this call created it.

    The content is complete before the name appears (hard link of a finished temp file),
    and an existing file is never touched, even if another process creates it meanwhile.
    """
    ensure_private_dir(path.parent)
    temporary = _write_temporary(path, text.encode("utf-8"), mode)
    try:
        os.link(temporary, path)
    except FileExistsError:
        return False
    finally:
        _remove_quietly(temporary)
    return True


def quarantine(path: Path, reason: str) -> Path:
    """Rename a corrupt file to `<name>.corrupt-<UTC timestamp>` and return the new path.

    The file is preserved byte for byte so nothing the user had is lost. Raises OSError
    (FileNotFoundError if another process moved it first).
    """
    target = _free_corrupt_name(path)
    os.rename(path, target)
    logger.warning("moved %s aside to %s: %s", path, target, reason)
    return target


def preserve_copy(path: Path, data: bytes, reason: str) -> Path:
    """Write `data` (the original bytes of `path`) next to it under a quarantine name."""
    target = _free_corrupt_name(path)
    atomic_write_bytes(target, data, mode=PRIVATE_FILE_MODE)
    logger.warning("kept a copy of %s as %s: %s", path, target, reason)
    return target


def _free_corrupt_name(path: Path) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    candidate = path.with_name(f"{path.name}.corrupt-{stamp}")
    counter = 1
    while candidate.exists():
        counter += 1
        candidate = path.with_name(f"{path.name}.corrupt-{stamp}-{counter}")
    return candidate


def _write_temporary(path: Path, data: bytes, mode: int) -> Path:
    # mkstemp creates the file 0600, so a secret is never readable by others, even briefly.
    descriptor, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    temporary = Path(name)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, mode)
    except BaseException:
        _remove_quietly(temporary)
        raise
    return temporary


def _fsync_directory(directory: Path) -> None:
    # Makes the rename itself durable on POSIX; not possible (nor needed) everywhere.
    flags = getattr(os, "O_DIRECTORY", None)
    if flags is None:
        return
    with contextlib.suppress(OSError):
        descriptor = os.open(directory, os.O_RDONLY | flags)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def _remove_quietly(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()

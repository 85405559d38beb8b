"""One app-owned JSON file with a format version: read defensively, written atomically.

Loading never raises and never overwrites what it cannot use:
- missing file: defaults;
- unreadable file (permissions, a directory in the way): defaults, and the store refuses to
  write until the user fixes it, so the file is not clobbered;
- not UTF-8, not JSON, wrong shape, no version: the file is moved aside (quarantine) and
  defaults are used;
- a newer format version (written by a newer atb-tui): defaults, file left untouched,
  writes refused;
- some entries unusable: a copy of the original is kept, the usable part is written back.
Each case adds a human message to `load_errors`.

Writes are read-modify-write on the latest file followed by an atomic replace, so several
app instances never corrupt a file; if two write at the same moment the last writer wins.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from atb_tui.storage.atomic import atomic_write_text, preserve_copy, quarantine
from atb_tui.storage.errors import StorageError, describe_os_error

T = TypeVar("T")
Signature = tuple[int, int, int]

logger = logging.getLogger(__name__)


class Corrupt(Exception):
    """The content cannot be used; the message completes the sentence "<file> …"."""


@dataclass(frozen=True)
class Parsed(Generic[T]):
    """What a parser made of a file: the usable value and descriptions of dropped entries."""

    value: T
    dropped: tuple[str, ...] = ()


class VersionedJsonFile(Generic[T]):
    """A JSON document `{"version": N, ...}` mapped to and from a value of type T."""

    def __init__(
        self,
        path: Path,
        *,
        version: int,
        parse: Callable[[dict[str, Any]], Parsed[T]],
        dump: Callable[[T], dict[str, Any]],
        empty: Callable[[], T],
        mode: int = 0o644,
    ) -> None:
        self.path = path
        self.version = version
        self.mode = mode
        self.load_errors: list[str] = []
        self.save_errors: list[str] = []
        self._parse, self._dump, self._empty = parse, dump, empty
        self._value: T = empty()
        self._signature: Signature | None = None
        self._loaded = False
        self._read_only_reason: str | None = None

    def __repr__(self) -> str:
        return f"{type(self).__name__}({str(self.path)!r}, version={self.version})"

    def get(self) -> T:
        """The current value, re-read when the file changed on disk (another instance)."""
        if not self._loaded or _signature(self.path) != self._signature:
            self._value = self._load()
            self._loaded = True
            self._signature = _signature(self.path)
        return self._value

    def update(self, change: Callable[[T], T], *, memory_fallback: bool = False) -> T:
        """Apply `change` to the latest value and save it.

        When saving is impossible, raises StorageError; with `memory_fallback` the change is
        kept in memory instead and the reason is added to `save_errors`.
        """
        value = change(self.get())
        try:
            self._save(value)
        except StorageError as error:
            if not memory_fallback:
                raise
            _add_once(self.save_errors, str(error))
        self._value = value
        return value

    def check_writable(self) -> None:
        """Raise StorageError now if a save would be refused (to avoid half-done changes)."""
        self.get()
        if self._read_only_reason is not None:
            raise StorageError(f"not saved: {self._read_only_reason}")

    def _save(self, value: T) -> None:
        if self._read_only_reason is not None:
            raise StorageError(f"not saved: {self._read_only_reason}")
        try:
            self._write(value)
        except OSError as error:
            reason = describe_os_error(error)
            raise StorageError(f"could not save {self.path}: {reason}") from error
        self._signature = _signature(self.path)

    def _write(self, value: T) -> None:
        document = {"version": self.version, **self._dump(value)}
        # ASCII escapes keep any odd character (even a lone surrogate) round-trippable.
        text = json.dumps(document, indent=2, ensure_ascii=True, allow_nan=False)
        atomic_write_text(self.path, text + "\n", mode=self.mode)

    def _load(self) -> T:
        self._read_only_reason = None
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return self._empty()
        except OSError as error:
            return self._refuse(f"{self.path} cannot be read ({describe_os_error(error)})")
        try:
            parsed = self._decode(raw)
        except Corrupt as problem:
            return self._set_aside(str(problem))
        if parsed is None:
            return self._empty()
        if parsed.dropped:
            self._salvage(raw, parsed)
        return parsed.value

    def _decode(self, raw: bytes) -> Parsed[T] | None:
        document = decode_document(raw)
        version = document["version"]
        if version > self.version:
            self._refuse(
                f"{self.path} was written by a newer atb-tui (format {version}; "
                f"this version reads format {self.version})"
            )
            return None
        return self._parse(document)

    def _refuse(self, reason: str) -> T:
        self._read_only_reason = f"{reason}; it is left untouched"
        self._note(f"{reason}; using defaults and leaving the file untouched")
        return self._empty()

    def _set_aside(self, problem: str) -> T:
        try:
            moved = quarantine(self.path, problem)
        except FileNotFoundError:
            return self._empty()  # another instance moved it aside and told its user
        except OSError as error:
            reason = describe_os_error(error)
            return self._refuse(f"{self.path} {problem} and could not be moved aside ({reason})")
        self._note(f"{self.path.name} {problem}; it was moved to {moved} and defaults are used")
        return self._empty()

    def _salvage(self, raw: bytes, parsed: Parsed[T]) -> None:
        summary = "; ".join(parsed.dropped[:3]) + ("; …" if len(parsed.dropped) > 3 else "")
        count = len(parsed.dropped)
        try:
            backup = preserve_copy(self.path, raw, f"{count} unreadable entries")
            self._write(parsed.value)
        except OSError as error:
            self._refuse(
                f"{self.path} has unreadable entries ({summary}) and could not be "
                f"repaired ({describe_os_error(error)})"
            )
            return
        self._note(
            f"{self.path.name}: dropped {count} unreadable "
            f"{'entry' if count == 1 else 'entries'} ({summary}); "
            f"the original file was kept as {backup}"
        )

    def _note(self, message: str) -> None:
        logger.warning("%s", message)
        _add_once(self.load_errors, message)


def decode_document(raw: bytes) -> dict[str, Any]:
    """Bytes to a JSON object with a positive integer "version"; raises Corrupt otherwise."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise Corrupt(f"is not valid UTF-8 (byte {error.start})") from error
    if not text.strip():
        raise Corrupt("is empty")
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise Corrupt(
            f"is not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})"
        ) from error
    except (ValueError, RecursionError) as error:  # e.g. a 5,000-digit number, deep nesting
        raise Corrupt("is not JSON this app can read") from error
    if not isinstance(document, dict):
        raise Corrupt(f"should hold a JSON object but holds {json_type(document)}")
    version = document.get("version")
    if type(version) is not int or version < 1:
        raise Corrupt("has no valid format version")
    return document


def json_type(value: object) -> str:
    """The JSON name of a decoded value's type, for messages."""
    names = {
        dict: "an object",
        list: "a list",
        str: "a string",
        bool: "true/false",
        int: "a number",
        float: "a number",
        type(None): "null",
    }
    return names.get(type(value), type(value).__name__)


def _signature(path: Path) -> Signature | None:
    try:
        status = path.stat()
    except OSError:
        return None
    return (status.st_mtime_ns, status.st_size, status.st_ino)


def _add_once(messages: list[str], message: str) -> None:
    if message not in messages:
        messages.append(message)

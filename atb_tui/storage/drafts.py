"""Local autosave of anything the user typed: instruction drafts, study forms.

One JSON file per draft in drafts/, named from the key (readable prefix + hash, so any key
is a safe file name and keys differing only in case never collide). Each file is versioned
and written atomically (0600: drafts are the user's unpublished work). A corrupt draft is
moved aside, never overwritten, and reported in `load_errors`.
"""

from __future__ import annotations

import json
import urllib.parse
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from atb_tui.storage.atomic import PRIVATE_FILE_MODE, atomic_write_text, quarantine
from atb_tui.storage.errors import StorageError, describe_os_error
from atb_tui.storage.jsonfile import Corrupt, decode_document
from atb_tui.storage.paths import DRAFTS_DIR, config_dir_path

DRAFT_FORMAT = 1
MAX_KEY_LENGTH = 1000
_SUFFIX = ".json"

Clock = Callable[[], datetime]


@dataclass(frozen=True)
class Draft:
    """What the user had typed under `key`, and when it was saved (ISO 8601, UTC)."""

    key: str
    data: dict[str, Any]
    saved_at: str


class DraftStore:
    """Autosaved drafts, keyed like "instructions/<profile>/<batch_id>"."""

    def __init__(self, root: Path | None = None, *, clock: Clock | None = None) -> None:
        self.root = config_dir_path() if root is None else root
        self.directory = self.root / DRAFTS_DIR
        self.load_errors: list[str] = []
        self._clock = clock or (lambda: datetime.now(UTC))

    def __repr__(self) -> str:
        return f"DraftStore(root={str(self.root)!r})"

    def save(self, key: str, data: Mapping[str, Any]) -> Draft:
        """Save (replace) the draft atomically. Raises StorageError if it cannot be saved."""
        path = self._path(key)
        self._read(path, key)  # a corrupt file under this name is moved aside, not overwritten
        draft = Draft(key, dict(data), self._clock().isoformat(timespec="seconds"))
        document = {
            "version": DRAFT_FORMAT,
            "key": key,
            "saved_at": draft.saved_at,
            "data": draft.data,
        }
        try:
            text = json.dumps(document, indent=1, ensure_ascii=True, allow_nan=False)
        except (TypeError, ValueError) as error:
            raise StorageError(f"the draft {key!r} cannot be saved: {error}") from error
        try:
            atomic_write_text(path, text + "\n", mode=PRIVATE_FILE_MODE)
        except OSError as error:
            reason = describe_os_error(error)
            raise StorageError(f"could not save the draft {key!r}: {reason}") from error
        return draft

    def load(self, key: str) -> Draft | None:
        """The saved draft, or None if there is none or it was unusable (see load_errors)."""
        return self._read(self._path(key), key)

    def delete(self, key: str) -> None:
        """Discard the draft (after a successful save to the API, or by the user)."""
        try:
            self._path(key).unlink(missing_ok=True)
        except OSError as error:
            reason = describe_os_error(error)
            raise StorageError(f"could not delete the draft {key!r}: {reason}") from error

    def keys(self, prefix: str = "") -> list[str]:
        """Keys of the readable drafts starting with `prefix`, sorted."""
        try:
            paths = sorted(self.directory.glob(f"*{_SUFFIX}"))
        except OSError:
            return []
        drafts = (self._read(path, None) for path in paths if not path.name.startswith("."))
        return sorted(d.key for d in drafts if d is not None and d.key.startswith(prefix))

    def _path(self, key: str) -> Path:
        if not isinstance(key, str) or not key or len(key) > MAX_KEY_LENGTH:
            raise StorageError(f"a draft key is 1 to {MAX_KEY_LENGTH} characters of text")
        encoded = key.encode("utf-8", "surrogatepass")
        readable = urllib.parse.quote(encoded, safe="-_.")[:80]
        import hashlib  # loads OpenSSL: only when a draft is saved, not at start-up

        digest = hashlib.sha256(encoded).hexdigest()[:16]
        return self.directory / f"{readable}~{digest}{_SUFFIX}"

    def _read(self, path: Path, key: str | None) -> Draft | None:
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as error:
            self._note(f"the draft file {path} cannot be read ({describe_os_error(error)})")
            return None
        try:
            return _draft_from(raw, key)
        except Corrupt as problem:
            self._set_aside(path, str(problem))
            return None

    def _set_aside(self, path: Path, problem: str) -> None:
        try:
            moved = quarantine(path, problem)
        except FileNotFoundError:
            return
        except OSError as error:
            reason = describe_os_error(error)
            raise StorageError(
                f"the draft file {path} {problem} and could not be moved aside "
                f"({reason}); move it away by hand"
            ) from error
        self._note(f"the draft {path.name} {problem}; it was moved to {moved}")

    def _note(self, message: str) -> None:
        if message not in self.load_errors:
            self.load_errors.append(message)


def _draft_from(raw: bytes, expected_key: str | None) -> Draft:
    document = decode_document(raw)
    if document["version"] > DRAFT_FORMAT:
        raise Corrupt(f"was saved by a newer atb-tui (format {document['version']})")
    key, data, saved_at = document.get("key"), document.get("data"), document.get("saved_at")
    if not isinstance(key, str) or not isinstance(data, dict) or not isinstance(saved_at, str):
        raise Corrupt("lacks its key, data or time of saving")
    if expected_key is not None and key != expected_key:
        raise Corrupt("holds a draft for a different key")
    return Draft(key, data, saved_at)

"""Token files: one per profile in tokens/<name>, mode 0600, directory 0700.

Tokens are read from disk when asked for and never kept on an object, so no repr, pickle or
debugger view of a store can show one. Every token read or written is registered with the
log redactor.
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

from atb_tui.storage.atomic import (
    PRIVATE_DIR_MODE,
    PRIVATE_FILE_MODE,
    atomic_write_text,
    ensure_private_dir,
)
from atb_tui.storage.errors import StorageError, describe_os_error
from atb_tui.storage.logging_setup import register_secret

MAX_TOKEN_LENGTH = 4096


def clean_token(token: str) -> str:
    """The token without surrounding whitespace; StorageError if it cannot be one.

    Messages never quote the token.
    """
    cleaned = token.strip()
    if not cleaned:
        raise StorageError("the token is empty; paste the token from Prolific's settings")
    if any(character.isspace() for character in cleaned):
        raise StorageError("the token contains spaces or line breaks; paste only the token")
    if not cleaned.isascii() or not cleaned.isprintable():
        raise StorageError("the token contains characters a Prolific token never has")
    if len(cleaned) > MAX_TOKEN_LENGTH:
        raise StorageError("that is far too long to be a Prolific token")
    return cleaned


class TokenFiles:
    """Reads and writes the per-profile token files under one directory."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.errors: list[str] = []

    def __repr__(self) -> str:
        return f"TokenFiles({str(self.directory)!r})"

    def write(self, name: str, token: str) -> None:
        """Store the token for profile `name` (0600, atomically). Raises StorageError."""
        cleaned = clean_token(token)
        register_secret(cleaned)
        try:
            ensure_private_dir(self.directory)
            os.chmod(self.directory, PRIVATE_DIR_MODE)
            atomic_write_text(self.directory / name, cleaned + "\n", mode=PRIVATE_FILE_MODE)
        except OSError as error:
            reason = describe_os_error(error)
            raise StorageError(
                f"could not save the token for profile {name!r}: {reason}"
            ) from error

    def read(self, name: str) -> str | None:
        """The stored token, or None when there is none or it cannot be read (see errors)."""
        path = self.directory / name
        try:
            token = path.read_bytes().decode("utf-8").strip()
        except FileNotFoundError:
            return None
        except (OSError, UnicodeDecodeError) as error:
            self._note(
                f"the token file for profile {name!r} ({path}) cannot be read: {_reason(error)}"
            )
            return None
        if not token:
            self._note(f"the token file for profile {name!r} ({path}) is empty")
            return None
        try:
            token = clean_token(token)
        except StorageError as error:
            self._note(f"the token file for profile {name!r} ({path}) is unusable: {error}")
            return None
        self._tighten(path, name)
        register_secret(token)
        return token

    def remove(self, name: str) -> None:
        """Delete the token file; a missing one is fine. Raises StorageError on failure."""
        try:
            (self.directory / name).unlink(missing_ok=True)
        except OSError as error:
            reason = describe_os_error(error)
            raise StorageError(
                f"could not remove the token for profile {name!r}: {reason}"
            ) from error

    def _tighten(self, path: Path, name: str) -> None:
        # A token copied in by hand may be world-readable; ssh refuses such keys, we repair it.
        if os.name == "nt":
            return
        with contextlib.suppress(OSError):
            if stat.S_IMODE(path.stat().st_mode) & 0o077:
                os.chmod(path, PRIVATE_FILE_MODE)
                self._note(
                    f"the token file for profile {name!r} was readable by other users; "
                    "its permissions were set to 0600"
                )

    def _note(self, message: str) -> None:
        if message not in self.errors:
            self.errors.append(message)


def _reason(error: OSError | UnicodeDecodeError) -> str:
    if isinstance(error, UnicodeDecodeError):
        return "it is not UTF-8 text"
    return describe_os_error(error)

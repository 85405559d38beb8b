"""The one exception storage raises: a human message, never a secret."""

from __future__ import annotations


class StorageError(ValueError):
    """A storage problem the user can understand and act on (bad name, unwritable file, …).

    It subclasses ValueError so validation failures read naturally in forms. Messages name
    files and profiles but never contain a token.
    """

    title = "Storage problem"


def describe_os_error(error: OSError) -> str:
    """A short reason for an OS error, without Python's class names ("Permission denied")."""
    return error.strerror or str(error) or type(error).__name__

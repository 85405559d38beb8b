"""File checks for storage tests: permission bits, and every file below a folder."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

posix_only = pytest.mark.skipif(os.name == "nt", reason="POSIX permission bits")


def mode_of(path: Path) -> int:
    """The permission bits of a file or directory."""
    return stat.S_IMODE(path.stat().st_mode)


def files_under(root: Path) -> dict[str, bytes]:
    """Every file below root (relative name -> bytes), to check nothing was lost."""
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}

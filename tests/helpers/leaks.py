"""Where a token could leak, and a scanner that looks in every one of those places.

After a run the scanner reads every file under the given roots (logs, settings, state,
drafts, crash reports, exports, downloads; the token file itself is the one place the token
belongs), the snapshot SVGs, what the screen shows and every message the user saw.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from pathlib import Path

from atb_tui.sandbox import Sandbox

SNAPSHOTS = Path(__file__).resolve().parents[1] / "snapshots" / "__snapshots__"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"


def distinctive_token() -> str:
    """A token no other text will contain by chance."""
    return f"proof-{secrets.token_hex(16)}"


def files_under(*roots: Path) -> list[Path]:
    """Every regular file below the roots (missing roots are skipped)."""
    found = {p for root in roots if root.exists() for p in root.rglob("*") if p.is_file()}
    return sorted(found)


def files_with(token: str, paths: Iterable[Path], allowed: Iterable[Path] = ()) -> list[Path]:
    """The files (other than `allowed`) whose bytes contain the token."""
    needle, keep = token.encode(), {p.resolve() for p in allowed}
    return [p for p in paths if p.resolve() not in keep and needle in p.read_bytes()]


def texts_with(token: str, texts: Iterable[str]) -> list[str]:
    """The texts that contain the token."""
    return [text for text in texts if token in text]


def presigned_with_authorization(sandbox: Sandbox) -> list[str]:
    """Requests to presigned (storage) URLs that carried an Authorization header."""
    return [
        f"{r.method} {r.path}"
        for r in sandbox.request_log
        if r.path.startswith("/presigned") and "authorization" in r.headers
    ]


def presigned_requests(sandbox: Sandbox) -> list[str]:
    """Every request the sandbox received on a presigned (storage) URL."""
    return [f"{r.method} {r.path}" for r in sandbox.request_log if r.path.startswith("/presigned")]

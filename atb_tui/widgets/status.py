"""Coloured status words, the same everywhere (tables, details, monitor)."""

from __future__ import annotations

from rich.text import Text

STYLES = {
    "READY": "bold green",
    "COMPLETED": "green",
    "ACTIVE": "bold cyan",
    "PROCESSING": "yellow",
    "PUBLISHING": "yellow",
    "SCHEDULED": "yellow",
    "AWAITING REVIEW": "magenta",
    "PAUSED": "yellow",
    "UNINITIALISED": "dim",
    "UNPUBLISHED": "dim",
    "ERROR": "bold red",
    "FAILED": "bold red",
}


def status_text(status: str | None) -> Text:
    """A status as coloured text; unknown statuses show as they came."""
    word = (status or "UNKNOWN").upper()
    return Text(word, style=STYLES.get(word, ""))

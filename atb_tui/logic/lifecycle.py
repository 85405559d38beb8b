"""Where an item is in its lifecycle, for `atb-tui watch --until STATE`.

A state is *reached* when the item is at it or past it: a study that went straight from
ACTIVE to COMPLETED between two polls has passed AWAITING REVIEW, and a batch that is READY has
been PROCESSING. ERROR fails a batch or dataset; a study has no failed state (one stopped early
is COMPLETED, which is past every other). Pure functions: no I/O.
"""

from __future__ import annotations

from enum import Enum

LIFECYCLES: dict[str, tuple[str, ...]] = {
    "batch": ("UNINITIALISED", "PROCESSING", "READY"),
    "dataset": ("UNINITIALISED", "PROCESSING", "READY"),
    "study": ("UNPUBLISHED", "SCHEDULED", "PUBLISHING", "ACTIVE", "AWAITING REVIEW", "COMPLETED"),
}
# A paused study is still collecting: it ranks with ACTIVE.
SAME_RANK = {"PAUSED": "ACTIVE"}
DEFAULT_UNTIL = {"batch": "READY", "dataset": "READY", "study": "AWAITING REVIEW"}
FAILED = {"batch": frozenset({"ERROR"}), "dataset": frozenset({"ERROR"})}


class Outcome(Enum):
    """What one observed status means for the wait."""

    WAITING = "waiting"
    REACHED = "reached"
    FAILED = "failed"


class UnknownState(ValueError):
    """A --until this kind of item never has; the message lists the ones it does."""


def normalise_state(kind: str, text: str | None) -> str:
    """The state named by `text` (any case; `_` or `-` for spaces), or the kind's default."""
    if text is None or not text.strip():
        return DEFAULT_UNTIL[kind]
    wanted = " ".join(text.replace("_", " ").replace("-", " ").upper().split())
    if wanted in LIFECYCLES[kind]:
        return wanted
    valid = ", ".join(state.replace(" ", "_") for state in LIFECYCLES[kind])
    raise UnknownState(f"a {kind} is never {text.strip()!r}: use one of {valid}")


def rank(kind: str, status: str) -> int | None:
    """The status's place in the kind's lifecycle (None for one off it, like ERROR)."""
    states = LIFECYCLES[kind]
    status = SAME_RANK.get(status, status)
    return states.index(status) if status in states else None


def outcome(kind: str, status: str, until: str) -> Outcome:
    """Whether `status` reaches `until`, fails, or means keep waiting."""
    if status in FAILED.get(kind, ()):
        return Outcome.FAILED
    here, target = rank(kind, status), rank(kind, until)
    if here is not None and target is not None and here >= target:
        return Outcome.REACHED
    return Outcome.WAITING

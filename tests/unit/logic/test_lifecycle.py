"""`watch --until`: at or past a state in the item's lifecycle, ERROR fails."""

from __future__ import annotations

import pytest

from atb_tui.logic.lifecycle import Outcome, UnknownState, normalise_state, outcome


@pytest.mark.parametrize(
    ("kind", "status", "until", "expected"),
    [
        ("batch", "PROCESSING", "READY", Outcome.WAITING),
        ("batch", "READY", "READY", Outcome.REACHED),
        ("batch", "READY", "PROCESSING", Outcome.REACHED),
        ("batch", "ERROR", "READY", Outcome.FAILED),
        ("dataset", "ERROR", "PROCESSING", Outcome.FAILED),
        ("dataset", "EMPTY", "READY", Outcome.WAITING),
        ("study", "ACTIVE", "AWAITING REVIEW", Outcome.WAITING),
        ("study", "PAUSED", "ACTIVE", Outcome.REACHED),
        ("study", "COMPLETED", "AWAITING REVIEW", Outcome.REACHED),
        ("study", "UNPUBLISHED", "ACTIVE", Outcome.WAITING),
    ],
)
def test_outcome(kind: str, status: str, until: str, expected: Outcome) -> None:
    assert outcome(kind, status, until) is expected


def test_states_are_read_loosely_and_default_by_kind() -> None:
    assert normalise_state("study", " awaiting_review ") == "AWAITING REVIEW"
    assert normalise_state("study", "Awaiting-Review") == "AWAITING REVIEW"
    assert normalise_state("study", None) == "AWAITING REVIEW"
    assert normalise_state("batch", "") == "READY"


def test_an_unknown_state_lists_the_kinds_states() -> None:
    with pytest.raises(UnknownState, match="a batch is never 'COMPLETED': use one of UNINIT"):
        normalise_state("batch", "COMPLETED")

"""The review's selection, filter, sort and summary words (no UI, no API)."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest

from atb_tui.api.models.studies import Submission
from atb_tui.flows.review_evidence import Evidence
from atb_tui.logic.filter_lang import FilterError
from atb_tui.views import submissions as view
from atb_tui.views.responses.participants import ParticipantRow
from atb_tui.views.review_selection import ReviewSelection, filter_count, flag_warnings, who

NOW = datetime(2026, 11, 23, 9, tzinfo=UTC)


def _submission(number: int, status: str = "AWAITING REVIEW") -> Submission:
    done = NOW - timedelta(days=1)
    return Submission(id=f"s{number}", participant_id=f"p{number}", status=status,
                      started_at=done - timedelta(minutes=number), completed_at=done)  # fmt: skip


SUBMISSIONS = [_submission(1), _submission(2), _submission(3, "APPROVED"), _submission(4)]
EVIDENCE = Evidence(
    Counter({"s1": 5, "s2": 5, "s3": 4, "s4": 5}),
    {"p1": ParticipantRow("p1", agreement=0.9),
     "p2": ParticipantRow("p2", agreement=0.3, flags=["fast"]),
     "p4": ParticipantRow("p4", agreement=0.8)},
    note="figures from 19 responses",
)  # fmt: skip


def _review(*, evidence: bool = True) -> ReviewSelection:
    review = ReviewSelection()
    if evidence:
        review.use_evidence(EVIDENCE)
    review.rebuild(SUBMISSIONS, NOW)
    return review


def test_only_awaiting_submissions_can_be_selected() -> None:
    review = _review()
    approved = review.line_at(2)
    assert approved is not None
    problem = review.toggle(approved)
    assert problem is not None
    assert "APPROVED" in problem
    assert review.selected == set()
    first = review.line_at(0)
    assert first is not None
    assert review.toggle(first) is None
    assert review.selected == {"s1"}
    assert review.toggle(first) is None
    assert review.selected == set(), "a second toggle unselects"
    assert review.line_at(99) is None


def test_a_submission_reviewed_meanwhile_leaves_the_selection() -> None:
    review = _review()
    review.selected |= {"s1", "s2"}
    review.rebuild([_submission(1, "APPROVED"), *SUBMISSIONS[1:]], NOW)
    assert review.selected == {"s2"}


def test_suggestion_waits_for_the_figures_and_holds_back_the_flagged() -> None:
    assert _review(evidence=False).suggest() is None
    review = _review()
    plan = review.suggest()
    assert plan is not None
    assert review.selected == {"s1", "s4"}
    note = review.suggestion_note(plan)
    assert "Selected 2 not flagged; held back 1 flagged" in note


def test_targets_are_the_selection_or_else_the_awaiting_line_under_the_cursor() -> None:
    review = _review()
    assert [line.id for line in review.targets(1)] == ["s2"]
    assert review.targets(2) == [], "the cursor is on an approved one"
    review.selected |= {"s4", "s1"}
    assert [line.id for line in review.targets(2)] == ["s1", "s4"], "in the table's order"
    assert who(review.targets(0)) == "2 submissions"
    assert who([review.lines[0]]) == "the submission of participant p1"
    assert flag_warnings(review.lines) == ["⚠ p2 is flagged: fast"]


def test_filter_and_sort_pick_the_shown_lines() -> None:
    review = _review()
    review.use_filter(view.parse("status:awaiting"), "  status:awaiting ")
    assert [line.id for line in review.pick_shown()] == ["s1", "s2", "s4"]
    assert review.query_text == "status:awaiting"
    assert review.empty_message == "Nothing matches the filter."
    assert review.sort_by("participant") is False
    assert review.sort_by("participant") is True, "the same column again: descending"
    assert [line.id for line in review.pick_shown()] == ["s4", "s2", "s1"]
    assert filter_count(review.lines, "flag:fast") == "1 of 4 match (Enter applies)"
    with pytest.raises(FilterError):
        filter_count(review.lines, "agree<<")


def test_summary_counts_the_flagged_and_the_selection_unless_read_only() -> None:
    review = _review()
    review.selected.add("s1")
    summary = review.summary(read_only=False)
    assert summary.counts == ["4 submissions", "3 awaiting review", "1 of them flagged"]
    assert summary.selected == "1 selected"
    assert summary.notes[0] == "figures from 19 responses"
    assert any("auto-approved by Prolific in" in note for note in summary.notes)
    assert review.summary(read_only=True).selected is None
    loading = _review(evidence=False).summary(read_only=False)
    assert loading.counts == ["4 submissions", "3 awaiting review"]
    assert loading.notes[0] == "Loading responses…"
    assert review.participants()["s2"] == "p2"

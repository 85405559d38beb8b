"""The review table's lines, filter, sort and cells (no UI, no API)."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest

from atb_tui.api.models.studies import Submission
from atb_tui.flows.review_evidence import Evidence
from atb_tui.logic.filter_lang import FilterError
from atb_tui.views import submissions as view
from atb_tui.views.responses.participants import ParticipantRow

NOW = datetime(2026, 11, 23, 9, tzinfo=UTC)


def _submission(number: int, status: str = "AWAITING REVIEW", days_ago: float = 1) -> Submission:
    done = NOW - timedelta(days=days_ago)
    return Submission(
        id=f"s{number}",
        participant_id=f"p{number}",
        status=status,
        started_at=done - timedelta(minutes=number),
        completed_at=done,
    )


def _lines() -> list[view.ReviewLine]:
    items = [
        _submission(1),
        _submission(2, days_ago=19.5),
        _submission(3, status="APPROVED"),
        _submission(4),
    ]
    evidence = Evidence(
        Counter({"s1": 5, "s2": 5, "s3": 4}),
        {
            "p1": ParticipantRow("p1", agreement=0.9),
            "p2": ParticipantRow("p2", agreement=0.3, flags=["fast", "low agreement"]),
            "p3": ParticipantRow("p3", agreement=0.8, flags=["same answer"]),
        },
    )
    return view.build_lines(items, evidence, NOW)


def _ids(lines: list[view.ReviewLine]) -> list[str]:
    return [line.id for line in lines]


def test_lines_carry_counts_figures_and_days_left() -> None:
    lines = _lines()
    assert [line.responses for line in lines] == [5, 5, 4, 0]
    assert [line.days_left for line in lines] == [20, 2, None, 20], "only awaiting ones"
    assert [line.flags for line in lines] == ["none", "fast, low agreement", "same answer", ""]
    loading = view.build_lines([_submission(1)], None, NOW)[0]
    assert (loading.responses, loading.flags) == (None, "")
    assert view.cell(loading, "responses") == "…"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", ["s1", "s2", "s3", "s4"]),
        ("status:awaiting", ["s1", "s2", "s4"]),
        ("flag:none", ["s1"]),
        ("-flag:none", ["s2", "s3", "s4"]),  # unknown figures ("") are not "none"
        ("flag:fast", ["s2"]),
        ("agree<0.5", ["s2"]),
        ("-agree<0.5", ["s1", "s3", "s4"]),
        ("days<=3", ["s2"]),
        ("responses=0", ["s4"]),
        ("minutes>=3", ["s3", "s4"]),
        ("p:p2", ["s2"]),
        ("approved", ["s3"]),
        ("status:awaiting agree>0.5", ["s1"]),
    ],
)
def test_filter_language_over_the_review_columns(text: str, expected: list[str]) -> None:
    assert _ids(view.apply(_lines(), view.parse(text))) == expected


def test_filter_errors_name_the_review_fields() -> None:
    with pytest.raises(FilterError, match="Fields: participant, submission, status, flag"):
        view.parse("answer:yes")
    with pytest.raises(FilterError, match="compares numbers"):
        view.parse("status<3")


def test_sort_puts_unknown_figures_last_either_way() -> None:
    lines = _lines()
    assert _ids(view.sort_lines(lines, "agree", False)) == ["s2", "s3", "s1", "s4"]
    assert _ids(view.sort_lines(lines, "agree", True)) == ["s1", "s3", "s2", "s4"]
    assert _ids(view.sort_lines(lines, "days", False)) == ["s2", "s1", "s4", "s3"]


def test_table_marks_the_selection_and_colours_flags() -> None:
    lines = _lines()
    table = view.SubmissionsTable(lines, {"s2"})
    keys = [c.key for c in table.columns]
    assert keys[0] == "mark"
    assert [table.cell(row, 0) for row in range(len(table))] == ["", "✓", "", ""]
    flags = keys.index("flags")
    assert table.cell(1, flags) == "fast, low agreement"
    assert table.cell(0, flags) == "", "no flags shows nothing"
    assert table.cell_style(1, flags) == "bold red"
    assert table.index_of("s4") == 3
    assert "mark" not in [c.key for c in view.SubmissionsTable(lines, set(), marks=False).columns]


def test_duration() -> None:
    assert view.duration(None) == ""
    assert view.duration(4 + 5 / 60) == "4m 05s"
    assert view.duration(62) == "1h 02m"

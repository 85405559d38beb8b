"""Agreement statistics against published worked examples (issue 13: must match to 4 decimals)."""

from __future__ import annotations

import pytest

from atb_tui.logic.agreement import (
    LEVELS,
    Rating,
    agreement_report,
    alpha_effects,
    fleiss_kappa,
    gwet_ac1,
    krippendorff_alpha,
    majority_agreement,
    percent_agreement,
)
from tests.helpers.agreement import FLEISS_TABLE, KRIPPENDORFF_2011, by_coder, table_to_responses

# Wikipedia, "Krippendorff's alpha", 3 coders x 15 units.
WIKIPEDIA_ALPHA = {
    "A": "* * * * * 3 4 1 2 1 1 3 3 * 3",
    "B": "1 * 2 1 3 3 4 3 * * * * * * *",
    "C": "* * 2 1 3 4 4 * 2 1 1 3 3 * 4",
}
# Issue 13: tasks T1..T4, annotators P1..P4, "-" = no rating.
FOUR_BY_FOUR = {"T1": "A A A B", "T2": "B B A -", "T3": "C A B C", "T4": "A A - A"}


def by_task_rows(rows: dict[str, str]) -> list[Rating]:
    return [
        (task, f"P{i}", None if value == "-" else value)
        for task, row in rows.items()
        for i, value in enumerate(row.split(), start=1)
    ]


def test_krippendorff_2011_every_level() -> None:
    ratings = by_coder(KRIPPENDORFF_2011, ".")
    expected = {"nominal": 0.743421, "ordinal": 0.815388, "interval": 0.849107, "ratio": 0.797403}
    for level in LEVELS:
        assert krippendorff_alpha(ratings, level) == pytest.approx(expected[level], abs=5e-5)
    assert percent_agreement(ratings) == pytest.approx(0.818182, abs=5e-5)
    assert gwet_ac1(ratings) == pytest.approx(0.775444, abs=5e-5)
    report = agreement_report(ratings)
    assert report.krippendorff_alpha == pytest.approx(expected, abs=5e-5)
    assert report.fleiss_kappa is None  # units carry 2, 3 and 4 ratings
    assert (report.tasks, report.annotators, report.ratings, report.tasks_with_2plus) == (
        12,
        4,
        41,
        11,
    )


def test_ordinal_with_an_explicit_order_of_labels() -> None:
    """Non-numeric labels ranked by `order` give the same α as their numeric codes."""
    names = {1: "very bad", 2: "bad", 3: "neutral", 4: "good", 5: "very good"}
    numeric = by_coder(KRIPPENDORFF_2011, ".")
    labelled = [(t, a, None if v is None else names[v]) for t, a, v in numeric]  # type: ignore[index]
    order = list(names.values())
    assert krippendorff_alpha(labelled, "ordinal") is None  # no ranking known
    assert krippendorff_alpha(labelled, "ordinal", order) == pytest.approx(0.815388, abs=5e-5)
    assert krippendorff_alpha(labelled, "interval") is None
    assert krippendorff_alpha(labelled, "ordinal", order[:3]) is None  # a label not in the order
    report = agreement_report(labelled, order=order)
    assert report.krippendorff_alpha["ordinal"] == pytest.approx(0.815388, abs=5e-5)
    assert report.krippendorff_alpha["interval"] is None


def test_wikipedia_fleiss_kappa() -> None:
    ratings = table_to_responses(FLEISS_TABLE)
    assert fleiss_kappa(ratings) == pytest.approx(0.209931, abs=5e-5)
    assert agreement_report(ratings).fleiss_kappa == pytest.approx(0.209931, abs=5e-5)


def test_wikipedia_krippendorff_alpha() -> None:
    ratings = by_coder(WIKIPEDIA_ALPHA, "*")
    assert krippendorff_alpha(ratings) == pytest.approx(0.691358, abs=5e-5)
    assert krippendorff_alpha(ratings, "interval") == pytest.approx(0.810845, abs=5e-5)


def test_four_by_four_example() -> None:
    ratings = by_task_rows(FOUR_BY_FOUR)
    assert percent_agreement(ratings) == pytest.approx(0.5, abs=5e-5)
    assert krippendorff_alpha(ratings) == pytest.approx(0.148810, abs=5e-5)
    assert gwet_ac1(ratings) == pytest.approx(0.306024, abs=5e-5)
    expected = {"P1": 1.0, "P2": 0.666667, "P3": 0.333333, "P4": 0.5}
    assert majority_agreement(ratings) == pytest.approx(expected, abs=5e-5)
    report = agreement_report(ratings)
    assert [(a.annotator, a.ratings) for a in report.annotators_detail] == [
        ("P1", 4),
        ("P2", 4),
        ("P3", 3),
        ("P4", 3),
    ]
    assert {a.annotator: a.agreement_with_majority for a in report.annotators_detail} == (
        pytest.approx(expected, abs=5e-5)
    )
    # Letters have no numeric meaning: only nominal α is defined.
    assert report.krippendorff_alpha["interval"] is None
    assert report.fleiss_kappa is None  # T2 and T4 have 3 ratings, T1 and T3 have 4


def test_report_json_has_exactly_the_documented_keys() -> None:
    data = agreement_report(by_task_rows(FOUR_BY_FOUR)).to_json()
    assert list(data) == [
        "tasks",
        "annotators",
        "ratings",
        "percent_agreement",
        "krippendorff_alpha",
        "fleiss_kappa",
        "gwet_ac1",
        "annotators_detail",
    ]
    assert list(data["krippendorff_alpha"]) == ["nominal", "ordinal", "interval", "ratio"]
    assert data["annotators_detail"][2] == {
        "annotator": "P3",
        "ratings": 3,
        "agreement_with_majority": pytest.approx(1 / 3),
    }


@pytest.mark.parametrize(
    ("rows", "level"),
    [
        (KRIPPENDORFF_2011, "nominal"),
        (KRIPPENDORFF_2011, "ordinal"),
        (KRIPPENDORFF_2011, "interval"),
        (KRIPPENDORFF_2011, "ratio"),
        (WIKIPEDIA_ALPHA, "nominal"),
        (WIKIPEDIA_ALPHA, "interval"),
    ],
)
def test_alpha_effects_match_recomputing_without_each_annotator(
    rows: dict[str, str], level: str
) -> None:
    ratings = by_coder(rows, "." if rows is KRIPPENDORFF_2011 else "*")
    base = krippendorff_alpha(ratings, level)  # type: ignore[arg-type]
    assert base is not None
    effects = alpha_effects(ratings, level)  # type: ignore[arg-type]
    assert set(effects) == set(rows)
    for coder in rows:
        without = krippendorff_alpha([r for r in ratings if r[1] != coder], level)  # type: ignore[arg-type]
        assert without is not None
        assert effects[coder] == pytest.approx(without - base, abs=1e-9)


def test_alpha_effects_four_by_four_and_when_undefined() -> None:
    ratings = by_task_rows(FOUR_BY_FOUR)
    effects = alpha_effects(ratings)
    base = krippendorff_alpha(ratings)
    assert base is not None
    for person in ("P1", "P2", "P3", "P4"):
        without = krippendorff_alpha([r for r in ratings if r[1] != person])
        assert without is not None
        assert effects[person] == pytest.approx(without - base, abs=1e-9)
    assert effects["P3"] > 0 > effects["P1"], "the odd one out lowers α; the consensus raises it"
    # Two annotators only: without either one nothing is paired, so α is undefined.
    pair = [("t1", "a", 1), ("t1", "b", 2), ("t2", "a", 1), ("t2", "b", 1)]
    assert alpha_effects(pair) == {"a": None, "b": None}
    assert alpha_effects([("t1", "a", 1), ("t1", "b", 1)]) == {"a": None, "b": None}

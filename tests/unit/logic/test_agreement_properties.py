"""Properties of the agreement statistics on arbitrary small inputs (hypothesis)."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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

values = st.one_of(st.none(), st.integers(-3, 5), st.sampled_from(["x", "y", "z"]))
ratings_strategy = st.lists(
    st.tuples(st.integers(0, 6), st.sampled_from("abcde"), values), max_size=40
)
numeric_ratings = st.lists(
    st.tuples(st.integers(0, 6), st.sampled_from("abcde"), st.integers(0, 4)), max_size=40
)


def figures(ratings: list[Rating]) -> tuple[object, ...]:
    report = agreement_report(ratings)
    return (
        report.tasks,
        report.ratings,
        report.percent_agreement,
        report.krippendorff_alpha,
        report.fleiss_kappa,
        report.gwet_ac1,
        report.annotators_detail,
        alpha_effects(ratings),
    )


def close(a: object, b: object) -> bool:
    """Equal up to float rounding (sums may run in another order after relabelling)."""
    if isinstance(a, float) and isinstance(b, float):
        return math.isclose(a, b, abs_tol=1e-9)
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(close(a[k], b[k]) for k in a)
    return a == b


@settings(max_examples=150, deadline=None)
@given(ratings_strategy)
def test_never_raises_and_stays_in_range(ratings: list[Rating]) -> None:
    report = agreement_report(ratings)
    for level in LEVELS:
        assert report.krippendorff_alpha[level] == krippendorff_alpha(ratings, level)
    for figure in (report.percent_agreement, gwet_ac1(ratings)):
        assert figure is None or -1.0 - 1e-9 <= figure <= 1.0 + 1e-9
    assert report.percent_agreement == percent_agreement(ratings)
    assert report.fleiss_kappa == fleiss_kappa(ratings)
    for effect in alpha_effects(ratings).values():
        assert effect is None or math.isfinite(effect)
    for share in majority_agreement(ratings).values():
        assert share is None or 0.0 <= share <= 1.0
    report.to_json()


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.integers(0, 4), min_size=2, max_size=8, unique=True),
    st.integers(2, 5),
)
def test_perfect_agreement_with_variation_is_one(truths: list[int], raters: int) -> None:
    ratings = [(t, f"r{r}", truth) for t, truth in enumerate(truths) for r in range(raters)]
    for level in LEVELS:
        assert krippendorff_alpha(ratings, level) == pytest.approx(1.0)
    assert percent_agreement(ratings) == 1.0
    assert fleiss_kappa(ratings) == pytest.approx(1.0)
    assert gwet_ac1(ratings) == pytest.approx(1.0)
    assert set(majority_agreement(ratings).values()) == {1.0}


@settings(max_examples=100, deadline=None)
@given(ratings_strategy)
def test_relabelling_tasks_and_annotators_changes_nothing(ratings: list[Rating]) -> None:
    relabelled: list[Rating] = [(f"task-{t}", f"person-{a}", v) for t, a, v in ratings]
    before, after = figures(ratings), figures(relabelled)
    detail_before = [(d.ratings, d.agreement_with_majority) for d in before[6]]  # type: ignore[attr-defined]
    detail_after = [(d.ratings, d.agreement_with_majority) for d in after[6]]  # type: ignore[attr-defined]
    assert detail_before == detail_after  # "person-a" sorts like "a"
    effects_before = {f"person-{a}": e for a, e in before[7].items()}  # type: ignore[attr-defined]
    assert close(effects_before, after[7])
    for x, y in zip(before[:6], after[:6], strict=True):
        assert close(x, y)


@settings(max_examples=100, deadline=None)
@given(ratings_strategy, st.lists(st.tuples(st.integers(0, 8), st.sampled_from("abcdef"))))
def test_missing_ratings_are_ignored(ratings: list[Rating], blanks: list[tuple[int, str]]) -> None:
    with_blanks: list[Rating] = [*ratings, *((t, a, None) for t, a in blanks)]
    before, after = figures(ratings), figures(with_blanks)
    for x, y in zip(before, after, strict=True):
        assert close(x, y)


@settings(max_examples=100, deadline=None)
@given(numeric_ratings)
def test_alpha_effects_equal_recomputation(ratings: list[Rating]) -> None:
    for level in LEVELS:
        base = krippendorff_alpha(ratings, level)
        for annotator, effect in alpha_effects(ratings, level).items():
            without = krippendorff_alpha([r for r in ratings if r[1] != annotator], level)
            if base is None or without is None:
                assert effect is None
            else:
                assert effect == pytest.approx(without - base, abs=1e-7)

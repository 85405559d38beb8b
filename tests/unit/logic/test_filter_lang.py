"""The filter language parser: terms, quoting, negation, numbers, and clear errors."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from atb_tui.logic.filter_lang import Filter, FilterError, Term, parse_filter


def test_the_example_from_the_issue_parses_into_five_terms() -> None:
    parsed = parse_filter(
        'participant:5f3a… instruction:"Rate it" answer:positive agree<0.5 text~refund'
    )
    assert parsed.terms == (
        Term("participant", ":", "5f3a"),
        Term("instruction", ":", "rate it"),
        Term("answer", ":", "positive"),
        Term("agree", "<", "0.5"),
        Term("text", "~", "refund"),
    )


def test_bare_words_quotes_and_negation() -> None:
    parsed = parse_filter('Refund "not good" -answer:mixed -spam')
    assert parsed.terms == (
        Term(None, ":", "refund"),
        Term(None, ":", "not good"),
        Term("answer", ":", "mixed", negate=True),
        Term(None, ":", "spam", negate=True),
    )


def test_aliases_equality_and_comparisons() -> None:
    parsed = parse_filter("p:abc a=Positive agreement>=0.25 length<=10 type!=free_text")
    assert [(t.field, t.op, t.value) for t in parsed.terms] == [
        ("participant", ":", "abc"),
        ("answer", "=", "positive"),
        ("agree", ">=", "0.25"),
        ("length", "<=", "10"),
        ("type", "!=", "free_text"),
    ]
    assert parsed.terms[2].number == 0.25


def test_an_empty_filter_matches_everything() -> None:
    assert not parse_filter("   ")
    assert parse_filter("") == Filter()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('instruction:"Rate', "never closed"),
        ("colour:red", "Unknown field 'colour'"),
        ("answer:", "needs a value"),
        ("agree<high", "needs a number"),
        ("answer<3", "compares numbers"),
        ("agree<nan", "finite"),
        ('ab"cd', "A quote must start a value"),
    ],
)
def test_bad_syntax_says_what_is_wrong_and_where(text: str, message: str) -> None:
    with pytest.raises(FilterError) as caught:
        parse_filter(text)
    assert message in str(caught.value)
    assert "at character" in str(caught.value)
    assert 0 <= caught.value.position <= len(text)


@given(st.text(max_size=60))
def test_any_text_parses_or_raises_filter_error(text: str) -> None:
    try:
        parsed = parse_filter(text)
    except FilterError:
        return
    assert all(term.value == term.value.lower() for term in parsed.terms)

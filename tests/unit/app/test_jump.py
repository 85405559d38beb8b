"""The `:` command line grammar."""

import contextlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from atb_tui.logic.jump import Jump, JumpError, Known, completions, parse_jump

KNOWN = [Known("batch", "0192a3b5-e8f9-7abc-8def-0123456789ab", "Sentiment - pilot")]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        (":batches", Jump("batches")),
        ("datasets", Jump("datasets")),
        (":b", Jump("batches")),
        (
            ":batch 0192a3b5-e8f9-7abc-8def-0123456789ab",
            Jump("batch", "0192a3b5-e8f9-7abc-8def-0123456789ab"),
        ),
        (":study 64b0c0ffee0123456789abcd", Jump("study", "64b0c0ffee0123456789abcd")),
        (":workspace Sentiment Lab", Jump("workspace", "Sentiment Lab")),
        (":Q", Jump("quit")),
    ],
)
def test_parses_views_and_items(typed: str, expected: Jump) -> None:
    assert parse_jump(typed) == expected


def test_item_without_id_says_what_is_missing() -> None:
    with pytest.raises(JumpError, match=r"needs an id|needs a file"):
        parse_jump(":batch")


def test_unknown_view_lists_the_known_ones() -> None:
    with pytest.raises(JumpError, match="batches"):
        parse_jump(":bogus")


@pytest.mark.parametrize("word", completions())
def test_every_completion_parses_or_asks_for_an_argument(word: str) -> None:
    if word.endswith(" "):
        with pytest.raises(JumpError, match=r"needs an id|needs a file"):
            parse_jump(word)
    else:
        assert parse_jump(word).target == word


@given(st.text(max_size=40))
def test_never_raises_anything_but_jump_error(text: str) -> None:
    with contextlib.suppress(JumpError):
        parse_jump(text)


@pytest.mark.parametrize("typed", [":batch BADID", ":dataset 0192", ":study ../../etc"])
def test_malformed_ids_are_refused_with_a_clear_message(typed: str) -> None:
    with pytest.raises(JumpError, match="check the id or the workspace"):
        parse_jump(typed)


def test_a_known_name_becomes_its_id() -> None:
    jump = parse_jump(":batch sentiment - PILOT", KNOWN)
    assert jump == Jump("batch", KNOWN[0].item_id)


def test_completions_offer_names_and_ids() -> None:
    words = completions(KNOWN)
    assert "batch Sentiment - pilot" in words
    assert f"batch {KNOWN[0].item_id}" in words


def test_responses_take_a_batch_by_name_or_id() -> None:
    known = [Known("batch", "b-1", "Sentiment - pilot"), Known("study", "s-1", "Sentiment - pilot")]
    assert parse_jump("responses sentiment - pilot", known) == Jump("responses", "b-1")
    assert "responses Sentiment - pilot" in completions(known)


def test_submissions_take_a_study_by_name_or_id() -> None:
    known = [Known("batch", "b-1", "Sentiment - pilot"), Known("study", "s-1", "Sentiment - pilot")]
    assert parse_jump("submissions sentiment - pilot", known) == Jump("submissions", "s-1")
    assert "submissions Sentiment - pilot" in completions(known)
    with pytest.raises(JumpError, match="No study"):
        parse_jump("submissions nothing-like-this", known)

"""The `:` command line grammar."""

import contextlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from atb_tui.logic.jump import Jump, JumpError, completions, parse_jump


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        (":batches", Jump("batches")),
        ("datasets", Jump("datasets")),
        (":b", Jump("batches")),
        (":batch 0192a3b5-e8f9", Jump("batch", "0192a3b5-e8f9")),
        (":workspace Sentiment Lab", Jump("workspace", "Sentiment Lab")),
        (":Q", Jump("quit")),
    ],
)
def test_parses_views_and_items(typed: str, expected: Jump) -> None:
    assert parse_jump(typed) == expected


def test_item_without_id_says_what_is_missing() -> None:
    with pytest.raises(JumpError, match="needs an id"):
        parse_jump(":batch")


def test_unknown_view_lists_the_known_ones() -> None:
    with pytest.raises(JumpError, match="batches"):
        parse_jump(":bogus")


@pytest.mark.parametrize("word", completions())
def test_every_completion_parses_or_asks_for_an_argument(word: str) -> None:
    if word.endswith(" "):
        with pytest.raises(JumpError, match="needs an id"):
            parse_jump(word)
    else:
        assert parse_jump(word).target == word


@given(st.text(max_size=40))
def test_never_raises_anything_but_jump_error(text: str) -> None:
    with contextlib.suppress(JumpError):
        parse_jump(text)

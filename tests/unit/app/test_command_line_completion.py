"""Enter on the `:` line takes the completion shown, unless what was typed is complete."""

from atb_tui.screens.command_line import complete

WORDS = ["batches", "datasets", "batch ", "batch Sentiment - pilot", "batch Sentiment - pilot 2"]


def test_a_prefix_takes_the_first_completion() -> None:
    assert complete("bat", WORDS) == "batches"
    assert complete("batch Sent", WORDS) == "batch Sentiment - pilot"


def test_a_complete_entry_is_kept_even_when_a_longer_one_exists() -> None:
    assert complete("batch sentiment - pilot", WORDS) == "batch sentiment - pilot"


def test_nothing_matching_is_left_as_typed() -> None:
    assert complete("nonsense", WORDS) == "nonsense"
    assert complete("", WORDS) == ""

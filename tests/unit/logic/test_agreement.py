"""Agreement statistics against hand-checked and textbook values."""

from __future__ import annotations

import pytest

from atb_tui.logic.agreement import (
    Response,
    TaskAgreement,
    fleiss_kappa,
    majority_answers,
    percent_agreement,
)
from tests.helpers.agreement import FLEISS_TABLE, table_to_responses


def test_fleiss_kappa_textbook_example() -> None:
    responses = table_to_responses(FLEISS_TABLE)
    kappa = fleiss_kappa(responses)
    assert kappa == pytest.approx(0.20993, abs=1e-5)
    assert percent_agreement(responses) == pytest.approx(0.37802, abs=1e-5)


def test_perfect_and_chance_agreement() -> None:
    perfect = [(t, a, t % 2) for t in range(6) for a in range(3)]
    assert fleiss_kappa(perfect) == pytest.approx(1.0)
    assert percent_agreement(perfect) == 1.0
    # Every task split the same way: agreement exactly at chance level gives kappa 0 or below.
    split = [(t, a, a % 2) for t in range(4) for a in range(2)]
    assert percent_agreement(split) == 0.0
    assert fleiss_kappa(split) == pytest.approx(-1.0)


def test_kappa_is_undefined_without_enough_data() -> None:
    assert fleiss_kappa([]) is None
    assert fleiss_kappa([("t1", "a", "x"), ("t2", "a", "y")]) is None  # nobody rated twice
    assert fleiss_kappa([("t1", "a", "x"), ("t1", "b", "x")]) is None  # one category only
    assert percent_agreement([("t1", "a", "x")]) is None


def test_majority_answers_with_ties_and_repeats() -> None:
    responses: list[Response] = [
        ("t1", "a", "pos"),
        ("t1", "b", "pos"),
        ("t1", "c", "neg"),
        ("t2", "a", "neg"),
        ("t2", "b", "pos"),
        ("t3", "a", "x"),
        ("t3", "a", "y"),  # the later answer replaces the earlier one
    ]
    result = majority_answers(responses)
    assert result["t1"] == TaskAgreement("t1", "pos", 2, 3, tied=False)
    assert result["t1"].agreement == pytest.approx(2 / 3)
    assert result["t2"].tied
    assert result["t2"].majority == "neg"  # first seen wins a tie
    assert result["t3"] == TaskAgreement("t3", "y", 1, 1, tied=False)


def test_varying_number_of_ratings() -> None:
    responses: list[Response] = [
        ("t1", "a", 1),
        ("t1", "b", 1),
        ("t1", "c", 2),
        ("t2", "a", 2),
        ("t2", "b", 2),
        ("t3", "a", 1),
    ]
    # P1 = (2·1 + 0)/(3·2) = 1/3, P2 = 1; P̄ = 2/3.
    assert percent_agreement(responses) == pytest.approx(2 / 3)
    # Fleiss' κ is only defined when every task rated twice has the same number of ratings.
    assert fleiss_kappa(responses) is None

"""Money: formatting, parsing with clear errors, rounding, cost, hourly rate and balance."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from atb_tui.logic.money import (
    ASSUMED_FEE_RATE,
    ASSUMED_VAT_RATE,
    CostEstimate,
    MoneyError,
    RateGuide,
    balance_covers,
    cost_from_calculator,
    cost_from_study_cost,
    estimate_cost,
    format_money,
    low_hourly_rate,
    parse_money,
    places,
    rate_guide,
    rate_level,
    reward_per_hour,
    shortfall,
)


@pytest.mark.parametrize(
    ("minor", "currency", "text"),
    [
        (125_000, "GBP", "£1,250.00"),
        (5, "USD", "$0.05"),
        (-150, "gbp", "-£1.50"),
        (0, "EUR", "€0.00"),
        (123_456_789, "CAD", "1,234,567.89 CAD"),
    ],
)
def test_format_money(minor: int, currency: str, text: str) -> None:
    assert format_money(minor, currency) == text


@pytest.mark.parametrize(
    ("text", "currency", "minor"),
    [
        ("1.50", "GBP", 150),
        ("1.5", "GBP", 150),
        ("1", "GBP", 100),
        ("1.", "GBP", 100),
        (".5", "GBP", 50),
        ("  £1.50 ", "GBP", 150),
        ("£ 1,250.00", "GBP", 125_000),
        ("1.50 GBP", "GBP", 150),
        ("1.50gbp", "GBP", 150),
        ("150p", "GBP", 150),
        ("150 P", "GBP", 150),
        ("$12", "USD", 1200),
        ("99c", "USD", 99),
        ("99¢", "USD", 99),
        ("+2", "USD", 200),
        ("0", "GBP", 0),
        ("3.20", "CAD", 320),
    ],
)
def test_parse_money_accepts(text: str, currency: str, minor: int) -> None:
    assert parse_money(text, currency) == minor


@pytest.mark.parametrize(
    ("text", "currency", "message"),
    [
        ("", "GBP", "enter an amount, e.g. 1.50, £1.50 or 150p"),
        ("abc", "GBP", "'abc' is not an amount; write it like 1.50, £1.50 or 150p"),
        ("-1", "GBP", "the amount can't be negative"),
        ("1.505", "GBP", "use at most 2 decimal places, e.g. 1.50"),
        ("1,50", "GBP", "use a dot for decimals (1.50) and commas only between thousands"),
        ("$1.50", "GBP", "'$' is not this workspace's currency; it pays in GBP (£)"),
        ("1.50 USD", "GBP", "'USD' is not this workspace's currency; it pays in GBP"),
        ("£150p", "GBP", "write either £1.50 or 150p, not both"),
        ("1.5p", "GBP", "an amount in pence can't have decimals"),
        ("150p", "USD", "'p' is not a currency; write it like 1.50, $1.50 or 150c"),
        ("9" * 30, "GBP", "is too large to be a study amount"),
        ("£", "GBP", "'£' is not an amount"),
    ],
)
def test_parse_money_rejects_with_clear_messages(text: str, currency: str, message: str) -> None:
    with pytest.raises(MoneyError) as error:
        parse_money(text, currency)
    assert message in str(error.value)


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=30), currency=st.sampled_from(["GBP", "USD", "EUR", "CAD"]))
def test_parse_money_raises_only_its_own_error(text: str, currency: str) -> None:
    outcome: int | MoneyError
    try:
        outcome = parse_money(text, currency)
    except MoneyError as error:
        outcome = error
    if isinstance(outcome, MoneyError):
        assert str(outcome)
    else:
        assert 0 <= outcome <= 10**12


@given(minor=st.integers(min_value=0, max_value=10**11), currency=st.sampled_from(["GBP", "USD"]))
def test_format_then_parse_round_trips(minor: int, currency: str) -> None:
    assert parse_money(format_money(minor, currency), currency) == minor


def test_places() -> None:
    assert places(400, 3) == 1200
    assert places(0, 2) == 0
    with pytest.raises(MoneyError, match="annotators per task must be at least 1"):
        places(10, 0)
    with pytest.raises(MoneyError, match="negative number of task groups"):
        places(-1, 1)


@pytest.mark.parametrize(
    ("reward", "minutes", "rate"),
    [(150, 10, 900), (100, 7, 857), (1, 120, 1), (1, 240, 0), (50, 4.5, 667)],
)
def test_reward_per_hour_rounds_half_up(reward: int, minutes: float, rate: int) -> None:
    assert reward_per_hour(reward, minutes) == rate


def test_reward_per_hour_needs_positive_minutes() -> None:
    for minutes in (0, -3, float("nan")):
        with pytest.raises(MoneyError, match="more than 0 minutes"):
            reward_per_hour(100, minutes)


def test_estimate_cost_rounds_each_component_half_up() -> None:
    cost = estimate_cost(150, 1200, fee_rate="0.333", vat_rate="0.2")
    assert (cost.rewards, cost.fees, cost.tax, cost.total_cost) == (
        180_000,
        59_940,
        11_988,
        251_928,
    )
    assert cost.is_estimate
    assert cost.source == "local"
    assert "estimated" in cost.note
    assert cost.fees_and_tax == 71_928
    odd = estimate_cost(1, 3, fee_rate=0.5, vat_rate=0.5, currency="usd")
    # fees: 3 * 0.5 = 1.5, rounded up to 2; tax: 2 * 0.5 = 1.
    assert (odd.fees, odd.tax, odd.total_cost, odd.currency) == (2, 1, 6, "USD")


def test_estimate_cost_refuses_nonsense_rates() -> None:
    with pytest.raises(MoneyError, match=r"fee rate must be a fraction like 0\.2"):
        estimate_cost(100, 1, fee_rate=33, vat_rate=0.2)
    with pytest.raises(MoneyError, match="VAT rate 'x' is not a number"):
        estimate_cost(100, 1, fee_rate=0.3, vat_rate="x")
    with pytest.raises(MoneyError, match="can't be negative"):
        estimate_cost(-1, 1, fee_rate=0.3, vat_rate=0.2)


def test_assumed_rates_are_fractions() -> None:
    assert Decimal(0) < ASSUMED_FEE_RATE < 1
    assert Decimal(0) <= ASSUMED_VAT_RATE < 1


def test_cost_from_the_api_calculator() -> None:
    cost = cost_from_calculator(
        {"total_cost": 251_928.4}, reward_minor=150, places=1200, currency="gbp"
    )
    assert cost == CostEstimate(180_000, None, None, 251_928, "GBP", "api")
    assert not cost.is_estimate
    assert cost.note == "cost from Prolific's calculator"
    with pytest.raises(MoneyError, match="total_cost is not a number"):
        cost_from_calculator({"total_cost": "lots"}, reward_minor=1, places=1, currency="GBP")


def test_cost_from_a_study_cost_breakdown() -> None:
    response = {
        "rewards": {
            "rewards": {"amount": 18_000, "currency": "USD"},
            "fees": {"amount": 5_994, "currency": "USD"},
            "tax": {"amount": 0, "currency": "USD"},
        },
        "bonuses": {"rewards": {"amount": 500, "currency": "USD"}},
    }
    cost = cost_from_study_cost(response, currency="GBP")
    assert cost == CostEstimate(18_000, 5_994, 0, 23_994, "USD", "api")
    with pytest.raises(MoneyError, match="no rewards breakdown"):
        cost_from_study_cost({}, currency="GBP")


def test_rate_guide_prefers_the_api_and_falls_back_to_published_rates() -> None:
    api = [
        {"currency": "USD", "min_reward_per_hour": 800, "recommended_reward_per_hour": 1200},
        {"currency": "GBP", "min_reward_per_hour": 700, "recommended_reward_per_hour": 1000},
    ]
    assert rate_guide("gbp", api) == RateGuide("GBP", 700, 1000, "api")
    assert rate_guide("GBP") == RateGuide("GBP", 600, 900, "fallback")
    assert rate_guide("USD", [{"currency": "USD", "min_reward_per_hour": "x"}]) == RateGuide(
        "USD", 800, 1200, "fallback"
    )
    assert rate_guide("CAD") is None


@pytest.mark.parametrize(
    ("rate", "level", "low"),
    [
        (599, "below_minimum", True),
        (600, "below_recommended", True),
        (899, "below_recommended", True),
        (900, "ok", False),
        (2000, "ok", False),
    ],
)
def test_hourly_rate_levels_in_gbp(rate: int, level: str, low: bool) -> None:
    guide = rate_guide("GBP")
    assert guide is not None
    assert rate_level(rate, guide) == level
    assert low_hourly_rate(rate, "GBP") is low


def test_low_hourly_rate_for_usd_and_unknown_currency() -> None:
    assert low_hourly_rate(1199, "USD")
    assert not low_hourly_rate(1200, "USD")
    assert not low_hourly_rate(1, "CAD")
    assert low_hourly_rate(1500, "CAD", guide=RateGuide("CAD", 1000, 1600, "api"))


def test_balance() -> None:
    assert balance_covers(100, 100)
    assert not balance_covers(101, 100)
    assert shortfall(251_928, 200_000) == 51_928
    assert shortfall(10, 200) == 0

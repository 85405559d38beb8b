"""Hourly reward guidance: is a study's reward per hour too low?

Prolific's API answers `GET /api/v1/reward-recommendations/` with `min_reward_per_hour` and
`recommended_reward_per_hour` per currency (minor units). When that answer is not available we
fall back to the rates in Prolific's public "payment principles" help page, which the spec does
not state: a minimum of £6.00 / $8.00 per hour and a recommended £9.00 / $12.00 per hour.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

RateLevel = Literal["below_minimum", "below_recommended", "ok"]

FALLBACK_RATES: dict[str, tuple[int, int]] = {"GBP": (600, 900), "USD": (800, 1200)}


@dataclass(frozen=True)
class RateGuide:
    """Minimum and recommended hourly rewards in minor units, and where they come from."""

    currency: str
    minimum: int
    recommended: int
    source: Literal["api", "fallback"]


def rate_guide(
    currency: str, recommendations: Iterable[Mapping[str, object]] | None = None
) -> RateGuide | None:
    """The guide for `currency`, from the API's recommendations when given, else the fallback.

    None when neither knows the currency (then no warning can honestly be given).
    """
    code = currency.upper()
    for item in recommendations or ():
        guide = _guide_from_api(item, code)
        if guide is not None:
            return guide
    fallback = FALLBACK_RATES.get(code)
    if fallback is None:
        return None
    return RateGuide(code, fallback[0], fallback[1], "fallback")


def _guide_from_api(item: Mapping[str, object], code: str) -> RateGuide | None:
    currency = item.get("currency")
    minimum = item.get("min_reward_per_hour")
    recommended = item.get("recommended_reward_per_hour")
    if not isinstance(currency, str) or currency.upper() != code:
        return None
    if not (_is_count(minimum) and _is_count(recommended)):
        return None
    assert isinstance(minimum, int)
    assert isinstance(recommended, int)
    return RateGuide(code, minimum, recommended, "api")


def _is_count(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def rate_level(rate_minor_per_hour: int, guide: RateGuide) -> RateLevel:
    """Where a rate sits against the guide."""
    if rate_minor_per_hour < guide.minimum:
        return "below_minimum"
    if rate_minor_per_hour < guide.recommended:
        return "below_recommended"
    return "ok"


def low_hourly_rate(
    rate_minor_per_hour: int, currency: str, *, guide: RateGuide | None = None
) -> bool:
    """True when the rate is below Prolific's *recommended* hourly reward (so worth a warning).

    Use `rate_level` to tell a rate Prolific refuses (below the minimum) from one it merely
    discourages. False when no guide is known for the currency.
    """
    chosen = guide or rate_guide(currency)
    if chosen is None:
        return False
    return rate_level(rate_minor_per_hour, chosen) != "ok"

"""Money for launching a study: places, cost, hourly rate, balance; formatting and parsing.

All amounts are integers in the workspace currency's minor unit (pence, cents), as the API
uses them (`reward`, `total_cost`, `available_balance`). Rounding is half-up, per component.

Cost: Prolific's `POST /api/v1/study-cost-calculator/` answers `{"total_cost"}` (rewards + fees
+ VAT, with the account's own rates) and `GET /api/v1/studies/{id}/cost/` answers a breakdown
`{rewards: {rewards, fees, tax}, bonuses: {...}}`; `CostEstimate` mirrors those names. When the
API can't be asked, `estimate_cost` computes locally and says so: the fee and VAT rates are
then assumptions (`ASSUMED_FEE_RATE`, `ASSUMED_VAT_RATE`), not facts about the account.

Parsing (`parse_money`) accepts "1.50", "1", "£1.50", "1,250.00", "1.50 GBP", and minor units
with their suffix ("150p" for GBP, "150c"/"150¢" for USD and EUR); it rejects negative amounts,
more than two decimals, a symbol or code of another currency, and decimal commas.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Literal

from atb_tui.logic.money_rates import (
    RateGuide,
    RateLevel,
    low_hourly_rate,
    rate_guide,
    rate_level,
)

__all__ = [
    "ASSUMED_FEE_RATE",
    "ASSUMED_VAT_RATE",
    "CostEstimate",
    "MoneyError",
    "RateGuide",
    "RateLevel",
    "balance_covers",
    "cost_from_calculator",
    "cost_from_study_cost",
    "estimate_cost",
    "format_money",
    "low_hourly_rate",
    "parse_money",
    "places",
    "rate_guide",
    "rate_level",
    "reward_per_hour",
    "shortfall",
]

# Not in Prolific's spec: the commonly quoted service fee and UK VAT (charged on fees only).
ASSUMED_FEE_RATE = Decimal("0.333")
ASSUMED_VAT_RATE = Decimal("0.20")
MAX_AMOUNT_MINOR = 10**12  # beyond any real study; keeps typos like 1e20 out of arithmetic

SYMBOLS = {"GBP": "£", "USD": "$", "EUR": "€"}
MINOR_SUFFIXES = {"GBP": ("p",), "USD": ("c", "¢"), "EUR": ("c", "¢")}
_AMOUNT = re.compile(
    r"^(?P<sign>[-+\u2212])?\s*(?P<symbol>[£$€])?\s*"
    r"(?P<units>[0-9][0-9,]*)?(?:\.(?P<decimals>[0-9]*))?"
    r"\s*(?P<suffix>[A-Za-z¢]+)?$"
)
_GROUPED = re.compile(r"^[0-9]{1,3}(,[0-9]{3})+$")


class MoneyError(ValueError):
    """An amount or a money calculation the user must fix; the message says how."""


def format_money(minor: int, currency: str) -> str:
    """'£1,250.00', '$0.05', '-£1.50'; unknown currencies as '1,250.00 CAD'."""
    code = currency.upper()
    sign = "-" if minor < 0 else ""
    units, cents = divmod(abs(minor), 100)
    number = f"{units:,}.{cents:02d}"
    symbol = SYMBOLS.get(code)
    return f"{sign}{symbol}{number}" if symbol else f"{sign}{number} {code}"


def parse_money(text: str, currency: str) -> int:
    """The amount in minor units; raises `MoneyError` with a clear message otherwise."""
    code = currency.upper()
    cleaned = text.strip()
    if not cleaned:
        raise MoneyError(f"enter an amount, e.g. {_example(code)}")
    match = _AMOUNT.match(cleaned) if len(cleaned) <= 40 else None
    if match is None or not (match["units"] or match["decimals"]):
        raise MoneyError(f"'{_clip(cleaned)}' is not an amount; write it like {_example(code)}")
    if match["sign"] in ("-", "\u2212"):
        raise MoneyError("the amount can't be negative")
    _check_symbol(match["symbol"], code)
    in_minor_units = _is_minor_suffix(match["suffix"], match["symbol"], code)
    amount = _to_minor(match["units"] or "0", match["decimals"], in_minor_units, code)
    if amount > MAX_AMOUNT_MINOR:
        raise MoneyError(f"{_clip(cleaned)} is too large to be a study amount")
    return amount


def _check_symbol(symbol: str | None, code: str) -> None:
    if symbol is None or SYMBOLS.get(code) == symbol:
        return
    expected = SYMBOLS.get(code)
    own = f" ({expected})" if expected else ""
    raise MoneyError(f"'{symbol}' is not this workspace's currency; it pays in {code}{own}")


def _is_minor_suffix(suffix: str | None, symbol: str | None, code: str) -> bool:
    if suffix is None:
        return False
    if suffix.upper() == code:
        return False
    if suffix.lower() in MINOR_SUFFIXES.get(code, ()):
        if symbol is not None:
            raise MoneyError(f"write either {SYMBOLS[code]}1.50 or 150{suffix}, not both")
        return True
    if len(suffix) == 3 and suffix.isalpha():
        raise MoneyError(f"'{suffix}' is not this workspace's currency; it pays in {code}")
    raise MoneyError(f"'{suffix}' is not a currency; write it like {_example(code)}")


def _to_minor(units: str, decimals: str | None, in_minor_units: bool, code: str) -> int:
    if "," in units and not _GROUPED.match(units):
        raise MoneyError("use a dot for decimals (1.50) and commas only between thousands")
    whole = int(units.replace(",", ""))
    if in_minor_units:
        if decimals is not None:
            raise MoneyError(f"an amount in {_minor_name(code)} can't have decimals")
        return whole
    if decimals is not None and len(decimals) > 2:
        raise MoneyError("use at most 2 decimal places, e.g. 1.50")
    return whole * 100 + int((decimals or "").ljust(2, "0"))


def _example(code: str) -> str:
    symbol = SYMBOLS.get(code)
    if symbol is None:
        return f"1.50 or 1.50 {code}"
    suffix = MINOR_SUFFIXES[code][0]
    return f"1.50, {symbol}1.50 or 150{suffix}"


def _minor_name(code: str) -> str:
    return "pence" if code == "GBP" else "cents"


def _clip(text: str) -> str:
    return text if len(text) <= 20 else text[:19] + "…"


def places(task_groups: int, annotators_per_task: int) -> int:
    """Study places for a batch: task groups times annotators per task (api-reference §8.1)."""
    if task_groups < 0:
        raise MoneyError("the batch has a negative number of task groups")
    if annotators_per_task < 1:
        raise MoneyError("annotators per task must be at least 1")
    return task_groups * annotators_per_task


def reward_per_hour(reward_minor: int, minutes: float) -> int:
    """Hourly rate in minor units for a reward per submission and a completion time."""
    if not minutes > 0:
        raise MoneyError("the estimated completion time must be more than 0 minutes")
    return _round(Decimal(reward_minor) * 60 / _decimal(minutes, "completion time"))


def balance_covers(total: int, available: int) -> bool:
    """Whether the workspace's available balance pays for `total`."""
    return available >= total


def shortfall(total: int, available: int) -> int:
    """How much is missing from the balance (0 when it covers the total)."""
    return max(0, total - available)


@dataclass(frozen=True)
class CostEstimate:
    """The cost of a study in minor units. `fees`/`tax` are None when only a total is known."""

    rewards: int
    fees: int | None
    tax: int | None
    total_cost: int
    currency: str
    source: Literal["api", "local"]

    @property
    def is_estimate(self) -> bool:
        """True when computed locally with assumed rates rather than by Prolific."""
        return self.source == "local"

    @property
    def fees_and_tax(self) -> int:
        """Everything on top of the participants' rewards."""
        return self.total_cost - self.rewards

    @property
    def note(self) -> str:
        """One line for the screen saying where the numbers come from."""
        if self.source == "api":
            return "cost from Prolific's calculator"
        return "fees and VAT are estimated here; Prolific's own figure may differ"


def estimate_cost(
    reward_minor: int,
    places: int,
    *,
    fee_rate: Decimal | float | str,
    vat_rate: Decimal | float | str,
    currency: str = "GBP",
) -> CostEstimate:
    """Reward times places, plus fees at `fee_rate`, plus VAT at `vat_rate` on the fees."""
    if reward_minor < 0 or places < 0:
        raise MoneyError("reward and places can't be negative")
    fee = _rate(fee_rate, "fee rate")
    vat = _rate(vat_rate, "VAT rate")
    rewards = reward_minor * places
    fees = _round(Decimal(rewards) * fee)
    tax = _round(Decimal(fees) * vat)
    return CostEstimate(rewards, fees, tax, rewards + fees + tax, currency.upper(), "local")


def cost_from_calculator(
    response: Mapping[str, object], *, reward_minor: int, places: int, currency: str
) -> CostEstimate:
    """From `StudyCostResponse` (`{"total_cost": number}`, minor units, VAT and fees included)."""
    total = _amount(response.get("total_cost"), "total_cost")
    rewards = reward_minor * places
    return CostEstimate(rewards, None, None, total, currency.upper(), "api")


def cost_from_study_cost(response: Mapping[str, object], *, currency: str) -> CostEstimate:
    """From `StudyTotalCost` (`GET /studies/{id}/cost/`): the rewards breakdown, bonuses ignored."""
    breakdown = response.get("rewards")
    if not isinstance(breakdown, Mapping):
        raise MoneyError("the cost response has no rewards breakdown")
    rewards, fees, tax = (_breakdown_amount(breakdown, part) for part in ("rewards", "fees", "tax"))
    code = _breakdown_currency(breakdown) or currency
    return CostEstimate(rewards, fees, tax, rewards + fees + tax, code.upper(), "api")


def _breakdown_amount(breakdown: Mapping[str, object], part: str) -> int:
    entry = breakdown.get(part)
    if entry is None:
        return 0
    if not isinstance(entry, Mapping):
        raise MoneyError(f"the cost response's {part} is not an amount")
    return _amount(entry.get("amount"), part)


def _breakdown_currency(breakdown: Mapping[str, object]) -> str | None:
    for entry in breakdown.values():
        if isinstance(entry, Mapping) and isinstance(entry.get("currency"), str):
            return str(entry["currency"])
    return None


def _amount(value: object, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise MoneyError(f"the cost response's {name} is not a number")
    return _round(_decimal(value, name))


def _rate(value: Decimal | float | str, name: str) -> Decimal:
    rate = _decimal(value, name)
    if not Decimal(0) <= rate < Decimal(10):
        raise MoneyError(f"the {name} must be a fraction like 0.2, not {value}")
    return rate


def _decimal(value: Decimal | float | str, name: str) -> Decimal:
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise MoneyError(f"the {name} '{value}' is not a number") from None
    if not number.is_finite():
        raise MoneyError(f"the {name} must be a finite number")
    return number


def _round(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))

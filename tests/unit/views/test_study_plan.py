"""The launch form's parsing and totals (pure: no app needed)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from atb_tui.views.study_plan import default_values, local_totals, parse_plan


def test_defaults_parse_cleanly() -> None:
    plan = parse_plan(default_values("Batch", "GBP"), "GBP")
    assert plan.ok
    assert (plan.reward, plan.minutes, plan.annotators, plan.devices) == (150, 10, 1, ["desktop"])


def test_each_problem_is_reported_on_its_field() -> None:
    values = {
        **default_values("B", "GBP"),
        "name": " ",
        "reward": "€2",
        "minutes": "0",
        "desktop": False,
    }
    plan = parse_plan(values, "GBP")
    assert set(plan.problems) == {"name", "reward", "minutes", "devices"}
    assert "not this workspace's currency" in plan.problems["reward"]


def test_totals_warn_about_balance_and_rate() -> None:
    plan = parse_plan({**default_values("B", "GBP"), "reward": "0.50", "annotators": "2"}, "GBP")
    totals = local_totals(plan, task_groups=15, balance=1000, currency="GBP", api_cost=None)
    assert totals.places == 30
    assert totals.cost is not None
    assert totals.cost.is_estimate
    assert totals.cost.rewards == 1500
    text = "\n".join(totals.lines())
    assert "Cost (estimate)" in text
    assert "balance does not cover" in text
    assert "Low hourly rate" in text


@settings(max_examples=60, deadline=None)
@given(reward=st.text(max_size=12), minutes=st.text(max_size=6), annotators=st.text(max_size=4))
def test_any_typing_gives_a_plan_or_field_problems(
    reward: str, minutes: str, annotators: str
) -> None:
    values = {
        **default_values("B", "GBP"),
        "reward": reward,
        "minutes": minutes,
        "annotators": annotators,
    }
    plan = parse_plan(values, "GBP")
    assert plan.ok or set(plan.problems) <= {"reward", "minutes", "annotators"}
    if plan.ok:
        totals = local_totals(plan, task_groups=3, balance=None, currency="GBP", api_cost=None)
        assert totals.places == 3 * plan.annotators

"""The polling policy: every activity against every failure count, and the status texts."""

from __future__ import annotations

import math

import pytest

from atb_tui.logic.polling import (
    Activity,
    PollPolicy,
    classify,
    describe_age,
    describe_retry,
    format_duration,
)

POLICY = PollPolicy(fast=2.0, idle=10.0, max_backoff=60.0)

# failures:            0     1     2     3     4     5     10
EXPECTED = {
    Activity.PROCESSING: [2.0, 4.0, 8.0, 16.0, 32.0, 60.0, 60.0],
    Activity.LIVE: [2.0, 4.0, 8.0, 16.0, 32.0, 60.0, 60.0],
    Activity.IDLE: [10.0, 20.0, 40.0, 60.0, 60.0, 60.0, 60.0],
    Activity.TERMINAL: [None] * 7,
}
FAILURES = [0, 1, 2, 3, 4, 5, 10]


@pytest.mark.parametrize("activity", list(Activity))
def test_delay_table(activity: Activity) -> None:
    delays = [POLICY.next_delay(activity, failures) for failures in FAILURES]
    assert delays == EXPECTED[activity]


def test_huge_failure_counts_stay_capped() -> None:
    assert POLICY.next_delay(Activity.IDLE, 10_000) == 60.0


def test_retry_after_is_a_minimum() -> None:
    assert POLICY.next_delay(Activity.PROCESSING, 1, retry_after=30) == 30.0
    assert POLICY.next_delay(Activity.PROCESSING, 4, retry_after=5) == 32.0
    assert POLICY.next_delay(Activity.PROCESSING, 0, retry_after=math.nan) == 2.0
    assert POLICY.next_delay(Activity.TERMINAL, 3, retry_after=5) is None


def test_refresh_interval_is_clamped_into_range() -> None:
    assert POLICY.with_refresh_interval(5).idle == 5
    assert POLICY.with_refresh_interval(0.5).idle == 2.0
    assert POLICY.with_refresh_interval(600).idle == 60.0


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"fast": 0}, "the fast poll interval must be positive, not 0"),
        ({"fast": 5, "idle": 2}, "the refresh interval must be at least 5 s"),
        ({"idle": 30, "max_backoff": 20}, "the longest retry wait must be at least 30 s"),
        ({"idle": math.inf}, "the refresh interval must be at least 2 s"),
    ],
)
def test_invalid_policies_are_refused(kwargs: dict[str, float], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        PollPolicy(**kwargs)


@pytest.mark.parametrize(
    ("statuses", "open_ended", "activity"),
    [
        (["READY", "PROCESSING"], False, Activity.PROCESSING),
        (["COMPLETED", "ACTIVE"], False, Activity.LIVE),
        (["ACTIVE", "generating"], False, Activity.PROCESSING),
        (["UNPUBLISHED", "READY"], False, Activity.IDLE),
        (["PAUSED"], False, Activity.IDLE),
        (["SOMETHING_NEW"], False, Activity.IDLE),
        (["READY", "ERROR", "complete", "failed"], False, Activity.TERMINAL),
        (["READY", "COMPLETED"], True, Activity.IDLE),
        ([], False, Activity.TERMINAL),
        ([], True, Activity.IDLE),
    ],
)
def test_classify(statuses: list[str], open_ended: bool, activity: Activity) -> None:
    assert classify(statuses, open_ended=open_ended) is activity


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (-4, "updated just now"),
        (0.4, "updated just now"),
        (3, "updated just now"),
        (9.9, "updated just now"),
        (10, "updated 10 s ago"),
        (59.9, "updated 50 s ago"),
        (60, "updated 1 min ago"),
        (150, "updated 2 min ago"),
        (7200, "updated 2 h ago"),
        (200_000, "updated 2 d ago"),
        (math.inf, "not updated yet"),
    ],
)
def test_describe_age(seconds: float, text: str) -> None:
    assert describe_age(seconds) == text


def test_on_time_data_reads_just_now_for_the_whole_interval() -> None:
    assert describe_age(12.9, fresh_for=13) == "updated just now"
    assert describe_age(13, fresh_for=13) == "updated 10 s ago"
    assert describe_age(5, fresh_for=0) == "updated just now"  # never finer than 10-s steps


@pytest.mark.parametrize("activity", [Activity.PROCESSING, Activity.LIVE])
def test_polls_that_find_nothing_new_stretch_towards_the_idle_interval(activity: Activity) -> None:
    delays = [POLICY.next_delay(activity, 0, unchanged=n) for n in range(8)]
    assert delays[:5] == [2.0, 3.0, 4.5, 6.75, 10.0]
    assert delays[5:] == [10.0] * 3
    assert POLICY.next_delay(activity, 0, unchanged=10**6) == 10.0


def test_an_unchanged_world_never_slows_idle_polls_or_backoff() -> None:
    assert POLICY.next_delay(Activity.IDLE, 0, unchanged=5) == 10.0
    assert POLICY.next_delay(Activity.TERMINAL, 0, unchanged=5) is None
    assert POLICY.next_delay(Activity.PROCESSING, 3, unchanged=0) == 16.0


def test_describe_retry_and_durations() -> None:
    assert describe_retry(8) == "offline, retrying in 8 s"
    assert describe_retry(60) == "offline, retrying in 1 min"
    assert format_duration(2.5) == "3 s"
    assert format_duration(-1) == "0 s"

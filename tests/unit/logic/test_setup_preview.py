"""Setup preview texts and the tasks-per-group rules."""

from __future__ import annotations

import pytest

from atb_tui.logic.setup_preview import describe_setup


@pytest.mark.parametrize(
    ("datapoints", "per_group", "groups", "text"),
    [
        (1200, 3, 400, "1,200 datapoints → 400 task groups of 3"),
        (1201, 3, 401, "1,201 datapoints → 401 task groups of 3, the last with 1"),
        (1202, 3, 401, "1,202 datapoints → 401 task groups of 3, the last with 2"),
        (1, 1, 1, "1 datapoint → 1 task group of 1"),
        (5, 5, 1, "5 datapoints → 1 task group of 5"),
        (7, None, 7, "7 datapoints → 7 task groups of 1"),
    ],
)
def test_even_grouping(datapoints: int, per_group: int | None, groups: int, text: str) -> None:
    preview = describe_setup(datapoints, per_group, None)
    assert preview.is_valid
    assert preview.task_groups == groups
    assert preview.text == text
    assert not preview.groups_from_dataset


def test_partial_last_group_is_reported() -> None:
    assert describe_setup(1202, 3, None).last_group_size == 2
    assert describe_setup(1200, 3, None).last_group_size is None


def test_groups_from_the_dataset_take_precedence() -> None:
    preview = describe_setup(1200, None, 37)
    assert (preview.task_groups, preview.text) == (
        37,
        "groups come from META_TASK_GROUP_ID: 37 groups",
    )
    assert preview.groups_from_dataset
    ignored = describe_setup(1200, 3, 37)
    assert (
        ignored.text
        == "groups come from META_TASK_GROUP_ID: 37 groups (tasks per group is ignored)"
    )
    v4 = describe_setup(10, None, 1, group_column="task_group_id")
    assert v4.text == "groups come from task_group_id: 1 group"


@pytest.mark.parametrize(
    ("datapoints", "per_group", "groups", "error"),
    [
        (10, 0, None, "tasks per group must be at least 1"),
        (10, -2, None, "tasks per group must be at least 1"),
        (3, 5, None, "tasks per group (5) is more than the 3 datapoints in the dataset"),
        (1, 2, None, "tasks per group (2) is more than the 1 datapoint in the dataset"),
        (0, 1, None, "the dataset has no datapoints yet"),
        (10, None, 0, "META_TASK_GROUP_ID is present but has no values"),
        (2, None, 3, "groups come from META_TASK_GROUP_ID: 3 groups, more than the 2 datapoints"),
    ],
)
def test_invalid_numbers_explain_themselves(
    datapoints: int, per_group: int | None, groups: int | None, error: str
) -> None:
    preview = describe_setup(datapoints, per_group, groups)
    assert not preview.is_valid
    assert preview.task_groups is None
    assert preview.error == error
    assert preview.text == error


def test_estimated_group_counts_say_about() -> None:
    preview = describe_setup(2_000_000, None, 1_612_345, approximate=True)
    assert preview.text == "groups come from META_TASK_GROUP_ID: about 1,612,345 groups"
    assert preview.task_groups == 1_612_345

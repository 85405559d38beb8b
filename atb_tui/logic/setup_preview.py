"""What batch setup will produce, said before the user presses the button.

Rules (api-reference §3.7, §4.2, §4.8): every datapoint becomes one task; tasks are grouped
`tasks_per_group` at a time (≥1, default 1), the last group holding what is left over; when the
dataset defines groups (V3 `META_TASK_GROUP_ID`, V4 a `task_group_id` field) those take
precedence and `tasks_per_group` is ignored.
"""

from __future__ import annotations

from dataclasses import dataclass

from atb_tui.logic.inspection import GROUP_COLUMN

DEFAULT_TASKS_PER_GROUP = 1


@dataclass(frozen=True)
class SetupPreview:
    """The outcome of setup, or why it can't be set up with these numbers.

    `task_groups` is None when `error` is set. `last_group_size` is the size of a partial last
    group (None when all groups are full or groups come from the dataset).
    """

    task_groups: int | None
    text: str
    error: str | None = None
    tasks_per_group: int | None = None
    last_group_size: int | None = None
    groups_from_dataset: bool = False

    @property
    def is_valid(self) -> bool:
        """True when setup can run with these numbers."""
        return self.error is None


def describe_setup(
    datapoints: int,
    tasks_per_group: int | None,
    group_count: int | None,
    *,
    group_column: str = GROUP_COLUMN,
    approximate: bool = False,
) -> SetupPreview:
    """Preview setup: '1,200 datapoints → 400 task groups of 3' or why it is invalid.

    `group_count` is the number of distinct group ids when the dataset defines its own groups
    (None otherwise; `approximate` when it is an estimate, see `FileInspection`);
    `tasks_per_group` None means the API's default of 1.
    """
    if datapoints <= 0:
        return _invalid("the dataset has no datapoints yet")
    if group_count is not None:
        column = group_column
        return _from_dataset(datapoints, group_count, tasks_per_group, column, approximate)
    size = DEFAULT_TASKS_PER_GROUP if tasks_per_group is None else tasks_per_group
    error = tasks_per_group_error(size, datapoints)
    if error is not None:
        return _invalid(error)
    return _even_groups(datapoints, size)


def tasks_per_group_error(tasks_per_group: int, datapoints: int) -> str | None:
    """Why this group size can't be used, or None when it can."""
    if tasks_per_group < 1:
        return "tasks per group must be at least 1"
    if tasks_per_group > datapoints:
        noun = _plural(datapoints, "datapoint")
        return f"tasks per group ({tasks_per_group:,}) is more than the {noun} in the dataset"
    return None


def _even_groups(datapoints: int, size: int) -> SetupPreview:
    full, remainder = divmod(datapoints, size)
    groups = full + (1 if remainder else 0)
    text = f"{_plural(datapoints, 'datapoint')} → {_plural(groups, 'task group')} of {size:,}"
    if remainder:
        text += f", the last with {remainder:,}"
    last = remainder or None
    return SetupPreview(groups, text, tasks_per_group=size, last_group_size=last)


def _from_dataset(
    datapoints: int, group_count: int, tasks_per_group: int | None, column: str, approximate: bool
) -> SetupPreview:
    if group_count <= 0:
        return _invalid(f"{column} is present but has no values")
    about = "about " if approximate else ""
    text = f"groups come from {column}: {about}{_plural(group_count, 'group')}"
    if group_count > datapoints and not approximate:
        return _invalid(f"{text}, more than the {_plural(datapoints, 'datapoint')}")
    if tasks_per_group is not None:
        text += " (tasks per group is ignored)"
    return SetupPreview(group_count, text, groups_from_dataset=True)


def _invalid(error: str) -> SetupPreview:
    return SetupPreview(None, error, error=error)


def _plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}" if count == 1 else f"{count:,} {noun}s"

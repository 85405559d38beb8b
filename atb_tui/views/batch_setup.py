"""What batch setup will produce, previewed from what the user types (no Textual)."""

from __future__ import annotations

from dataclasses import dataclass

from atb_tui.logic.setup_preview import SetupPreview, describe_setup


@dataclass(frozen=True)
class SetupFacts:
    """What setup works on: the dataset's size and whether it brings its own groups."""

    datapoints: int
    tasks_per_group: int
    group_column: str | None = None  # set when the dataset defines task groups
    group_count: int | None = None  # known only for a file inspected in this session


def setup_preview(facts: SetupFacts, typed: str) -> SetupPreview:
    """The live preview for what the user typed in "tasks per group"."""
    if facts.group_column is not None and facts.group_count is None:
        text = f"groups come from {facts.group_column} (tasks per group is ignored)"
        return SetupPreview(None, text, groups_from_dataset=True)
    try:
        size = int(typed.replace(",", "").strip())
    except ValueError:
        return SetupPreview(None, "type a whole number", error="type a whole number")
    column = facts.group_column or ""
    if facts.group_column is None:
        return describe_setup(facts.datapoints, size, None)
    return describe_setup(facts.datapoints, size, facts.group_count, group_column=column)

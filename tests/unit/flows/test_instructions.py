"""Server and client problems mapped back onto instructions and fields (pure)."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from atb_tui.api.models.batches import BatchUpdate
from atb_tui.flows.instructions import _layout_index, legacy_issues, model_issues
from atb_tui.logic.instructions import (
    LAYOUT_ISSUES,
    ChoiceOption,
    FreeText,
    MultipleChoice,
    build_layout,
)

CHOICE = MultipleChoice(
    description="Q", options=(ChoiceOption(label="A", value="a"), ChoiceOption(label="", value="b"))
)


def test_legacy_field_errors_land_on_instruction_and_field() -> None:
    errors = {
        "instructions[1].options[0].value": ["Must be a string, number or boolean."],
        "instructions[0].description": ["This field is required."],
        "instructions": ["Something about the list."],
    }
    issues = legacy_issues(errors, [FreeText(description="x"), CHOICE])
    assert [i.field for i in issues[1]] == ["options.0.value"]
    assert [i.field for i in issues[0]] == ["description"]
    assert "Something about the list" in issues[LAYOUT_ISSUES][0].message


def test_request_model_problems_land_on_the_layout_position() -> None:
    layout = build_layout([FreeText(description="x"), CHOICE], ["review_text"])
    with pytest.raises(ValidationError) as caught:
        BatchUpdate(batch_items=layout.pages)  # type: ignore[arg-type]
    issues = model_issues(caught.value, lambda loc: _layout_index(loc, layout))
    assert [i.field for i in issues[1]] == ["options.1.label"]

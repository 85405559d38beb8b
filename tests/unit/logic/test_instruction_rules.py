"""Instruction validation: each API rule, per type, lands on its own field."""

from __future__ import annotations

import math
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from atb_tui.logic.instructions import (
    INSTRUCTION_TYPES,
    LIST_ISSUES,
    ChoiceOption,
    FieldIssue,
    FileUpload,
    FreeText,
    FreeTextWithUnit,
    Instruction,
    MultipleChoice,
    MultipleChoiceWithFreeText,
    UnitOption,
    UnsupportedInstruction,
    ValidationRule,
    answer_limit_text,
    convert,
    new_instruction,
    summary,
    uses_dropdown,
    validate_instruction,
    validate_instructions,
)

YES = ChoiceOption(label="Yes", value="yes")
NO = ChoiceOption(label="No", value="no")
NONE = ChoiceOption(label="None of the above", value="none", exclusive=True)
GOOD_MC = MultipleChoice(description="Sentiment?", options=(YES, NO))
KG = UnitOption(label="kg", value="kg")
LB = UnitOption(label="lb", value="lb")
GOOD_UNIT = FreeTextWithUnit(description="Weight?", unit_options=(KG, LB), default_unit="kg")


def fields(issues: list[FieldIssue]) -> list[str]:
    return [issue.field for issue in issues]


def test_good_instructions_have_no_issues() -> None:
    good: list[Instruction] = [
        GOOD_MC,
        MultipleChoiceWithFreeText(
            description="Issues?",
            answer_limit=-1,
            options=(replace(YES, heading="Accuracy"), replace(NO, heading="Clarity")),
        ),
        FreeText(description="Why?", validation=ValidationRule(type="string", min=10, max=500)),
        GOOD_UNIT,
        FileUpload(description="Upload a photo"),
    ]
    assert validate_instructions(good) == {}


def test_description_is_required_for_every_type() -> None:
    for type_name in INSTRUCTION_TYPES:
        issues = validate_instruction(new_instruction(type_name))
        assert FieldIssue("description", "write the question participants will answer") in issues


def test_unsupported_instructions_are_never_blocked() -> None:
    assert validate_instruction(UnsupportedInstruction({"type": "video_narration"})) == []


def test_empty_list_is_a_list_issue() -> None:
    assert validate_instructions([]) == {
        LIST_ISSUES: [FieldIssue("instructions", "add at least one instruction")]
    }
    assert list(validate_instructions([GOOD_MC, MultipleChoice()])) == [1]


@pytest.mark.parametrize("cls", [MultipleChoice, MultipleChoiceWithFreeText])
def test_choice_needs_options(cls: type[MultipleChoice | MultipleChoiceWithFreeText]) -> None:
    issues = validate_instruction(cls(description="Q"))
    assert issues == [FieldIssue("options", "add at least one option")]


def test_option_label_and_value_required() -> None:
    instruction = replace(GOOD_MC, options=(YES, ChoiceOption(label=" ", value="")))
    assert validate_instruction(instruction) == [
        FieldIssue("options.1.label", "option 2 needs a label"),
        FieldIssue("options.1.value", "option 2 needs a value"),
    ]


def test_option_values_and_labels_must_be_unique() -> None:
    options = (
        ChoiceOption(label="One", value=1),
        ChoiceOption(label="Uno", value="1"),
        ChoiceOption(label="One", value=True),
    )
    issues = validate_instruction(replace(GOOD_MC, options=options))
    assert issues == [
        FieldIssue("options.1.value", "value '1' is already used by option 1"),
        FieldIssue("options.2.label", "label 'One' is already used by option 1"),
    ]


@pytest.mark.parametrize(
    ("answer_limit", "message"),
    [
        (3, "answer_limit 3 is more than the 2 options"),
        (0, "answer_limit must be 1 (one answer), up to the number of options, or -1 (any)"),
        (-2, "answer_limit must be 1 (one answer), up to the number of options, or -1 (any)"),
    ],
)
def test_answer_limit_bounds(answer_limit: int, message: str) -> None:
    issues = validate_instruction(replace(GOOD_MC, answer_limit=answer_limit))
    assert issues == [FieldIssue("answer_limit", message)]


@pytest.mark.parametrize("answer_limit", [1, 2, -1])
def test_answer_limit_accepted_values(answer_limit: int) -> None:
    assert validate_instruction(replace(GOOD_MC, answer_limit=answer_limit)) == []


def test_exclusive_option_needs_multiple_answers() -> None:
    single = replace(GOOD_MC, options=(YES, NO, NONE))
    assert fields(validate_instruction(single)) == ["options.2.exclusive"]
    assert "answer_limit is 1" in validate_instruction(single)[0].message
    assert validate_instruction(replace(single, answer_limit=-1)) == []


def test_not_every_option_may_be_exclusive() -> None:
    all_exclusive = replace(GOOD_MC, answer_limit=-1, options=(replace(YES, exclusive=True), NONE))
    assert validate_instruction(all_exclusive) == [
        FieldIssue("options", "at least one option must not be exclusive")
    ]


def test_headings_required_for_multiple_choice_with_free_text() -> None:
    instruction = MultipleChoiceWithFreeText(
        description="Q", options=(replace(YES, heading="Accuracy"), NO)
    )
    assert validate_instruction(instruction) == [
        FieldIssue("options.1.heading", "option 2 needs a heading (headings group the options)")
    ]


@pytest.mark.parametrize(
    ("rule", "issues"),
    [
        (ValidationRule(type="string", min=0, max=None), []),
        (ValidationRule(type="number", min=-5.5, max=2.5), []),
        (
            ValidationRule(type="text"),
            [("validation.type", "choose 'string' (length) or 'number' (value)")],
        ),
        (
            ValidationRule(type="string", min=-1),
            [("validation.min", "min must be a whole number of characters, 0 or more")],
        ),
        (
            ValidationRule(type="string", max=2.5),
            [("validation.max", "max must be a whole number of characters, 0 or more")],
        ),
        (ValidationRule(type="number", min=math.nan), [("validation.min", "min must be a number")]),
        (
            ValidationRule(type="number", min=10, max=5),
            [("validation.max", "max (5) is less than min (10)")],
        ),
    ],
)
def test_free_text_validation_rule(rule: ValidationRule, issues: list[tuple[str, str]]) -> None:
    found = validate_instruction(FreeText(description="Q", validation=rule))
    assert [(issue.field, issue.message) for issue in found] == issues


def test_free_text_with_unit_rules() -> None:
    assert validate_instruction(GOOD_UNIT) == []
    broken = FreeTextWithUnit(
        description="Q",
        unit_options=(
            UnitOption(
                label="kg", value="kg", validation=ValidationRule(type="string", min=3, max=1)
            ),
        ),
        default_unit="stone",
        unit_position="middle",
    )
    assert validate_instruction(broken) == [
        FieldIssue("unit_options", "add at least two units to choose from"),
        FieldIssue("unit_options.0.validation.max", "max (1) is less than min (3)"),
        FieldIssue("default_unit", "default unit 'stone' is not the value of any unit"),
        FieldIssue(
            "unit_position", "choose where the unit goes: 'prefix' (before) or 'suffix' (after)"
        ),
    ]


def test_unit_values_must_be_unique_and_default_may_match_a_number() -> None:
    units = (UnitOption(label="one", value=1), UnitOption(label="uno", value=1.0))
    issues = validate_instruction(replace(GOOD_UNIT, unit_options=units, default_unit="1"))
    assert issues == [FieldIssue("unit_options.1.value", "value '1' is already used by unit 1")]


def test_file_upload_rules() -> None:
    broken = FileUpload(
        description="Q",
        accepted_file_types=(".png", "jpg", ".PNG", ". x"),
        max_file_size_mb=0,
        min_file_count=3,
        max_file_count=2,
    )
    assert validate_instruction(broken) == [
        FieldIssue("accepted_file_types.1", "'jpg' must look like '.jpg' (a dot, then letters)"),
        FieldIssue("accepted_file_types.2", "'.PNG' is listed twice"),
        FieldIssue("accepted_file_types.3", "'. x' must look like '.jpg' (a dot, then letters)"),
        FieldIssue("max_file_size_mb", "the size limit must be more than 0 MB"),
        FieldIssue("max_file_count", "the most files (2) is less than the fewest (3)"),
    ]
    counts = FileUpload(description="Q", accepted_file_types=(), min_file_count=0, max_file_count=0)
    assert validate_instruction(counts) == [
        FieldIssue("accepted_file_types", "accept at least one file type, like .jpg"),
        FieldIssue("min_file_count", "at least 1 file must be asked for"),
        FieldIssue("max_file_count", "the most files must be at least 1"),
    ]


def test_new_instruction_starts_with_the_api_defaults() -> None:
    upload = new_instruction("file_upload")
    assert isinstance(upload, FileUpload)
    assert upload.accepted_file_types == (".jpg", ".jpeg", ".png", ".heic", ".heif")
    assert (upload.max_file_size_mb, upload.min_file_count, upload.max_file_count) == (25, 1, 10)
    choice = new_instruction("multiple_choice")
    assert isinstance(choice, MultipleChoice)
    assert (len(choice.options), choice.answer_limit, choice.disable_dropdown) == (2, 1, False)


def test_convert_keeps_the_question_and_options() -> None:
    source = replace(GOOD_MC, helper_text="Pick one", id="abc", answer_limit=2)
    converted = convert(source, "multiple_choice_with_free_text")
    assert isinstance(converted, MultipleChoiceWithFreeText)
    assert (converted.description, converted.helper_text, converted.id) == (
        "Sentiment?",
        "Pick one",
        "abc",
    )
    assert (converted.options, converted.answer_limit) == (GOOD_MC.options, 2)
    text = convert(source, "free_text")
    assert isinstance(text, FreeText)
    assert text.description == "Sentiment?"


def test_summary_and_dropdown() -> None:
    assert summary(GOOD_MC) == "Multiple choice · 2 options · one answer"
    assert summary(GOOD_UNIT) == "Free text with unit · 2 units"
    assert summary(FileUpload()) == "File upload · 1 to 10 files"
    assert summary(FreeText()) == "Free text"
    assert summary(UnsupportedInstruction({"type": "video_narration"})).startswith(
        "video_narration"
    )
    assert answer_limit_text(-1) == "any number of answers"
    assert answer_limit_text(3) == "up to 3 answers"
    five = tuple(ChoiceOption(label=str(i), value=str(i)) for i in range(5))
    assert uses_dropdown(replace(GOOD_MC, options=five))
    assert not uses_dropdown(replace(GOOD_MC, options=five, disable_dropdown=True))
    assert not uses_dropdown(GOOD_MC)


option_values = st.one_of(st.text(max_size=5), st.integers(), st.floats(), st.booleans())
options = st.builds(
    ChoiceOption,
    label=st.text(max_size=5),
    value=option_values,
    exclusive=st.booleans(),
    heading=st.text(max_size=5),
)


@settings(max_examples=100, deadline=None)
@given(
    cls=st.sampled_from([MultipleChoice, MultipleChoiceWithFreeText]),
    choices=st.lists(options, max_size=6),
    answer_limit=st.integers(min_value=-5, max_value=10),
    description=st.text(max_size=5),
)
def test_choice_validation_never_raises_and_matches_the_answer_limit_rule(
    cls: type[MultipleChoice | MultipleChoiceWithFreeText],
    choices: list[ChoiceOption],
    answer_limit: int,
    description: str,
) -> None:
    instruction = cls(description=description, options=tuple(choices), answer_limit=answer_limit)
    issues = validate_instruction(instruction)
    limit_ok = answer_limit == -1 or 1 <= answer_limit <= len(choices)
    assert ("answer_limit" in fields(issues)) == (bool(choices) and not limit_ok)
    assert all(issue.message for issue in issues)

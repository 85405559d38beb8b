"""The API's instruction rules, checked as the user types, each problem on its own field.

Sources: api-reference §5.4/§5.5 and SPEC (`AITaskBuilderInstruction`, `ValidationRule`,
`BatchItemsItem`): description required; choice types need options with label and value,
`answer_limit` 1, -1 or up to the number of options, `exclusive` not with `answer_limit` 1 and
never on every option, a `heading` on each option of multiple_choice_with_free_text;
validation `type` number/string, string bounds whole and ≥0, min ≤ max; free_text_with_unit
needs units (Prolific's CLI requires at least two), `default_unit` among their values and a
`unit_position` of prefix/suffix; file_upload types start with a dot, size > 0, counts ≥ 1 and
max ≥ min. Two rules are ours, because answers must be told apart: option values (and labels)
and unit values must be unique within an instruction.

Field paths are dotted with 0-based indices, like the wire arrays: "options.2.value";
messages count from 1 as people do: "option 3 needs a value".
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from atb_tui.logic.instructions.model import (
    ChoiceOption,
    EditableInstruction,
    FileUpload,
    FreeText,
    FreeTextWithUnit,
    Instruction,
    MultipleChoice,
    MultipleChoiceWithFreeText,
    OptionValue,
    UnitOption,
    UnsupportedInstruction,
    ValidationRule,
)

# Key under which `validate_instructions` reports problems of the list as a whole.
LIST_ISSUES = -1
MIN_UNIT_OPTIONS = 2


@dataclass(frozen=True)
class FieldIssue:
    """A problem shown on one field of the form (`field` is a dotted path; "" = whole item)."""

    field: str
    message: str


def validate_instruction(instruction: Instruction) -> list[FieldIssue]:
    """Every rule the API applies to this instruction; empty when it can be saved."""
    if isinstance(instruction, UnsupportedInstruction):
        return []
    return _common_rules(instruction) + _type_rules(instruction)


def validate_instructions(instructions: Sequence[Instruction]) -> dict[int, list[FieldIssue]]:
    """Issues by instruction index (only those with issues); list-wide ones at LIST_ISSUES."""
    if not instructions:
        return {LIST_ISSUES: [FieldIssue("instructions", "add at least one instruction")]}
    found = {index: validate_instruction(item) for index, item in enumerate(instructions)}
    return {index: issues for index, issues in found.items() if issues}


def value_key(value: OptionValue) -> str:
    """How a value reads in responses and exports, so 1, 1.0 and "1" count as the same."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _common_rules(instruction: EditableInstruction) -> list[FieldIssue]:
    if not instruction.description.strip():
        return [FieldIssue("description", "write the question participants will answer")]
    return []


def _type_rules(instruction: EditableInstruction) -> list[FieldIssue]:
    if isinstance(instruction, MultipleChoice | MultipleChoiceWithFreeText):
        return _choice_rules(instruction)
    if isinstance(instruction, FreeText):
        return _free_text_rules(instruction)
    if isinstance(instruction, FreeTextWithUnit):
        return _unit_rules(instruction)
    return _file_upload_rules(instruction)


def _choice_rules(instruction: MultipleChoice | MultipleChoiceWithFreeText) -> list[FieldIssue]:
    options = instruction.options
    if not options:
        return [FieldIssue("options", "add at least one option")]
    needs_heading = isinstance(instruction, MultipleChoiceWithFreeText)
    return (
        _option_rules(options, needs_heading)
        + _answer_limit_rules(instruction.answer_limit, len(options))
        + _exclusive_rules(options, instruction.answer_limit)
    )


def _option_rules(options: Sequence[ChoiceOption], needs_heading: bool) -> list[FieldIssue]:
    issues = _label_value_rules(options, "options", "option")
    for index, option in enumerate(options):
        if needs_heading and not option.heading.strip():
            message = f"option {index + 1} needs a heading (headings group the options)"
            issues.append(FieldIssue(f"options.{index}.heading", message))
    return issues


def _label_value_rules(
    options: Sequence[ChoiceOption | UnitOption], path: str, noun: str
) -> list[FieldIssue]:
    issues: list[FieldIssue] = []
    labels: dict[str, int] = {}
    values: dict[str, int] = {}
    for index, option in enumerate(options):
        label, value = option.label.strip(), value_key(option.value)
        if not label:
            issues.append(FieldIssue(f"{path}.{index}.label", f"{noun} {index + 1} needs a label"))
        elif label in labels:
            message = f"label '{label}' is already used by {noun} {labels[label] + 1}"
            issues.append(FieldIssue(f"{path}.{index}.label", message))
        if not value:
            issues.append(FieldIssue(f"{path}.{index}.value", f"{noun} {index + 1} needs a value"))
        elif value in values:
            message = f"value '{value}' is already used by {noun} {values[value] + 1}"
            issues.append(FieldIssue(f"{path}.{index}.value", message))
        labels.setdefault(label, index)
        values.setdefault(value, index)
    return issues


def _answer_limit_rules(answer_limit: int, option_count: int) -> list[FieldIssue]:
    if answer_limit == -1 or 1 <= answer_limit <= option_count:
        return []
    if answer_limit > option_count:
        noun = "option" if option_count == 1 else "options"
        message = f"answer_limit {answer_limit} is more than the {option_count} {noun}"
    else:
        message = "answer_limit must be 1 (one answer), up to the number of options, or -1 (any)"
    return [FieldIssue("answer_limit", message)]


def _exclusive_rules(options: Sequence[ChoiceOption], answer_limit: int) -> list[FieldIssue]:
    exclusive = [index for index, option in enumerate(options) if option.exclusive]
    if not exclusive:
        return []
    if len(exclusive) == len(options):
        return [FieldIssue("options", "at least one option must not be exclusive")]
    if answer_limit != 1:
        return []
    message = (
        "an exclusive option (like 'None of the above') only makes sense when more than one "
        "answer is allowed; answer_limit is 1"
    )
    return [FieldIssue(f"options.{index}.exclusive", message) for index in exclusive]


def _free_text_rules(instruction: FreeText) -> list[FieldIssue]:
    if instruction.validation is None:
        return []
    return validation_rule_issues(instruction.validation, "validation")


def validation_rule_issues(rule: ValidationRule, path: str) -> list[FieldIssue]:
    """Problems with a min/max rule; `path` prefixes the field names."""
    if rule.type not in ("number", "string"):
        return [FieldIssue(f"{path}.type", "choose 'string' (length) or 'number' (value)")]
    issues: list[FieldIssue] = []
    for name, bound in (("min", rule.min), ("max", rule.max)):
        problem = _bound_problem(rule.type, bound)
        if problem:
            issues.append(FieldIssue(f"{path}.{name}", f"{name} {problem}"))
    if not issues and rule.min is not None and rule.max is not None and rule.min > rule.max:
        message = f"max ({rule.max:g}) is less than min ({rule.min:g})"
        issues.append(FieldIssue(f"{path}.max", message))
    return issues


def _bound_problem(rule_type: str, bound: float | None) -> str | None:
    if bound is None:
        return None
    if not math.isfinite(bound):
        return "must be a number"
    if rule_type == "string" and (bound < 0 or not float(bound).is_integer()):
        return "must be a whole number of characters, 0 or more"
    return None


def _unit_rules(instruction: FreeTextWithUnit) -> list[FieldIssue]:
    units = instruction.unit_options
    issues: list[FieldIssue] = []
    if len(units) < MIN_UNIT_OPTIONS:
        issues.append(FieldIssue("unit_options", "add at least two units to choose from"))
    issues += _label_value_rules(units, "unit_options", "unit")
    for index, unit in enumerate(units):
        if unit.validation is not None:
            issues += validation_rule_issues(unit.validation, f"unit_options.{index}.validation")
    default = instruction.default_unit.strip()
    if default and default not in {value_key(unit.value) for unit in units}:
        message = f"default unit '{default}' is not the value of any unit"
        issues.append(FieldIssue("default_unit", message))
    if instruction.unit_position not in ("prefix", "suffix"):
        message = "choose where the unit goes: 'prefix' (before) or 'suffix' (after)"
        issues.append(FieldIssue("unit_position", message))
    return issues


def _file_upload_rules(instruction: FileUpload) -> list[FieldIssue]:
    issues = _file_type_rules(instruction.accepted_file_types)
    size = instruction.max_file_size_mb
    if not (math.isfinite(size) and size > 0):
        issues.append(FieldIssue("max_file_size_mb", "the size limit must be more than 0 MB"))
    low, high = instruction.min_file_count, instruction.max_file_count
    if low < 1:
        issues.append(FieldIssue("min_file_count", "at least 1 file must be asked for"))
    if high < 1:
        issues.append(FieldIssue("max_file_count", "the most files must be at least 1"))
    elif high < low:
        message = f"the most files ({high}) is less than the fewest ({low})"
        issues.append(FieldIssue("max_file_count", message))
    return issues


def _file_type_rules(file_types: Sequence[str]) -> list[FieldIssue]:
    if not file_types:
        return [FieldIssue("accepted_file_types", "accept at least one file type, like .jpg")]
    issues: list[FieldIssue] = []
    seen: set[str] = set()
    for index, extension in enumerate(file_types):
        path = f"accepted_file_types.{index}"
        if not _is_extension(extension):
            message = f"'{extension}' must look like '.jpg' (a dot, then letters)"
            issues.append(FieldIssue(path, message))
        elif extension.lower() in seen:
            issues.append(FieldIssue(path, f"'{extension}' is listed twice"))
        seen.add(extension.lower())
    return issues


def _is_extension(text: str) -> bool:
    return text.startswith(".") and len(text) > 1 and not any(c.isspace() for c in text)

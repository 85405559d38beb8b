"""Instructions to and from the API's JSON.

`to_wire` builds one item of the legacy `POST/PUT /batches/{id}/instructions` body
(`{"instructions": [item, ...]}`, api-reference §5.4): `type`, `id` (PUT keeps it), `created_by`
(the CLI requires it and the server accepts it), `description`, then the type's own fields.
Optional text left empty is omitted, and so is `disable_dropdown` when false (its default).

`from_wire` reads an instruction from any source (GET responses, batch items, files) and is
tolerant: server-only fields are ignored, missing fields take the API's defaults, numbers in
strings are read, and an unknown `type` becomes an `UnsupportedInstruction`. It raises
`InstructionFormatError` only when the data is not an instruction at all.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping
from typing import Any

from atb_tui.logic.instructions.model import (
    DEFAULT_FILE_TYPES,
    DEFAULT_MAX_FILE_COUNT,
    DEFAULT_MAX_FILE_SIZE_MB,
    DEFAULT_MIN_FILE_COUNT,
    INSTRUCTION_CLASSES,
    BaseInstruction,
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

DEFAULT_CREATED_BY = "atb-tui"
_HUGE = 2**63
# Fields the server adds to responses; never sent back.
SERVER_FIELDS = frozenset({"created_at", "parent_id", "parent_type", "batch_id"})


class InstructionFormatError(ValueError):
    """Data that can't be read as an instruction; the message says why."""


def to_wire(
    instruction: Instruction, *, created_by: str = DEFAULT_CREATED_BY, include_id: bool = True
) -> dict[str, Any]:
    """One item of the legacy instructions request body."""
    if isinstance(instruction, UnsupportedInstruction):
        return _raw_item(instruction, include_id)
    item: dict[str, Any] = {"type": instruction.type}
    if include_id and instruction.id:
        item["id"] = instruction.id
    item["created_by"] = instruction.created_by or created_by
    item.update(common_fields(instruction))
    item.update(type_fields(instruction))
    return item


def _raw_item(instruction: UnsupportedInstruction, include_id: bool) -> dict[str, Any]:
    dropped = SERVER_FIELDS if include_id else SERVER_FIELDS | {"id"}
    return {key: value for key, value in instruction.raw.items() if key not in dropped}


def common_fields(instruction: BaseInstruction) -> dict[str, Any]:
    """`description` and the optional texts that are set."""
    fields: dict[str, Any] = {"description": instruction.description}
    if instruction.helper_text:
        fields["helper_text"] = instruction.helper_text
    if instruction.placeholder_text_input:
        fields["placeholder_text_input"] = instruction.placeholder_text_input
    return fields


def type_fields(instruction: EditableInstruction) -> dict[str, Any]:
    """The fields that belong to this instruction's type."""
    if isinstance(instruction, MultipleChoice | MultipleChoiceWithFreeText):
        with_heading = isinstance(instruction, MultipleChoiceWithFreeText)
        fields: dict[str, Any] = {"answer_limit": instruction.answer_limit}
        if instruction.disable_dropdown:
            fields["disable_dropdown"] = True
        fields["options"] = [_option_wire(option, with_heading) for option in instruction.options]
        return fields
    if isinstance(instruction, FreeText):
        rule = instruction.validation
        return {} if rule is None else {"validation": _rule_wire(rule)}
    if isinstance(instruction, FreeTextWithUnit):
        return _unit_fields(instruction)
    return {
        "accepted_file_types": list(instruction.accepted_file_types),
        "max_file_size_mb": instruction.max_file_size_mb,
        "min_file_count": instruction.min_file_count,
        "max_file_count": instruction.max_file_count,
    }


def _option_wire(option: ChoiceOption, with_heading: bool) -> dict[str, Any]:
    wire: dict[str, Any] = {"label": option.label, "value": option.value}
    if with_heading:
        wire["heading"] = option.heading
    if option.exclusive:
        wire["exclusive"] = True
    return wire


def _rule_wire(rule: ValidationRule) -> dict[str, Any]:
    wire: dict[str, Any] = {"type": rule.type}
    if rule.min is not None:
        wire["min"] = rule.min
    if rule.max is not None:
        wire["max"] = rule.max
    return wire


def _unit_fields(instruction: FreeTextWithUnit) -> dict[str, Any]:
    units = []
    for unit in instruction.unit_options:
        wire: dict[str, Any] = {"label": unit.label, "value": unit.value}
        if unit.validation is not None:
            wire["validation"] = _rule_wire(unit.validation)
        units.append(wire)
    fields: dict[str, Any] = {"unit_options": units}
    if instruction.default_unit:
        fields["default_unit"] = instruction.default_unit
    fields["unit_position"] = instruction.unit_position
    return fields


def from_wire(data: object) -> Instruction:
    """Read an instruction from API or file JSON (see the module docstring)."""
    if not isinstance(data, Mapping):
        raise InstructionFormatError(f"an instruction must be a JSON object, not {_kind(data)}")
    type_name = data.get("type")
    if not isinstance(type_name, str) or not type_name.strip():
        raise InstructionFormatError('the instruction has no "type"')
    cls = INSTRUCTION_CLASSES.get(type_name)
    if cls is None:
        return UnsupportedInstruction(dict(data))
    return cls(**_common_from_wire(data), **_TYPE_READERS[type_name](data))


def _common_from_wire(data: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "description": _text(data.get("description")),
        "helper_text": _text(data.get("helper_text")),
        "placeholder_text_input": _text(data.get("placeholder_text_input")),
        "id": _optional_text(data.get("id")),
        "created_by": _optional_text(data.get("created_by")),
    }


def _choice_from_wire(data: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "options": tuple(_option_from_wire(item) for item in _list(data.get("options"))),
        "answer_limit": _int(data.get("answer_limit"), 1),
        "disable_dropdown": data.get("disable_dropdown") is True,
    }


def _option_from_wire(item: object) -> ChoiceOption:
    if not isinstance(item, Mapping):
        return ChoiceOption(label=_text(item), value=_value(item))
    return ChoiceOption(
        label=_text(item.get("label")),
        value=_value(item.get("value")),
        exclusive=item.get("exclusive") is True,
        heading=_text(item.get("heading")),
    )


def _free_text_from_wire(data: Mapping[str, Any]) -> dict[str, Any]:
    return {"validation": _rule_from_wire(data.get("validation"))}


def _rule_from_wire(item: object) -> ValidationRule | None:
    if not isinstance(item, Mapping):
        return None
    rule_type = item.get("type")
    return ValidationRule(
        type=rule_type if isinstance(rule_type, str) else "string",
        min=_number(item.get("min")),
        max=_number(item.get("max")),
    )


def _unit_from_wire(data: Mapping[str, Any]) -> dict[str, Any]:
    units = []
    for item in _list(data.get("unit_options")):
        if isinstance(item, Mapping):
            validation = _rule_from_wire(item.get("validation"))
            label, value = _text(item.get("label")), _value(item.get("value"))
            unit = UnitOption(label=label, value=value, validation=validation)
        else:
            unit = UnitOption(label=_text(item), value=_value(item))
        units.append(unit)
    position = data.get("unit_position")
    return {
        "unit_options": tuple(units),
        "default_unit": _text(data.get("default_unit")),
        "unit_position": position if isinstance(position, str) else "suffix",
    }


def _file_upload_from_wire(data: Mapping[str, Any]) -> dict[str, Any]:
    types = data.get("accepted_file_types")
    size = _number(data.get("max_file_size_mb"))
    return {
        "accepted_file_types": (
            tuple(_text(item) for item in types) if isinstance(types, list) else DEFAULT_FILE_TYPES
        ),
        "max_file_size_mb": DEFAULT_MAX_FILE_SIZE_MB if size is None else size,
        "min_file_count": _int(data.get("min_file_count"), DEFAULT_MIN_FILE_COUNT),
        "max_file_count": _int(data.get("max_file_count"), DEFAULT_MAX_FILE_COUNT),
    }


_TYPE_READERS: dict[str, Callable[[Mapping[str, Any]], dict[str, Any]]] = {
    MultipleChoice.type: _choice_from_wire,
    MultipleChoiceWithFreeText.type: _choice_from_wire,
    FreeText.type: _free_text_from_wire,
    FreeTextWithUnit.type: _unit_from_wire,
    FileUpload.type: _file_upload_from_wire,
}


def _list(value: object) -> list[Any]:
    return value if isinstance(value, list) else []


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False) if isinstance(value, dict | list) else str(value)


def _optional_text(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def _value(value: object) -> OptionValue:
    if isinstance(value, str | bool | int | float):
        return value
    return _text(value)


def _number(value: object) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        # Ints beyond float range would overflow later arithmetic; they are nonsense here anyway.
        return value if abs(value) < _HUGE else math.copysign(math.inf, value)
    if isinstance(value, float):
        return value
    if isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            return None
        return int(number) if number.is_integer() and "." not in value else number
    return None


def _int(value: object, default: int) -> int:
    number = _number(value)
    if isinstance(number, int):
        return number
    if number is None or not math.isfinite(number) or not number.is_integer():
        return default
    return int(number)


def _kind(value: object) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return "a string"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    return "a number"

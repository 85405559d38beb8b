"""The rules for instructions (reference §5.5), shared by every place instructions appear:
legacy batch instructions, ``batch_items`` instruction items and collection page items.

:func:`instruction_problems` returns ``(field, message)`` pairs so each caller can report
them in its own envelope; :func:`normalise_instruction` keeps the documented fields of a
valid instruction and fills the documented defaults.
"""

from __future__ import annotations

import math
from typing import Any

from atb_tui.sandbox.model import INSTRUCTION_TYPES, JSON

Problem = tuple[str, str]

FILE_UPLOAD_DEFAULTS: JSON = {
    "accepted_file_types": [".jpg", ".jpeg", ".png", ".heic", ".heif"],
    "max_file_size_mb": 25,
    "min_file_count": 1,
    "max_file_count": 10,
}
_COMMON = ("type", "description", "helper_text", "placeholder_text_input")
_FIELDS_BY_TYPE = {
    "multiple_choice": ("answer_limit", "disable_dropdown", "options"),
    "multiple_choice_with_free_text": ("answer_limit", "disable_dropdown", "options"),
    "free_text": ("validation",),
    "free_text_with_unit": ("unit_options", "default_unit", "unit_position"),
    "file_upload": tuple(FILE_UPLOAD_DEFAULTS),
}


def instruction_problems(item: object) -> list[Problem]:
    """Everything wrong with one instruction, as ``(field, message)`` pairs."""
    if not isinstance(item, dict):
        return [("", "Each instruction must be an object.")]
    kind = item.get("type")
    if kind not in INSTRUCTION_TYPES:
        return [("type", f"Must be one of: {', '.join(INSTRUCTION_TYPES)}.")]
    problems = _text_problems(item)
    if kind in ("multiple_choice", "multiple_choice_with_free_text"):
        problems += _choice_problems(item, needs_heading=kind == "multiple_choice_with_free_text")
    elif kind == "free_text":
        problems += _rule_problems(item.get("validation"), "validation")
    elif kind == "free_text_with_unit":
        problems += _unit_problems(item)
    else:
        problems += _file_problems(item)
    return problems


def _text_problems(item: JSON) -> list[Problem]:
    problems = []
    if not _is_text(item.get("description")):
        problems.append(("description", "This field is required and must be a non-empty string."))
    for key in ("helper_text", "placeholder_text_input"):
        if key in item and not isinstance(item[key], str):
            problems.append((key, "Must be a string."))
    return problems


def _choice_problems(item: JSON, *, needs_heading: bool) -> list[Problem]:
    options = item.get("options")
    if not isinstance(options, list) or not options:
        return [("options", "At least one option is required.")]
    problems = []
    for index, option in enumerate(options):
        problems += _option_problems(option, f"options[{index}]", needs_heading=needs_heading)
    values = [str(o.get("value")) for o in options if isinstance(o, dict)]
    if len(set(values)) != len(values):
        problems.append(("options", "Option values must be unique."))
    if "disable_dropdown" in item and not isinstance(item["disable_dropdown"], bool):
        problems.append(("disable_dropdown", "Must be a boolean."))
    return problems + _answer_limit_problems(item.get("answer_limit"), options)


def _option_problems(option: object, where: str, *, needs_heading: bool) -> list[Problem]:
    if not isinstance(option, dict):
        return [(where, "Each option must be an object with 'label' and 'value'.")]
    problems = []
    if not _is_text(option.get("label")):
        problems.append((f"{where}.label", "Must be a non-empty string."))
    if not _is_scalar(option.get("value")):
        problems.append((f"{where}.value", "Must be a string, number or boolean."))
    if needs_heading and not _is_text(option.get("heading")):
        problems.append((f"{where}.heading", "Each option needs a heading (e.g. 'Accuracy')."))
    if "exclusive" in option and not isinstance(option["exclusive"], bool):
        problems.append((f"{where}.exclusive", "Must be a boolean."))
    return problems


def _answer_limit_problems(limit: object, options: list[Any]) -> list[Problem]:
    if isinstance(limit, bool) or not isinstance(limit, int):
        return [("answer_limit", "Required: 1 for single choice, -1 for unlimited, or a maximum.")]
    if limit == 0 or limit < -1:
        return [("answer_limit", f"Must be 1, -1 (unlimited) or a positive maximum, not {limit}.")]
    if limit > len(options):
        return [
            (
                "answer_limit",
                f"answer_limit ({limit}) exceeds the number of options ({len(options)}).",
            )
        ]
    exclusive = [o for o in options if isinstance(o, dict) and o.get("exclusive")]
    if exclusive and limit == 1:
        return [
            (
                "options",
                "Exclusive options are only allowed when more than one answer can be chosen.",
            )
        ]
    if exclusive and len(exclusive) == len(options):
        return [("options", "At least one option must not be exclusive.")]
    return []


def _rule_problems(rule: object, where: str) -> list[Problem]:
    if rule is None:
        return []
    if not isinstance(rule, dict) or rule.get("type") not in ("number", "string"):
        return [(where, "Must be an object whose 'type' is 'number' or 'string'.")]
    bounds = {key: rule.get(key) for key in ("min", "max")}
    for key, value in bounds.items():
        if value is not None and not _is_number(value):
            return [(f"{where}.{key}", "Must be a number or null.")]
        if rule["type"] == "string" and value is not None and (value < 0 or value != int(value)):
            return [(f"{where}.{key}", "Character counts must be non-negative whole numbers.")]
    low, high = bounds["min"], bounds["max"]
    if low is not None and high is not None and low > high:
        return [(where, f"min ({low}) must not be greater than max ({high}).")]
    return []


def _unit_problems(item: JSON) -> list[Problem]:
    units = item.get("unit_options")
    if not isinstance(units, list) or not units:
        return [("unit_options", "At least one unit option is required.")]
    problems = []
    for index, unit in enumerate(units):
        where = f"unit_options[{index}]"
        problems += _option_problems(unit, where, needs_heading=False)
        if isinstance(unit, dict):
            problems += _rule_problems(unit.get("validation"), f"{where}.validation")
    if item.get("unit_position") not in ("prefix", "suffix"):
        problems.append(("unit_position", "Must be 'prefix' or 'suffix'."))
    values = [str(u.get("value")) for u in units if isinstance(u, dict)]
    if "default_unit" in item and str(item["default_unit"]) not in values:
        problems.append(("default_unit", "Must be the value of one of the unit options."))
    return problems


def _file_problems(item: JSON) -> list[Problem]:
    merged = {**FILE_UPLOAD_DEFAULTS, **{k: v for k, v in item.items() if v is not None}}
    types = merged["accepted_file_types"]
    problems = []
    if (
        not isinstance(types, list)
        or not types
        or not all(isinstance(t, str) and t.startswith(".") and len(t) > 1 for t in types)
    ):
        problems.append(
            ("accepted_file_types", "Must list extensions that start with a dot, e.g. '.png'.")
        )
    if not _is_number(merged["max_file_size_mb"]) or merged["max_file_size_mb"] <= 0:
        problems.append(("max_file_size_mb", "Must be a number greater than 0."))
    low, high = merged["min_file_count"], merged["max_file_count"]
    for key, value in (("min_file_count", low), ("max_file_count", high)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            problems.append((key, "Must be a whole number of at least 1."))
    if not problems and low > high:
        problems.append(("max_file_count", f"Must be at least min_file_count ({low})."))
    return problems


def normalise_instruction(item: JSON) -> JSON:
    """The documented fields of a valid instruction, with defaults filled in."""
    kind = item["type"]
    keep = _COMMON + _FIELDS_BY_TYPE[kind]
    result = {key: item[key] for key in keep if key in item and item[key] is not None}
    if kind in ("multiple_choice", "multiple_choice_with_free_text"):
        result.setdefault("disable_dropdown", False)
    if kind == "file_upload":
        result = {**FILE_UPLOAD_DEFAULTS, **result}
    return result


def _is_text(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _is_scalar(value: object) -> bool:
    return isinstance(value, str | bool) or _is_number(value)

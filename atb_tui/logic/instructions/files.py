"""Instruction files in the shape of Prolific's official CLI: `{"instructions": [...]}`.

The CLI (`prolific aitaskbuilder batch instructions -f file.json`) reads that object, or a bare
array of instructions, whose items are the legacy request items (with `created_by`). Exports
here write the object form without server ids, so a file is a template for any batch; imports
accept both forms and drop ids for the same reason. Problems with a file raise
`InstructionFileError` with a message that says what and where.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path

from atb_tui.logic.instructions.model import (
    INSTRUCTION_TYPES,
    Instruction,
    UnsupportedInstruction,
)
from atb_tui.logic.instructions.wire import (
    DEFAULT_CREATED_BY,
    InstructionFormatError,
    from_wire,
    to_wire,
)

_MAX_FILE_BYTES = 10 * 1024 * 1024  # instruction files are a few kB; refuse accidental dumps
# Types Prolific added after the spec this app follows: imported and kept as they are.
NEWER_TYPES = frozenset({"video_narration"})


class InstructionFileError(InstructionFormatError):
    """An instructions file that can't be imported; the message says why."""


def export_json(
    instructions: Sequence[Instruction], *, created_by: str = DEFAULT_CREATED_BY
) -> str:
    """The CLI-compatible JSON text (2-space indent, UTF-8 characters kept, final newline)."""
    items = [to_wire(item, created_by=created_by, include_id=False) for item in instructions]
    return json.dumps({"instructions": items}, indent=2, ensure_ascii=False) + "\n"


def import_json(text: str) -> list[Instruction]:
    """Instructions from CLI-format JSON text; raises `InstructionFileError` otherwise."""
    if not text.strip():
        raise InstructionFileError("the file is empty")
    items = _items(_parse(text))
    if not items:
        raise InstructionFileError("the file has no instructions")
    return [_read_item(position, item) for position, item in enumerate(items, start=1)]


def read_instructions_file(path: Path) -> list[Instruction]:
    """`import_json` on a file, with unreadable files reported the same way."""
    try:
        if path.stat().st_size > _MAX_FILE_BYTES:
            raise InstructionFileError(f"{path.name} is too large to be an instructions file")
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InstructionFileError(f"{path.name} is not UTF-8 text (byte {exc.start})") from None
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise InstructionFileError(f"can't read {path.name}: {reason}") from None
    return import_json(text)


def _parse(text: str) -> object:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno}, column {exc.colno}"
        raise InstructionFileError(f"not valid JSON ({where}): {exc.msg}") from None
    except (ValueError, RecursionError):
        message = "not usable JSON: it nests too deeply or has a number that is too long"
        raise InstructionFileError(message) from None


def _items(document: object) -> list[object]:
    if isinstance(document, list):
        return document
    if isinstance(document, Mapping) and "instructions" in document:
        items = document["instructions"]
        if isinstance(items, list):
            return items
        raise InstructionFileError('"instructions" must be a list of instructions')
    raise InstructionFileError(
        'expected {"instructions": [...]} (the Prolific CLI format) or a list of instructions'
    )


def _read_item(position: int, item: object) -> Instruction:
    if not isinstance(item, Mapping):
        raise InstructionFileError(f"instruction {position} is {_kind(item)}, not an object")
    type_name = item.get("type")
    if not isinstance(type_name, str) or not type_name.strip():
        raise InstructionFileError(f'instruction {position} has no "type"')
    instruction = from_wire(item)
    if isinstance(instruction, UnsupportedInstruction):
        if type_name in NEWER_TYPES:
            return UnsupportedInstruction(
                {key: value for key, value in item.items() if key != "id"}
            )
        known = ", ".join(INSTRUCTION_TYPES)
        raise InstructionFileError(
            f"instruction {position} has an unknown type '{type_name}' (known: {known})"
        )
    return replace(instruction, id=None)


def _kind(value: object) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return "a string"
    if value is None:
        return "null"
    return "a boolean" if isinstance(value, bool) else "a number"

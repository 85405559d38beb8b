"""Instructions as a batch's `batch_items` layout, and the server's 422 issues mapped back.

The layout this app writes (api-reference §6): one page, repeated per datapoint; row 0 shows the
dataset's fields (`dataset_field` items, V4 datasets only), row 1 holds the instructions in
order, each row a single column. Items carry no `created_by`; ids are kept when known.

`BatchItemsLayout` remembers what sits at each (page, row, column, item) position, so a 422
`INVALID_BATCH_ITEMS` issue lands on the right instruction and field. It can also be built from
pages the server returned (including layouts made elsewhere), where instructions are numbered
in reading order.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from atb_tui.logic.instructions.model import (
    FileUpload,
    Instruction,
    UnsupportedInstruction,
)
from atb_tui.logic.instructions.rules import FieldIssue
from atb_tui.logic.instructions.wire import (
    SERVER_FIELDS,
    InstructionFormatError,
    common_fields,
    from_wire,
    type_fields,
)

Position = tuple[int, int, int, int]
# Key under which `map_batch_item_issues` reports issues that are not about an instruction.
LAYOUT_ISSUES = -1
# "options[2]" / "options.2" count from 0 (JSON paths); "option 3" / "unit 2" count from 1.
_INDEXED = re.compile(r"\b(options|unit_options|accepted_file_types)(?:\[(\d+)\]|\.(\d+))")
_COUNTED = re.compile(r"\b(option|unit_option|unit|file type)s?\s+(\d+)\b", re.IGNORECASE)
_COUNTED_PATHS = {
    "option": "options",
    "unit_option": "unit_options",
    "unit": "unit_options",
    "file type": "accepted_file_types",
}
_SUBFIELD = re.compile(r"^\W*(label|value|heading|exclusive|validation)\b", re.IGNORECASE)
_FIELD_WORDS: dict[str, str] = {
    "placeholder_text_input": "placeholder_text_input",
    "accepted_file_types": "accepted_file_types",
    "max_file_size_mb": "max_file_size_mb",
    "min_file_count": "min_file_count",
    "max_file_count": "max_file_count",
    "disable_dropdown": "disable_dropdown",
    "unit_position": "unit_position",
    "default_unit": "default_unit",
    "unit_options": "unit_options",
    "answer_limit": "answer_limit",
    "helper_text": "helper_text",
    "description": "description",
    "validation": "validation",
    "exclusive": "options",
    "heading": "options",
    "options": "options",
    "option": "options",
}
_ANY_FIELD_WORD = re.compile(r"\b(" + "|".join(_FIELD_WORDS) + r")s?\b", re.IGNORECASE)


@dataclass(frozen=True)
class ItemRef:
    """What sits at a layout position: an instruction (by index), a dataset field, or content."""

    kind: Literal["instruction", "dataset_field", "content"]
    index: int | None = None
    name: str | None = None
    type_name: str = ""


@dataclass(frozen=True)
class BatchItemsLayout:
    """The `batch_items` pages and what each position holds."""

    pages: list[dict[str, Any]]
    positions: Mapping[Position, ItemRef] = field(default_factory=dict)

    def locate(self, page: int, row: int, column: int, item: int) -> ItemRef | None:
        """What is at this zero-based position, if anything."""
        return self.positions.get((page, row, column, item))


def batch_item(instruction: Instruction) -> dict[str, Any]:
    """One instruction as a `batch_items` item."""
    if isinstance(instruction, UnsupportedInstruction):
        dropped = SERVER_FIELDS | {"created_by"}
        return {key: value for key, value in instruction.raw.items() if key not in dropped}
    item: dict[str, Any] = {"type": instruction.type}
    if instruction.id:
        item["id"] = instruction.id
    item.update(common_fields(instruction))
    if isinstance(instruction, FileUpload):
        item.pop("placeholder_text_input", None)  # not part of the file_upload item schema
    item.update(type_fields(instruction))
    return item


def build_layout(
    instructions: Sequence[Instruction], dataset_fields: Sequence[str]
) -> BatchItemsLayout:
    """This app's standard one-page layout (see the module docstring)."""
    if not instructions:
        raise InstructionFormatError("add at least one instruction before saving the layout")
    rows: list[dict[str, Any]] = []
    positions: dict[Position, ItemRef] = {}
    if dataset_fields:
        items = [{"type": "dataset_field", "field": name} for name in dataset_fields]
        rows.append({"columns": [{"items": items}]})
        for index, name in enumerate(dataset_fields):
            positions[(0, 0, 0, index)] = ItemRef("dataset_field", name=name)
    row_index = len(rows)
    rows.append({"columns": [{"items": [batch_item(item) for item in instructions]}]})
    for index, instruction in enumerate(instructions):
        positions[(0, row_index, 0, index)] = ItemRef("instruction", index, None, instruction.type)
    return BatchItemsLayout([{"rows": rows}], positions)


def to_batch_items(
    instructions: Sequence[Instruction], dataset_fields: Sequence[str]
) -> list[dict[str, Any]]:
    """The `batch_items` value for create/PATCH batch."""
    return build_layout(instructions, dataset_fields).pages


def layout_from_batch_items(pages: Sequence[object]) -> BatchItemsLayout:
    """Index a layout returned by the server (instructions numbered in reading order)."""
    positions: dict[Position, ItemRef] = {}
    count = 0
    for position, item in _walk(pages):
        type_name = item.get("type")
        if type_name == "dataset_field":
            positions[position] = ItemRef("dataset_field", name=str(item.get("field", "")))
        elif isinstance(type_name, str) and type_name not in ("rich_text", "image"):
            positions[position] = ItemRef("instruction", count, None, type_name)
            count += 1
        else:
            positions[position] = ItemRef("content", type_name=str(type_name))
    return BatchItemsLayout([dict(page) for page in pages if isinstance(page, Mapping)], positions)


def instructions_from_batch_items(pages: Sequence[object]) -> list[Instruction]:
    """The instruction items of a layout, in reading order (page, row, column, item)."""
    found: list[Instruction] = []
    for _, item in _walk(pages):
        if item.get("type") in ("dataset_field", "rich_text", "image"):
            continue
        try:
            found.append(from_wire(item))
        except InstructionFormatError:
            continue  # an item without a type can't be an instruction
    return found


def _walk(pages: Sequence[object]) -> list[tuple[Position, Mapping[str, Any]]]:
    found = []
    for p, page in enumerate(pages):
        for r, row in enumerate(_children(page, "rows")):
            for c, column in enumerate(_children(row, "columns")):
                for i, item in enumerate(_children(column, "items")):
                    if isinstance(item, Mapping):
                        found.append(((p, r, c, i), item))
    return found


def _children(node: object, key: str) -> list[object]:
    if not isinstance(node, Mapping):
        return []
    value = node.get(key)
    return value if isinstance(value, list) else []


def map_batch_item_issues(
    issues: Sequence[object], layout: BatchItemsLayout
) -> dict[int, list[FieldIssue]]:
    """422 `INVALID_BATCH_ITEMS` issues by instruction index; the rest under LAYOUT_ISSUES."""
    mapped: dict[int, list[FieldIssue]] = {}
    for issue in issues:
        if not isinstance(issue, Mapping):
            continue
        key, field_issue = _map_issue(issue, layout)
        mapped.setdefault(key, []).append(field_issue)
    return mapped


def _map_issue(issue: Mapping[str, Any], layout: BatchItemsLayout) -> tuple[int, FieldIssue]:
    message = str(issue.get("message") or "the server rejected this item")
    ref = _locate(issue, layout)
    if ref is not None and ref.kind == "instruction" and ref.index is not None:
        return ref.index, FieldIssue(guess_field(message, ref.type_name), message)
    name = issue.get("field") or (ref.name if ref else None)
    if name:
        return LAYOUT_ISSUES, FieldIssue(f"dataset_field.{name}", message)
    return LAYOUT_ISSUES, FieldIssue("batch_items", _with_position(issue, message))


def _locate(issue: Mapping[str, Any], layout: BatchItemsLayout) -> ItemRef | None:
    coordinates: list[int] = []
    for key in ("page", "row", "column", "item"):
        value = issue.get(key)
        if not isinstance(value, int) or isinstance(value, bool):
            return None
        coordinates.append(value)
    page, row, column, item = coordinates
    return layout.locate(page, row, column, item)


def _with_position(issue: Mapping[str, Any], message: str) -> str:
    parts = [f"{key} {issue[key]}" for key in ("page", "row", "column", "item") if key in issue]
    return f"{message} ({', '.join(parts)})" if parts else message


def guess_field(message: str, type_name: str = "") -> str:
    """The form field a server message is about ("" = the whole instruction).

    An indexed reference wins ("options[1].value" → "options.1.value", "option 2: heading …"
    → "options.1.heading"); otherwise the first field name the message mentions.
    """
    indexed = _indexed_path(message)
    if indexed is not None:
        path, rest = indexed
        sub = _SUBFIELD.match(rest)
        return f"{path}.{sub.group(1).lower()}" if sub else path
    word = _ANY_FIELD_WORD.search(message)
    if word is None:
        return ""
    return _fit_to_type(_FIELD_WORDS[word.group(1).lower()], type_name)


def _indexed_path(message: str) -> tuple[str, str] | None:
    json_path = _INDEXED.search(message)
    if json_path:
        index = json_path.group(2) or json_path.group(3)
        return f"{json_path.group(1)}.{index}", message[json_path.end() :]
    counted = _COUNTED.search(message)
    if counted and int(counted.group(2)) >= 1:
        path = _COUNTED_PATHS[counted.group(1).lower()]
        return f"{path}.{int(counted.group(2)) - 1}", message[counted.end() :]
    return None


def _fit_to_type(path: str, type_name: str) -> str:
    # "option" in a free_text_with_unit message is about its unit options.
    if path == "options" and type_name == "free_text_with_unit":
        return "unit_options"
    return path

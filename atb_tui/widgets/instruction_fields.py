"""Building blocks of the instruction form: field ids, edits of the wire JSON, labelled rows.

The form edits an instruction as its wire JSON (`to_wire`), addressed by the same dotted paths
the rules use ("options.2.value"); every widget id is derived from its path, so a `FieldIssue`
finds its widget and a change finds its place in the JSON.
"""

from __future__ import annotations

import re
from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Input, Static
from textual.widgets._input import InputType

INTEGER_FIELDS = frozenset({"answer_limit", "min_file_count", "max_file_count"})
NUMBER_FIELDS = frozenset({"min", "max", "max_file_size_mb"})
LIST_FIELDS = frozenset({"accepted_file_types"})
_SPLIT = re.compile(r"[\s,;]+")


def field_id(path: str) -> str:
    """The widget id of the field at `path` ("options.2.value" → "f-options--2--value")."""
    return "f-" + path.replace(".", "--")


def issue_id(path: str) -> str:
    """The id of the line that shows problems of the field (or group) at `path`."""
    return "i-" + (path.replace(".", "--") or "all")


def path_of(widget_id: str | None) -> str:
    """The field path a widget id stands for ("" if it is not a field)."""
    if not widget_id or not widget_id.startswith("f-"):
        return ""
    return widget_id[2:].replace("--", ".")


def convert_text(path: str, text: str) -> Any:
    """What the JSON holds for this text typed into the field at `path` (None = unset)."""
    name = path.rsplit(".", 1)[-1]
    stripped = text.strip()
    if name in LIST_FIELDS:
        return [part for part in _SPLIT.split(stripped) if part]
    if name in INTEGER_FIELDS:
        return int(stripped) if re.fullmatch(r"-?\d+", stripped) else None
    if name in NUMBER_FIELDS:
        try:
            return float(stripped) if stripped else None
        except ValueError:
            return None
    return text


def display_value(value: Any) -> str:
    """How a JSON value shows in an input."""
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(str(part) for part in value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def get_path(document: Any, path: str) -> Any:
    """The value at `path`, or None."""
    node = document
    for part in path.split("."):
        if isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        elif isinstance(node, dict):
            node = node.get(part)
        else:
            return None
    return node


def set_path(document: dict[str, Any], path: str, value: Any) -> None:
    """Set (or, with None, remove) the value at `path`; parents must exist."""
    *parents, last = path.split(".")
    node: Any = document
    for part in parents:
        node = node[int(part)] if isinstance(node, list) else node.setdefault(part, {})
    if isinstance(node, list):
        node[int(last)] = value
    elif value is None:
        node.pop(last, None)
    else:
        node[last] = value


def text_row(
    label: str, path: str, value: Any, *, kind: str = "text", hint: str = "", disabled: bool = False
) -> ComposeResult:
    """A labelled single-line input with its problem line below."""
    input_type: InputType = (
        "integer" if kind == "integer" else "number" if kind == "number" else "text"
    )
    with Horizontal(classes="field-row"):
        yield Static(label, classes="field-label", markup=False)
        yield Input(
            display_value(value),
            placeholder=hint,
            id=field_id(path),
            type=input_type,
            compact=True,
            disabled=disabled,
            select_on_focus=False,
        )
    yield issue_line(path)


def issue_line(path: str) -> Static:
    """Where problems of `path` appear (hidden while there are none)."""
    return Static("", id=issue_id(path), classes="field-issue", markup=False)

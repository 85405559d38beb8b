"""Propose a V4 dataset schema from an inspected file, for the user to edit before creation.

Types come from Prolific's `DatasetSchema` (api-reference §3.2): `text` and `image_url` are
shown to participants, `metadata` is hidden but exported (V3's `META_` prefix), and
`task_group_id` groups datapoints (at most one per schema). Image detection looks at the preview
rows only, so the scan stays one pass.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlsplit

from atb_tui.logic.inspection import (
    GROUP_COLUMN,
    HIDDEN_PREFIX,
    V4_GROUP_COLUMN,
    FileInspection,
)

FieldType = Literal["text", "image_url", "metadata", "task_group_id"]
FIELD_TYPES: tuple[FieldType, ...] = ("text", "image_url", "metadata", "task_group_id")

_URL = re.compile(r"^https?://\S+$", re.IGNORECASE)
_IMAGE_SUFFIXES = (
    ".png", ".jpg", ".jpeg", ".gif", ".webp", ".bmp", ".svg", ".heic", ".heif", ".avif",
    ".tif", ".tiff",
)  # fmt: skip


@dataclass(frozen=True)
class FieldProposal:
    """A proposed schema field: its type, an optional label, and why it was chosen."""

    type: FieldType
    reason: str
    label: str | None = None


def propose_schema(inspection: FileInspection) -> dict[str, FieldProposal]:
    """One proposal per column, in column order; at most one `task_group_id`."""
    proposals: dict[str, FieldProposal] = {}
    group = _group_field(inspection.columns)
    for index, name in enumerate(inspection.columns):
        if name == group:
            proposals[name] = FieldProposal("task_group_id", f"{name} groups datapoints")
        elif _is_group_name(name):
            reason = f"only one field can group datapoints, and {group} does"
            proposals[name] = FieldProposal("metadata", reason)
        elif name.startswith(HIDDEN_PREFIX):
            reason = f"{HIDDEN_PREFIX} columns are hidden from participants"
            proposals[name] = FieldProposal("metadata", reason)
        else:
            proposals[name] = _shown_field(_column_values(inspection, index))
    return proposals


def schema_to_wire(
    proposals: dict[str, FieldProposal], *, strict: bool = False
) -> dict[str, object]:
    """The `DatasetSchema` body for create/PATCH dataset: `{"strict", "fields"}`."""
    fields: dict[str, dict[str, str]] = {}
    for name, proposal in proposals.items():
        entry: dict[str, str] = {"type": proposal.type}
        if proposal.label:
            entry["label"] = proposal.label
        fields[name] = entry
    return {"strict": strict, "fields": fields}


def schema_problems(proposals: dict[str, FieldProposal]) -> list[str]:
    """What Prolific would reject in an edited schema (empty, several group fields)."""
    problems: list[str] = []
    if not proposals:
        problems.append("a schema needs at least one field")
    groups = [name for name, proposal in proposals.items() if proposal.type == "task_group_id"]
    if len(groups) > 1:
        problems.append(f"only one field can be task_group_id (now: {', '.join(groups)})")
    if proposals and not any(p.type in ("text", "image_url") for p in proposals.values()):
        problems.append("no field is shown to participants (text or image_url)")
    return problems


def _group_field(columns: tuple[str, ...]) -> str | None:
    if GROUP_COLUMN in columns:
        return GROUP_COLUMN
    return next((name for name in columns if _is_group_name(name)), None)


def _is_group_name(name: str) -> bool:
    return name.strip().lower() == V4_GROUP_COLUMN


def _column_values(inspection: FileInspection, index: int) -> list[str]:
    return [row[index].strip() for row in inspection.preview if index < len(row)]


def _shown_field(values: list[str]) -> FieldProposal:
    present = [value for value in values if value]
    if not present or not all(_URL.match(value) for value in present):
        return FieldProposal("text", "shown to participants as text")
    images = sum(1 for value in present if _looks_like_image(value))
    if images * 2 >= len(present):
        return FieldProposal("image_url", "values are links to images")
    return FieldProposal("text", "values are links, but not to images")


def _looks_like_image(url: str) -> bool:
    try:
        path = urlsplit(url).path
    except ValueError:  # e.g. a malformed IPv6 host
        return False
    return path.lower().endswith(_IMAGE_SUFFIXES)

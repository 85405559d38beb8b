"""Loading and saving a batch's instructions through either API path (no widgets here).

Two ways to store instructions, chosen per batch:

- ``legacy``: ``POST`` the first time, then ``PUT`` as a full replacement keeping ids
  (the seed flow; Prolific marks these endpoints deprecated and says so in headers);
- ``batch_items``: ``PATCH`` the batch with this app's one-page layout (the current way).

Server problems come back as ``{instruction index: [FieldIssue]}`` so the editor can put each
one on its field; problems that are about no instruction sit under ``LAYOUT_ISSUES``.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import re
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from atb_tui.api import APIStatusError, BatchItemsError, ProlificClient, ProlificError
from atb_tui.api.models.batches import Batch, BatchUpdate
from atb_tui.api.models.instruction_inputs import InstructionInput
from atb_tui.api.models.instructions import DeprecationNotice
from atb_tui.logic.instructions import (
    INSTRUCTION_TYPES,
    LAYOUT_ISSUES,
    BatchItemsLayout,
    FieldIssue,
    Instruction,
    build_layout,
    from_wire,
    guess_field,
    instructions_from_batch_items,
    map_batch_item_issues,
)
from atb_tui.views.instruction_draft import InstructionDraft, SaveMode, wire_list

SHOWN_FIELD_TYPES = ("text", "image_url", "audio_url", "video_url")
# Columns of the batch report that describe who answered, not the datapoint.
REPORT_PEOPLE_COLUMNS = frozenset(
    {"task_id", "task_group_id", "participant_id", "submission_id", "responded_at", "created_at"}
)
_LAYOUT_KEYS = ("batch_items", "rows", "columns", "items")
_INPUTS: TypeAdapter[list[InstructionInput]] = TypeAdapter(list[InstructionInput])
_LEGACY_FIELD = re.compile(r"^instructions\[(\d+)\]\.?(.*)$")


@dataclass
class LoadedInstructions:
    """What the batch holds now, and how it is stored."""

    instructions: list[Instruction]
    mode: SaveMode
    server_count: int
    deprecation: DeprecationNotice | None = None


@dataclass
class SaveOutcome:
    """The result of one save: the stored instructions, or the problems the server found."""

    instructions: list[Instruction] | None = None
    issues: dict[int, list[FieldIssue]] = field(default_factory=dict)
    deprecation: DeprecationNotice | None = None

    @property
    def ok(self) -> bool:
        return self.instructions is not None


@dataclass(frozen=True)
class PreviewDatapoint:
    """The values of one datapoint to show in the preview (placeholders if none was found)."""

    values: dict[str, str]
    real: bool


def locked_reason(batch: Batch) -> str:
    """Why the instructions can't change any more ("" while they still can)."""
    if batch.status == "UNINITIALISED" and not batch.total_task_count:
        return ""
    return (
        f"Locked: this batch has been set up ({batch.status}), so its instructions can't change. "
        "Duplicate the batch to change them."
    )


async def load_instructions(client: ProlificClient, batch: Batch) -> LoadedInstructions:
    """The batch's instructions from whichever place it keeps them."""
    if batch.batch_items is not None:
        pages = [page.model_dump(mode="json", exclude_none=True) for page in batch.batch_items]
        found = instructions_from_batch_items(pages)
        return LoadedInstructions(found, "batch_items", len(found))
    result = await client.instructions.get(batch.id)
    items = [_dump(item) for item in result.instructions]
    found = [from_wire(item) for item in items]
    mode: SaveMode = "legacy" if found else "batch_items"
    return LoadedInstructions(found, mode, len(found), result.deprecation)


def _dump(model: Any) -> dict[str, Any]:
    dumped: dict[str, Any] = model.model_dump(mode="json", by_alias=True, exclude_none=True)
    return dumped


async def save_legacy(
    client: ProlificClient, batch_id: str, instructions: Sequence[Instruction], first_time: bool
) -> SaveOutcome:
    """POST (first time) or PUT (full replacement, ids kept) the legacy instructions."""
    items = wire_list(instructions)
    try:
        _INPUTS.validate_python(items)
    except ValidationError as error:
        return SaveOutcome(issues=model_issues(error, lambda loc: _legacy_index(loc)))
    try:
        if first_time:
            result = await client.instructions.create(batch_id, items)  # type: ignore[arg-type]
        else:
            result = await client.instructions.replace(batch_id, items)  # type: ignore[arg-type]
    except APIStatusError as error:
        if not error.field_errors:
            raise
        return SaveOutcome(issues=legacy_issues(error.field_errors, instructions))
    stored = [from_wire(_dump(item)) for item in result.instructions]
    return SaveOutcome(stored, deprecation=result.deprecation)


def model_issues(
    error: ValidationError, index_of: Callable[[tuple[int | str, ...]], int | None]
) -> dict[int, list[FieldIssue]]:
    """The client's own checks of the request (the same limits Prolific applies), per field."""
    issues: dict[int, list[FieldIssue]] = {}
    for problem in error.errors():
        loc = tuple(problem["loc"])
        index = index_of(loc)
        path = _field_path(loc)
        message = str(problem["msg"]).removeprefix("Value error, ")
        field_name = guess_field(path) if path else guess_field(message)
        target = LAYOUT_ISSUES if index is None else index
        issues.setdefault(target, []).append(FieldIssue(field_name, message))
    return issues


def _field_path(loc: tuple[int | str, ...]) -> str:
    """The part of a validation location after the instruction's type tag."""
    tags = [i for i, part in enumerate(loc) if part in INSTRUCTION_TYPES]
    return ".".join(str(part) for part in loc[tags[-1] + 1 :]) if tags else ""


def _legacy_index(loc: tuple[int | str, ...]) -> int | None:
    return loc[0] if loc and isinstance(loc[0], int) else None


def _layout_index(loc: tuple[int | str, ...], layout: BatchItemsLayout) -> int | None:
    numbers = {name: loc[i + 1] for i, name in enumerate(loc[:-1]) if name in _LAYOUT_KEYS}
    position = [numbers.get(name) for name in ("batch_items", "rows", "columns", "items")]
    if not all(isinstance(part, int) for part in position):
        return None
    ref = layout.locate(*position)  # type: ignore[arg-type]
    return ref.index if ref is not None and ref.kind == "instruction" else None


def legacy_issues(
    field_errors: Mapping[str, Sequence[str]], instructions: Sequence[Instruction]
) -> dict[int, list[FieldIssue]]:
    """`instructions[2].options[1].value: [...]` errors on the instruction and field they name."""
    issues: dict[int, list[FieldIssue]] = {}
    for name, messages in field_errors.items():
        match = _LEGACY_FIELD.match(name)
        for message in messages:
            if match is None or int(match[1]) >= len(instructions):
                issues.setdefault(LAYOUT_ISSUES, []).append(FieldIssue("", f"{name}: {message}"))
                continue
            index, rest = int(match[1]), match[2]
            type_name = getattr(instructions[index], "type", "")
            path = guess_field(rest or message, type_name) if rest else guess_field(message)
            issues.setdefault(index, []).append(FieldIssue(path, message))
    return issues


async def dataset_fields(client: ProlificClient, batch: Batch) -> list[str]:
    """The V4 dataset fields participants can be shown (none for V3 CSV datasets)."""
    if batch.dataset_id is None:
        return []
    dataset = await client.datasets.get(batch.dataset_id)
    schema = dataset.dataset_schema
    if schema is None:
        return []
    return [name for name, spec in schema.fields.items() if spec.type in SHOWN_FIELD_TYPES]


async def save_batch_items(
    client: ProlificClient, batch: Batch, instructions: Sequence[Instruction], fields: list[str]
) -> SaveOutcome:
    """PATCH the batch with the one-page layout; 422 issues land on their instruction."""
    layout = build_layout(instructions, fields)
    try:
        changes = BatchUpdate(batch_items=layout.pages)
    except ValidationError as error:
        return SaveOutcome(issues=model_issues(error, lambda loc: _layout_index(loc, layout)))
    try:
        updated = await client.batches.update(batch.id, changes)
    except BatchItemsError as error:
        raw = [dataclasses.asdict(issue) for issue in error.issues]
        return SaveOutcome(issues=map_batch_item_issues(raw, layout))
    pages = [page.model_dump(mode="json", exclude_none=True) for page in updated.batch_items or []]
    return SaveOutcome(instructions_from_batch_items(pages))


async def save_instructions(
    client: ProlificClient, batch: Batch, draft: InstructionDraft
) -> SaveOutcome:
    """Save the draft the way it is to be kept (its mode): the legacy endpoint's POST the
    first time and PUT afterwards, or the batch's `batch_items`."""
    if draft.mode == "legacy":
        return await save_legacy(client, batch.id, draft.instructions, draft.server_count == 0)
    fields = await dataset_fields(client, batch)
    return await save_batch_items(client, batch, draft.instructions, fields)


async def read_batch_instructions(
    client: ProlificClient, batch_id: str
) -> tuple[Batch, LoadedInstructions]:
    """The batch and its instructions as Prolific has them now (on opening, after a lost save)."""
    batch = await client.batches.get(batch_id)
    return batch, await load_instructions(client, batch)


async def preview_datapoint(
    client: ProlificClient,
    batch: Batch,
    fields: list[str],
    remembered: Mapping[str, str] | None = None,
) -> PreviewDatapoint:
    """A real datapoint for the preview: from the batch report once the batch is set up, else
    the first row of the file uploaded from here (`remembered`), else placeholders.

    The API cannot read a dataset's datapoints back, so before set-up the remembered row is the
    only real one there is; a report that cannot be read falls back the same way.
    """
    try:
        found = await _report_datapoint(client, batch, fields)
    except ProlificError:
        found = None
    if found is not None:
        return found
    known = {k: v for k, v in (remembered or {}).items() if not fields or k in fields}
    if any(known.values()):
        return PreviewDatapoint(known, True)
    return placeholder_datapoint(fields or list(remembered or {}))


async def _report_datapoint(
    client: ProlificClient, batch: Batch, fields: list[str]
) -> PreviewDatapoint | None:
    """The report's first datapoint with any value, or None when it has none yet."""
    with tempfile.TemporaryDirectory(prefix="atb-preview-") as folder:
        path = await client.batches.download_report(batch.id, Path(folder))
        text = path.read_text(encoding="utf-8-sig")
    reader = csv.DictReader(io.StringIO(text))
    columns = _dataset_columns(list(reader.fieldnames or []))
    shown = [c for c in columns if c in fields] or columns
    for row in reader:
        values = {name: row.get(name) or "" for name in shown}
        return PreviewDatapoint(values, True) if any(values.values()) else None
    return None


def _dataset_columns(header: list[str]) -> list[str]:
    """The report's leading dataset columns (answers follow the people columns)."""
    for index, name in enumerate(header):
        if name in REPORT_PEOPLE_COLUMNS:
            return header[:index]
    return header


def placeholder_datapoint(columns: Sequence[str]) -> PreviewDatapoint:
    """Stand-in values when no real datapoint could be fetched."""
    names = list(columns) or ["text"]
    return PreviewDatapoint({name: f"[{name} of a datapoint]" for name in names}, False)

"""Items on a page as the API returns them: questions, content blocks and dataset fields.

One tolerant model covers every item type, so a type Prolific adds later (``video_narration``,
say) still parses; ``is_instruction`` tells questions apart and ``to_input`` turns a fetched
question back into a request model for a full replacement.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import TypeAdapter

from atb_tui.api.models._base import ResponseModel, Scalar, SchemaVersion
from atb_tui.api.models.enums import InstructionType
from atb_tui.api.models.instruction_inputs import INSTRUCTION_INPUT_CLASSES, InstructionInput

_INSTRUCTION_TYPES = frozenset(InstructionType)
_INPUT_ADAPTER: TypeAdapter[InstructionInput] = TypeAdapter(InstructionInput)

_RULE_FIELDS = {"type": True, "min": True, "max": True}
# What to copy from a fetched item into a request model, per nested field.
_NESTED_INPUT_FIELDS: dict[str, Any] = {
    "options": {"__all__": {"label": True, "value": True, "exclusive": True, "heading": True}},
    "unit_options": {"__all__": {"label": True, "value": True, "validation": _RULE_FIELDS}},
    "validation": _RULE_FIELDS,
}


class ValidationRuleInfo(ResponseModel):
    """Bounds on a free-text answer, as stored."""

    type: str
    min: float | None = None
    max: float | None = None


class OptionInfo(ResponseModel):
    """An answer option, as stored (``heading`` only on multiple-choice-with-free-text)."""

    label: str
    value: Scalar | None = None
    heading: str | None = None
    exclusive: bool | None = None


class UnitOptionInfo(ResponseModel):
    """A unit option, as stored."""

    label: str
    value: Scalar | None = None
    validation: ValidationRuleInfo | None = None


class PageItem(ResponseModel):
    """Anything that can sit on a page. Fields not relevant to ``type`` are ``None``."""

    type: str
    id: str | None = None
    order: int | None = None
    # Questions
    description: str | None = None
    helper_text: str | None = None
    placeholder_text_input: str | None = None
    answer_limit: int | None = None
    disable_dropdown: bool | None = None
    options: list[OptionInfo] | None = None
    unit_options: list[UnitOptionInfo] | None = None
    default_unit: str | None = None
    unit_position: str | None = None
    validation: ValidationRuleInfo | None = None
    accepted_file_types: list[str] | None = None
    max_file_size_mb: float | None = None
    min_file_count: int | None = None
    max_file_count: int | None = None
    # Content blocks and dataset field references
    url: str | None = None
    alt_text: str | None = None
    caption: str | None = None
    content: str | None = None
    content_format: str | None = None
    field: str | None = None
    # Provenance (legacy instructions carry ``batch_id``, newer ones ``parent_id``)
    created_at: datetime | None = None
    created_by: str | None = None
    parent_id: str | None = None
    parent_type: str | None = None
    batch_id: str | None = None
    schema_version: SchemaVersion | None = None

    @property
    def is_instruction(self) -> bool:
        """True for the five question types (things participants answer)."""
        return self.type in _INSTRUCTION_TYPES

    def to_input(self) -> InstructionInput:
        """This question as a request model, keeping its ``id`` so a replace preserves it.

        Raises ``ValueError`` for content blocks and for question types this client does not know.
        """
        input_class = INSTRUCTION_INPUT_CLASSES.get(self.type)
        if input_class is None:
            raise ValueError(f"{self.type!r} items cannot be converted to an instruction input")
        include = {
            name: _NESTED_INPUT_FIELDS.get(name, True)
            for name in input_class.model_fields
            if name not in {"created_by"}
        }
        data = self.model_dump(include=include, exclude_none=True)
        return _INPUT_ADAPTER.validate_python(data)


class Instruction(PageItem):
    """A question attached to a batch through the legacy instructions endpoint."""

    id: str

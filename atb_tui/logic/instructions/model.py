"""The five instruction types as plain frozen dataclasses, with the API's field names.

Field names are exactly the wire names of Prolific's instruction objects (api-reference §5.4,
§5.5; SPEC `AITaskBuilderInstruction`, `BatchItemsItem`), so the editor, the wire code and the
tests speak one vocabulary. Values are kept as the user typed them (e.g. an out-of-range
`answer_limit`, an unknown `unit_position`): judging them is `rules.validate_instruction`'s job.
Empty strings mean "not set" for optional text fields.

Instructions of a type this app does not know (e.g. the newer `video_narration`) are kept as
`UnsupportedInstruction` with their raw JSON, so a full-replacement save never drops them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import ClassVar, Literal

OptionValue = str | int | float | bool
InstructionType = Literal[
    "multiple_choice",
    "free_text",
    "free_text_with_unit",
    "multiple_choice_with_free_text",
    "file_upload",
]
INSTRUCTION_TYPES: tuple[InstructionType, ...] = (
    "multiple_choice",
    "free_text",
    "free_text_with_unit",
    "multiple_choice_with_free_text",
    "file_upload",
)
DEFAULT_FILE_TYPES = (".jpg", ".jpeg", ".png", ".heic", ".heif")
DEFAULT_MAX_FILE_SIZE_MB = 25.0
DEFAULT_MIN_FILE_COUNT = 1
DEFAULT_MAX_FILE_COUNT = 10
# A dropdown replaces radio buttons/checkboxes at this many options unless disable_dropdown.
DROPDOWN_THRESHOLD = 5


@dataclass(frozen=True, kw_only=True)
class ChoiceOption:
    """An answer option. `heading` is used (and required) by multiple_choice_with_free_text."""

    label: str = ""
    value: OptionValue = ""
    exclusive: bool = False
    heading: str = ""


@dataclass(frozen=True, kw_only=True)
class ValidationRule:
    """Input limits: for `string`, character counts; for `number`, values. None = unbounded."""

    type: str = "string"
    min: float | None = None
    max: float | None = None


@dataclass(frozen=True, kw_only=True)
class UnitOption:
    """A unit the participant can pick next to a free-text answer."""

    label: str = ""
    value: OptionValue = ""
    validation: ValidationRule | None = None


@dataclass(frozen=True, kw_only=True)
class BaseInstruction:
    """Fields every instruction has. `id` is the server's (kept so a PUT preserves it)."""

    type: ClassVar[InstructionType]
    title: ClassVar[str]
    description: str = ""
    helper_text: str = ""
    placeholder_text_input: str = ""
    id: str | None = None
    created_by: str | None = None


@dataclass(frozen=True, kw_only=True)
class MultipleChoice(BaseInstruction):
    """Pick 1 (`answer_limit` 1), up to n, or any number (-1) of the options."""

    type: ClassVar[InstructionType] = "multiple_choice"
    title: ClassVar[str] = "Multiple choice"
    options: tuple[ChoiceOption, ...] = ()
    answer_limit: int = 1
    disable_dropdown: bool = False


@dataclass(frozen=True, kw_only=True)
class MultipleChoiceWithFreeText(BaseInstruction):
    """Options grouped under headings; each selected option gets a free-text box."""

    type: ClassVar[InstructionType] = "multiple_choice_with_free_text"
    title: ClassVar[str] = "Multiple choice with free text"
    options: tuple[ChoiceOption, ...] = ()
    answer_limit: int = 1
    disable_dropdown: bool = False


@dataclass(frozen=True, kw_only=True)
class FreeText(BaseInstruction):
    """A free-text answer, optionally limited in length or numeric range."""

    type: ClassVar[InstructionType] = "free_text"
    title: ClassVar[str] = "Free text"
    validation: ValidationRule | None = None


@dataclass(frozen=True, kw_only=True)
class FreeTextWithUnit(BaseInstruction):
    """A free-text answer with a unit selector before (`prefix`) or after (`suffix`) it."""

    type: ClassVar[InstructionType] = "free_text_with_unit"
    title: ClassVar[str] = "Free text with unit"
    unit_options: tuple[UnitOption, ...] = ()
    default_unit: str = ""
    unit_position: str = "suffix"


@dataclass(frozen=True, kw_only=True)
class FileUpload(BaseInstruction):
    """Participants upload files; defaults are the API's."""

    type: ClassVar[InstructionType] = "file_upload"
    title: ClassVar[str] = "File upload"
    accepted_file_types: tuple[str, ...] = DEFAULT_FILE_TYPES
    max_file_size_mb: float = DEFAULT_MAX_FILE_SIZE_MB
    min_file_count: int = DEFAULT_MIN_FILE_COUNT
    max_file_count: int = DEFAULT_MAX_FILE_COUNT


@dataclass(frozen=True)
class UnsupportedInstruction:
    """An instruction of a type this app can't edit, kept verbatim so saving never loses it."""

    raw: Mapping[str, object] = field(default_factory=dict)
    title: ClassVar[str] = "Unsupported instruction"

    @property
    def type(self) -> str:
        """The raw `type` value."""
        value = self.raw.get("type")
        return value if isinstance(value, str) else "unknown"

    @property
    def description(self) -> str:
        """The raw `description`, if it is text."""
        value = self.raw.get("description")
        return value if isinstance(value, str) else ""

    @property
    def id(self) -> str | None:
        """The server id, if any."""
        value = self.raw.get("id")
        return value if isinstance(value, str) else None


ChoiceInstruction = MultipleChoice | MultipleChoiceWithFreeText
EditableInstruction = (
    MultipleChoice | MultipleChoiceWithFreeText | FreeText | FreeTextWithUnit | FileUpload
)
Instruction = EditableInstruction | UnsupportedInstruction

INSTRUCTION_CLASSES: dict[str, type[EditableInstruction]] = {
    cls.type: cls
    for cls in (MultipleChoice, FreeText, FreeTextWithUnit, MultipleChoiceWithFreeText, FileUpload)
}


def new_instruction(type_name: InstructionType) -> EditableInstruction:
    """A fresh instruction of this type with a sensible starting form."""
    cls = INSTRUCTION_CLASSES[type_name]
    if cls is MultipleChoice or cls is MultipleChoiceWithFreeText:
        return cls(options=(ChoiceOption(), ChoiceOption()))
    if cls is FreeTextWithUnit:
        return FreeTextWithUnit(unit_options=(UnitOption(), UnitOption()))
    return cls()


def convert(instruction: EditableInstruction, type_name: InstructionType) -> EditableInstruction:
    """The same question as another type, keeping the common text and any options."""
    fresh = new_instruction(type_name)
    if isinstance(fresh, MultipleChoice | MultipleChoiceWithFreeText) and isinstance(
        instruction, MultipleChoice | MultipleChoiceWithFreeText
    ):
        fresh = replace(
            fresh,
            options=instruction.options,
            answer_limit=instruction.answer_limit,
            disable_dropdown=instruction.disable_dropdown,
        )
    return replace(
        fresh,
        description=instruction.description,
        helper_text=instruction.helper_text,
        placeholder_text_input=instruction.placeholder_text_input,
        id=instruction.id,
        created_by=instruction.created_by,
    )


def uses_dropdown(instruction: ChoiceInstruction) -> bool:
    """Whether participants see a dropdown rather than radio buttons or checkboxes."""
    return not instruction.disable_dropdown and len(instruction.options) >= DROPDOWN_THRESHOLD


def summary(instruction: Instruction) -> str:
    """One line for a list: 'Multiple choice · 3 options · one answer'."""
    if isinstance(instruction, MultipleChoice | MultipleChoiceWithFreeText):
        options = _count(len(instruction.options), "option")
        return f"{instruction.title} · {options} · {answer_limit_text(instruction.answer_limit)}"
    if isinstance(instruction, FreeTextWithUnit):
        return f"{instruction.title} · {_count(len(instruction.unit_options), 'unit')}"
    if isinstance(instruction, FileUpload):
        counts = f"{instruction.min_file_count} to {instruction.max_file_count}"
        return f"{instruction.title} · {counts} files"
    if isinstance(instruction, UnsupportedInstruction):
        return f"{instruction.type} (kept as is, not editable here)"
    return instruction.title


def answer_limit_text(answer_limit: int) -> str:
    """'one answer', 'up to 3 answers', 'any number of answers'."""
    if answer_limit == 1:
        return "one answer"
    if answer_limit == -1:
        return "any number of answers"
    return f"up to {answer_limit} answers"


def _count(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"

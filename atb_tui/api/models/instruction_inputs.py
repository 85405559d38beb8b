"""Questions we send: the five instruction types and the two content blocks.

The same classes serve the legacy instructions endpoint, ``batch_items`` pages and collection
pages. Rules the spec documents are checked here so a mistake is reported before the request is
sent (``answer_limit`` within the options, ``exclusive`` options, units, file counts).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Literal, Self

from pydantic import Field, field_validator, model_validator

from atb_tui.api.models._base import RequestModel, Scalar

UNLIMITED_ANSWERS = -1


class ValidationRule(RequestModel):
    """Bounds on a free-text answer: a number range, or a character count for ``string``."""

    type: Literal["number", "string"]
    min: float | None = None
    max: float | None = None

    @model_validator(mode="after")
    def _check_bounds(self) -> Self:
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError("min must be less than or equal to max")
        if self.type == "string":
            for bound in (self.min, self.max):
                if bound is not None and (bound < 0 or bound != int(bound)):
                    raise ValueError("character counts must be whole numbers of zero or more")
        return self


class ChoiceOption(RequestModel):
    """One option of a multiple-choice question."""

    label: str = Field(min_length=1)
    value: Scalar
    exclusive: bool | None = None


class HeadedChoiceOption(ChoiceOption):
    """An option of a multiple-choice-with-free-text question, grouped under a heading."""

    heading: str


class UnitOption(RequestModel):
    """A unit the participant can pick for a free-text-with-unit answer."""

    label: str = Field(min_length=1)
    value: Scalar
    validation: ValidationRule | None = None


class _InstructionInput(RequestModel):
    """Fields every question has.

    ``id`` keeps an existing question when replacing; ``created_by`` is only read by the legacy
    instructions endpoint; ``order`` is only used on collection pages (filled from the position
    when left out).
    """

    id: str | None = None
    description: str = Field(min_length=1)
    helper_text: str | None = None
    created_by: str | None = None
    order: int | None = None


def _check_choices(answer_limit: int, options: Sequence[ChoiceOption]) -> None:
    """Enforce the spec's rules on ``answer_limit`` and ``exclusive`` options."""
    if answer_limit != UNLIMITED_ANSWERS and not 1 <= answer_limit <= len(options):
        raise ValueError(
            f"answer_limit must be -1 (unlimited) or between 1 and {len(options)} "
            "(the number of options)"
        )
    exclusive = [option for option in options if option.exclusive]
    if exclusive and answer_limit == 1:
        raise ValueError("exclusive options are not allowed when answer_limit is 1")
    if exclusive and len(exclusive) == len(options):
        raise ValueError("at least one option must not be exclusive")


class MultipleChoiceInput(_InstructionInput):
    """Pick one (``answer_limit=1``), up to N, or any number (``-1``) of options."""

    type: Literal["multiple_choice"] = "multiple_choice"
    placeholder_text_input: str | None = None
    answer_limit: int
    disable_dropdown: bool | None = None
    options: list[ChoiceOption] = Field(min_length=1)

    @model_validator(mode="after")
    def _check_options(self) -> Self:
        _check_choices(self.answer_limit, self.options)
        return self


class MultipleChoiceWithFreeTextInput(_InstructionInput):
    """Multiple choice where each selected option gets its own free-text box."""

    type: Literal["multiple_choice_with_free_text"] = "multiple_choice_with_free_text"
    placeholder_text_input: str | None = None
    answer_limit: int
    disable_dropdown: bool | None = None
    options: list[HeadedChoiceOption] = Field(min_length=1)

    @model_validator(mode="after")
    def _check_options(self) -> Self:
        _check_choices(self.answer_limit, self.options)
        return self


class FreeTextInput(_InstructionInput):
    """A free-text answer, optionally bounded."""

    type: Literal["free_text"] = "free_text"
    placeholder_text_input: str | None = None
    validation: ValidationRule | None = None


class FreeTextWithUnitInput(_InstructionInput):
    """A free-text answer with a unit picked from a list (e.g. a price with a currency)."""

    type: Literal["free_text_with_unit"] = "free_text_with_unit"
    placeholder_text_input: str | None = None
    unit_options: list[UnitOption] = Field(min_length=1)
    default_unit: str | None = None
    unit_position: Literal["prefix", "suffix"]

    @model_validator(mode="after")
    def _check_default_unit(self) -> Self:
        values = {str(option.value) for option in self.unit_options}
        if self.default_unit is not None and self.default_unit not in values:
            raise ValueError(f"default_unit {self.default_unit!r} is not one of the unit values")
        return self


class FileUploadInput(_InstructionInput):
    """The participant uploads files (defaults: images, 25 MB, 1 to 10 files)."""

    type: Literal["file_upload"] = "file_upload"
    accepted_file_types: list[str] | None = None
    max_file_size_mb: float | None = Field(default=None, gt=0)
    min_file_count: int | None = Field(default=None, ge=1)
    max_file_count: int | None = Field(default=None, ge=1)

    @field_validator("accepted_file_types")
    @classmethod
    def _check_extensions(cls, types: list[str] | None) -> list[str] | None:
        for extension in types or []:
            if not extension.startswith(".") or len(extension) < 2:
                raise ValueError(f"file type {extension!r} must be an extension like '.png'")
        return types

    @model_validator(mode="after")
    def _check_counts(self) -> Self:
        low, high = self.min_file_count, self.max_file_count
        if low is not None and high is not None and low > high:
            raise ValueError("min_file_count must not exceed max_file_count")
        return self


class ImageBlockInput(RequestModel):
    """An image shown on a page (HTTPS only)."""

    type: Literal["image"] = "image"
    id: str | None = None
    url: str
    alt_text: str
    caption: str | None = None
    order: int | None = None

    @field_validator("url")
    @classmethod
    def _require_https(cls, url: str) -> str:
        if not url.lower().startswith("https://"):
            raise ValueError("image URLs must start with https://")
        return url


class RichTextBlockInput(RequestModel):
    """Formatted text shown on a page: HTML, or Markdown converted by the server."""

    type: Literal["rich_text"] = "rich_text"
    id: str | None = None
    content: str = Field(min_length=1)
    content_format: Literal["html", "markdown"] | None = None
    order: int | None = None


InstructionInput = Annotated[
    MultipleChoiceInput
    | FreeTextInput
    | FreeTextWithUnitInput
    | MultipleChoiceWithFreeTextInput
    | FileUploadInput,
    Field(discriminator="type"),
]
"""Any of the five question types, chosen by ``type``."""

ContentBlockInput = Annotated[ImageBlockInput | RichTextBlockInput, Field(discriminator="type")]
"""An image or rich-text block, chosen by ``type``."""

INSTRUCTION_INPUT_CLASSES: dict[str, type[_InstructionInput]] = {
    "multiple_choice": MultipleChoiceInput,
    "free_text": FreeTextInput,
    "free_text_with_unit": FreeTextWithUnitInput,
    "multiple_choice_with_free_text": MultipleChoiceWithFreeTextInput,
    "file_upload": FileUploadInput,
}

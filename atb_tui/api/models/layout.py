"""Page layouts: a batch's ``batch_items`` and a collection's ``collection_items``.

A batch page is rows of one or two columns of items, repeated once per datapoint; a collection
page is a flat list of items. Ids are assigned by the server: send them back to keep an item,
leave them out to create one.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal, Self

from pydantic import Field, model_validator

from atb_tui.api.models._base import RequestModel, ResponseModel, SchemaVersion
from atb_tui.api.models.instruction_inputs import (
    FileUploadInput,
    FreeTextInput,
    FreeTextWithUnitInput,
    ImageBlockInput,
    MultipleChoiceInput,
    MultipleChoiceWithFreeTextInput,
    RichTextBlockInput,
)
from atb_tui.api.models.page_items import PageItem


class DatasetFieldItemInput(RequestModel):
    """Shows the current datapoint's value of a dataset schema field (V4 datasets only)."""

    type: Literal["dataset_field"] = "dataset_field"
    field: str = Field(min_length=1)


BatchItemInput = Annotated[
    DatasetFieldItemInput
    | ImageBlockInput
    | RichTextBlockInput
    | MultipleChoiceInput
    | FreeTextInput
    | FreeTextWithUnitInput
    | MultipleChoiceWithFreeTextInput
    | FileUploadInput,
    Field(discriminator="type"),
]
"""Anything that can sit in a batch page column, chosen by ``type``."""


class BatchColumnInput(RequestModel):
    """A column of a batch page row."""

    id: str | None = None
    items: list[BatchItemInput] = Field(min_length=1)


class BatchRowInput(RequestModel):
    """A row of a batch page: one or two columns."""

    id: str | None = None
    columns: list[BatchColumnInput] = Field(min_length=1, max_length=2)


class BatchPageInput(RequestModel):
    """One participant screen. ``intro``/``outro`` pages show once and hold only content blocks."""

    id: str | None = None
    rows: list[BatchRowInput] = Field(min_length=1)
    display_position: Literal["intro", "body", "outro"] | None = None

    @model_validator(mode="after")
    def _check_items(self) -> Self:
        items = [item for row in self.rows for column in row.columns for item in column.items]
        fields = [item.field for item in items if isinstance(item, DatasetFieldItemInput)]
        repeated = sorted({name for name in fields if fields.count(name) > 1})
        if repeated:
            raise ValueError(f"dataset field(s) shown more than once on a page: {repeated}")
        if self.display_position in {"intro", "outro"}:
            blocks = (ImageBlockInput, RichTextBlockInput)
            if not all(isinstance(item, blocks) for item in items):
                raise ValueError("intro and outro pages may contain only rich_text and image")
        return self


CollectionItemInput = Annotated[
    ImageBlockInput
    | RichTextBlockInput
    | MultipleChoiceInput
    | FreeTextInput
    | FreeTextWithUnitInput
    | MultipleChoiceWithFreeTextInput
    | FileUploadInput,
    Field(discriminator="type"),
]
"""Anything that can sit on a collection page, chosen by ``type``."""


class CollectionPageInput(RequestModel):
    """One page of a collection. Items without ``order`` get their position on the page."""

    id: str | None = None
    order: int | None = None
    page_items: list[CollectionItemInput] = Field(min_length=1)

    @model_validator(mode="after")
    def _number_items(self) -> Self:
        # Copies, so a caller's item objects are never modified behind their back.
        self.page_items = [
            item if item.order is not None else item.model_copy(update={"order": position})
            for position, item in enumerate(self.page_items)
        ]
        return self


class BatchColumn(ResponseModel):
    """A stored column."""

    id: str | None = None
    items: list[PageItem] = Field(default_factory=list)


class BatchRow(ResponseModel):
    """A stored row."""

    id: str | None = None
    columns: list[BatchColumn] = Field(default_factory=list)


class BatchPage(ResponseModel):
    """A stored batch page."""

    id: str | None = None
    rows: list[BatchRow] = Field(default_factory=list)
    display_position: str | None = None

    @property
    def items(self) -> list[PageItem]:
        """Every item on the page, row by row, column by column."""
        return [item for row in self.rows for column in row.columns for item in column.items]


class CollectionPage(ResponseModel):
    """A stored collection page."""

    id: str | None = None
    order: int | None = None
    created_at: datetime | None = None
    created_by: str | None = None
    schema_version: SchemaVersion | None = None
    page_items: list[PageItem] = Field(default_factory=list)

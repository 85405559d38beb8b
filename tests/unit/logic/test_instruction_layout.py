"""The batch_items layout, and 422 INVALID_BATCH_ITEMS issues mapped back to fields."""

from __future__ import annotations

import pytest

from atb_tui.logic.instructions import (
    LAYOUT_ISSUES,
    FieldIssue,
    FileUpload,
    FreeText,
    InstructionFormatError,
    ItemRef,
    MultipleChoice,
    build_layout,
    guess_field,
    instructions_from_batch_items,
    layout_from_batch_items,
    map_batch_item_issues,
    to_batch_items,
)
from tests.helpers.instruction_samples import CHOICE, UNITS, WHY


def test_batch_items_layout_shows_fields_then_instructions() -> None:
    pages = to_batch_items(
        [CHOICE, FileUpload(description="Photo", placeholder_text_input="x")], ["text", "image"]
    )
    assert pages == [
        {
            "rows": [
                {
                    "columns": [
                        {
                            "items": [
                                {"type": "dataset_field", "field": "text"},
                                {"type": "dataset_field", "field": "image"},
                            ]
                        }
                    ]
                },
                {
                    "columns": [
                        {
                            "items": [
                                {
                                    "type": "multiple_choice",
                                    "id": "server-id-1",
                                    "description": "Sentiment?",
                                    "answer_limit": 1,
                                    "options": [
                                        {"label": "Positive", "value": "positive"},
                                        {"label": "Négatif", "value": "neg"},
                                    ],
                                },
                                {
                                    "type": "file_upload",
                                    "description": "Photo",
                                    "accepted_file_types": [
                                        ".jpg",
                                        ".jpeg",
                                        ".png",
                                        ".heic",
                                        ".heif",
                                    ],
                                    "max_file_size_mb": 25.0,
                                    "min_file_count": 1,
                                    "max_file_count": 10,
                                },
                            ]
                        }
                    ]
                },
            ]
        }
    ]


def test_layout_without_dataset_fields_and_without_instructions() -> None:
    layout = build_layout([WHY], [])
    assert layout.pages == [
        {
            "rows": [
                {
                    "columns": [
                        {
                            "items": [
                                {
                                    "type": "free_text",
                                    "description": "Why?",
                                    "placeholder_text_input": "Explain",
                                }
                            ]
                        }
                    ]
                }
            ]
        }
    ]
    assert layout.locate(0, 0, 0, 0) == ItemRef("instruction", 0, None, "free_text")
    with pytest.raises(InstructionFormatError, match="add at least one instruction"):
        to_batch_items([], ["text"])


def test_422_issues_land_on_instruction_and_field() -> None:
    layout = build_layout([WHY, CHOICE, UNITS], ["text"])
    issues = [
        {
            "page": 0,
            "row": 1,
            "column": 0,
            "item": 1,
            "type": "multiple_choice",
            "message": "answer_limit exceeds number of options",
        },
        {
            "page": 0,
            "row": 1,
            "column": 0,
            "item": 1,
            "type": "multiple_choice",
            "message": "options[1].value must be unique",
        },
        {
            "page": 0,
            "row": 1,
            "column": 0,
            "item": 2,
            "type": "free_text_with_unit",
            "message": "each option needs a label",
        },
        {
            "page": 0,
            "row": 1,
            "column": 0,
            "item": 0,
            "type": "free_text",
            "message": "something odd",
        },
        {
            "page": 0,
            "row": 0,
            "column": 0,
            "item": 0,
            "type": "dataset_field",
            "field": "text",
            "message": "field 'text' is metadata",
        },
        {"page": 3, "row": 0, "column": 0, "item": 0, "type": "rich_text", "message": "bad page"},
        "not an issue",
    ]
    assert map_batch_item_issues(issues, layout) == {
        1: [
            FieldIssue("answer_limit", "answer_limit exceeds number of options"),
            FieldIssue("options.1.value", "options[1].value must be unique"),
        ],
        2: [FieldIssue("unit_options", "each option needs a label")],
        0: [FieldIssue("", "something odd")],
        LAYOUT_ISSUES: [
            FieldIssue("dataset_field.text", "field 'text' is metadata"),
            FieldIssue("batch_items", "bad page (page 3, row 0, column 0, item 0)"),
        ],
    }


@pytest.mark.parametrize(
    ("message", "field"),
    [
        ("max_file_count must be >= min_file_count", "max_file_count"),
        ("answer_limit 3 exceeds the 2 options", "answer_limit"),
        ("Exclusive options are not allowed when answer_limit is 1", "options"),
        ("options.0.label is required", "options.0.label"),
        ("exclusive option not allowed", "options"),
        ("option 2: heading is required", "options.1.heading"),
        ("instruction 1, unit_option 2: label is required", "unit_options.1.label"),
        ("default_unit must match a unit value", "default_unit"),
        ("Description is required", "description"),
        ("unknown problem", ""),
    ],
)
def test_guess_field(message: str, field: str) -> None:
    assert guess_field(message, "multiple_choice") == field


def test_server_layout_is_indexed_and_read_back() -> None:
    pages = [
        {
            "id": "p1",
            "rows": [
                {
                    "columns": [
                        {
                            "items": [
                                {"type": "rich_text", "content": "<p>Hi</p>"},
                                {"type": "dataset_field", "field": "text"},
                            ]
                        },
                        {"items": [{"type": "free_text", "id": "i1", "description": "Why?"}]},
                    ]
                }
            ],
        },
        {
            "rows": [
                {
                    "columns": [
                        {
                            "items": [
                                {
                                    "type": "multiple_choice",
                                    "description": "Q",
                                    "answer_limit": 1,
                                    "options": [],
                                },
                                {"no": "type"},
                            ]
                        }
                    ]
                }
            ]
        },
    ]
    layout = layout_from_batch_items(pages)
    assert layout.locate(0, 0, 0, 0) == ItemRef("content", type_name="rich_text")
    assert layout.locate(0, 0, 0, 1) == ItemRef("dataset_field", name="text")
    assert layout.locate(0, 0, 1, 0) == ItemRef("instruction", 0, None, "free_text")
    assert layout.locate(1, 0, 0, 0) == ItemRef("instruction", 1, None, "multiple_choice")
    read = instructions_from_batch_items(pages)
    assert read == [FreeText(id="i1", description="Why?"), MultipleChoice(description="Q")]
    issues = [
        {
            "page": 1,
            "row": 0,
            "column": 0,
            "item": 0,
            "type": "multiple_choice",
            "message": "options must not be empty",
        }
    ]
    assert map_batch_item_issues(issues, layout) == {
        1: [FieldIssue("options", "options must not be empty")]
    }

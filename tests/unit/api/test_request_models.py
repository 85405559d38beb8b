"""Request models: strict, checked against the spec's rules, serialised as the API expects."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from atb_tui.api.models import (
    BatchCreate,
    BatchPageInput,
    BatchUpdate,
    CollectionCreate,
    CollectionPageInput,
    DatasetSchema,
    FileUploadInput,
    FreeTextInput,
    FreeTextWithUnitInput,
    InstructionInput,
    MultipleChoiceInput,
    MultipleChoiceWithFreeTextInput,
    RichTextBlockInput,
    StudyCreate,
    StudyUpdate,
    ValidationRule,
)

INSTRUCTIONS = TypeAdapter(list[InstructionInput])
TASK_DETAILS = {"task_name": "Rate", "task_introduction": "<p>Hi</p>", "task_steps": "<ol></ol>"}

# Appendix A of the reference: the legacy "create instructions" example.
APPENDIX_INSTRUCTIONS: list[dict[str, Any]] = [
    {
        "type": "multiple_choice",
        "created_by": "me",
        "description": "Sentiment?",
        "answer_limit": 1,
        "options": [
            {"label": "Positive", "value": "positive"},
            {"label": "Negative", "value": "negative"},
        ],
    },
    {
        "type": "free_text",
        "created_by": "me",
        "description": "Why?",
        "placeholder_text_input": "Explain",
        "validation": {"type": "string", "min": 10, "max": 500},
    },
    {
        "type": "multiple_choice_with_free_text",
        "created_by": "me",
        "description": "Issues?",
        "answer_limit": -1,
        "options": [
            {"label": "Wrong", "value": "wrong", "heading": "Accuracy"},
            {"label": "Vague", "value": "vague", "heading": "Clarity"},
        ],
    },
    {
        "type": "file_upload",
        "created_by": "me",
        "description": "Upload a photo",
        "accepted_file_types": [".jpg", ".png"],
        "max_file_size_mb": 10,
        "min_file_count": 1,
        "max_file_count": 3,
    },
]


def test_appendix_instruction_inputs_round_trip_exactly() -> None:
    parsed = INSTRUCTIONS.validate_python(APPENDIX_INSTRUCTIONS)
    assert [type(item) for item in parsed] == [
        MultipleChoiceInput,
        FreeTextInput,
        MultipleChoiceWithFreeTextInput,
        FileUploadInput,
    ]
    assert [item.to_payload() for item in parsed] == APPENDIX_INSTRUCTIONS


def test_free_text_with_unit_input_serialises_spec_fields() -> None:
    item = FreeTextWithUnitInput(
        description="Price?",
        unit_options=[{"label": "GBP", "value": "gbp"}, {"label": "USD", "value": "usd"}],
        default_unit="gbp",
        unit_position="prefix",
    )
    assert item.to_payload() == {
        "type": "free_text_with_unit",
        "description": "Price?",
        "unit_options": [{"label": "GBP", "value": "gbp"}, {"label": "USD", "value": "usd"}],
        "default_unit": "gbp",
        "unit_position": "prefix",
    }


@pytest.mark.parametrize(
    ("item", "problem"),
    [
        (
            {
                "type": "multiple_choice",
                "description": "q",
                "answer_limit": 3,
                "options": [{"label": "a", "value": "a"}],
            },
            "answer_limit",
        ),
        (
            {
                "type": "multiple_choice",
                "description": "q",
                "answer_limit": 1,
                "options": [
                    {"label": "a", "value": "a"},
                    {"label": "n", "value": "n", "exclusive": True},
                ],
            },
            "exclusive options are not allowed",
        ),
        (
            {
                "type": "multiple_choice",
                "description": "q",
                "answer_limit": -1,
                "options": [{"label": "n", "value": "n", "exclusive": True}],
            },
            "must not be exclusive",
        ),
        (
            {
                "type": "multiple_choice_with_free_text",
                "description": "q",
                "answer_limit": 1,
                "options": [{"label": "a", "value": "a"}],
            },
            "heading",
        ),
        (
            {
                "type": "free_text_with_unit",
                "description": "q",
                "unit_position": "suffix",
                "default_unit": "kg",
                "unit_options": [{"label": "g", "value": "g"}],
            },
            "default_unit",
        ),
        (
            {
                "type": "free_text",
                "description": "q",
                "validation": {"type": "string", "min": 5, "max": 2},
            },
            "min must be",
        ),
        (
            {"type": "free_text", "description": "q", "validation": {"type": "string", "min": 1.5}},
            "whole numbers",
        ),
        ({"type": "file_upload", "description": "q", "accepted_file_types": ["png"]}, "extension"),
        (
            {"type": "file_upload", "description": "q", "min_file_count": 4, "max_file_count": 2},
            "min_file_count",
        ),
        ({"type": "free_text", "description": "q", "colour": "red"}, "Extra inputs"),
        ({"type": "essay", "description": "q"}, "does not match any of the expected tags"),
    ],
)
def test_invalid_instruction_inputs_are_refused_with_a_reason(
    item: dict[str, Any], problem: str
) -> None:
    with pytest.raises(ValidationError, match=problem):
        INSTRUCTIONS.validate_python([item])


def test_dataset_schema_rules() -> None:
    schema = DatasetSchema(
        fields={"text": {"type": "text", "label": "Text"}, "g": {"type": "task_group_id"}}
    )
    assert schema.to_payload() == {
        "strict": False,
        "fields": {"text": {"type": "text", "label": "Text"}, "g": {"type": "task_group_id"}},
    }
    with pytest.raises(ValidationError, match="at most one task_group_id"):
        DatasetSchema(fields={"a": {"type": "task_group_id"}, "b": {"type": "task_group_id"}})
    with pytest.raises(ValidationError):
        DatasetSchema(fields={})
    with pytest.raises(ValidationError):
        DatasetSchema(fields={"x": {"type": "hologram"}})
    with pytest.raises(ValidationError, match="1 to 128"):
        DatasetSchema(fields={"x" * 129: {"type": "text"}})


def test_batch_create_matches_the_appendix_body() -> None:
    body = BatchCreate(
        name="Reviews batch",
        workspace_id="6278acb09062db3b35bcbeb0",
        dataset_id="0192a3b5-e8f9-7a0b-1c2d-3e4f5a6b7c8d",
        task_details=TASK_DETAILS,
    ).to_payload()
    assert body == {
        "name": "Reviews batch",
        "workspace_id": "6278acb09062db3b35bcbeb0",
        "dataset_id": "0192a3b5-e8f9-7a0b-1c2d-3e4f5a6b7c8d",
        "task_details": TASK_DETAILS,
    }


def test_batch_items_layout_rules() -> None:
    page = {
        "rows": [
            {
                "columns": [
                    {"items": [{"type": "dataset_field", "field": "text"}]},
                    {"items": [{"type": "free_text", "description": "Why?"}]},
                ]
            }
        ]
    }
    body = BatchCreate(name="b", workspace_id="w", task_details=TASK_DETAILS, batch_items=[page])
    assert body.to_payload()["batch_items"][0]["rows"][0]["columns"][1]["items"] == [
        {"type": "free_text", "description": "Why?"}
    ]
    twice = {
        "rows": [
            {
                "columns": [
                    {
                        "items": [
                            {"type": "dataset_field", "field": "t"},
                            {"type": "dataset_field", "field": "t"},
                        ]
                    }
                ]
            }
        ]
    }
    with pytest.raises(ValidationError, match="more than once"):
        BatchPageInput.model_validate(twice)
    intro = {"display_position": "intro", "rows": page["rows"]}
    with pytest.raises(ValidationError, match="only rich_text and image"):
        BatchPageInput.model_validate(intro)
    three_columns = {
        "rows": [{"columns": [{"items": [{"type": "rich_text", "content": "x"}]}] * 3}]
    }
    with pytest.raises(ValidationError):
        BatchPageInput.model_validate(three_columns)
    with pytest.raises(ValidationError, match="https"):
        BatchPageInput.model_validate(
            {
                "rows": [
                    {
                        "columns": [
                            {"items": [{"type": "image", "url": "http://x/a.png", "alt_text": "a"}]}
                        ]
                    }
                ]
            }
        )


def test_batch_update_sends_only_what_was_set_and_null_only_for_the_layout() -> None:
    assert BatchUpdate(name="New").to_payload() == {"name": "New"}
    assert BatchUpdate(batch_items=None).to_payload() == {"batch_items": None}
    assert BatchUpdate(auto_sync_enabled=False).to_payload() == {"auto_sync_enabled": False}
    with pytest.raises(ValidationError, match="cannot be cleared"):
        BatchUpdate(name=None)


def test_collection_pages_number_their_items_without_touching_the_callers_objects() -> None:
    text = RichTextBlockInput(content="Hello", content_format="markdown")
    question = FreeTextInput(description="Tell us")
    page = CollectionPageInput(page_items=[text, question])
    assert [item.order for item in page.page_items] == [0, 1]
    assert text.order is None
    body = CollectionCreate(
        workspace_id="w", name="c", task_details=TASK_DETAILS, collection_items=[page]
    ).to_payload()
    assert body["collection_items"][0]["page_items"][1] == {
        "type": "free_text",
        "description": "Tell us",
        "order": 1,
    }


def test_appendix_aitb_study_is_accepted_and_serialised_unchanged() -> None:
    body = {
        "name": "Rate reviews",
        "description": "<p>...</p>",
        "data_collection_method": "AI_TASK_BUILDER_BATCH",
        "data_collection_id": "b",
        "data_collection_metadata": {"annotators_per_task": 3},
        "prolific_id_option": "not_required",
        "reward": 150,
        "estimated_completion_time": 5,
        "device_compatibility": ["desktop"],
        "completion_codes": [
            {"code": "ABC123", "code_type": "COMPLETED", "actions": [{"action": "MANUALLY_REVIEW"}]}
        ],
    }
    assert StudyCreate.model_validate(body).to_payload() == body


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"external_study_url": "https://x"}, "cannot be combined"),
        ({"data_collection_id": None}, "data_collection_id is required"),
        ({"data_collection_method": "AI_TASK_BUILDER_COLLECTION"}, "only to AI_TASK_BUILDER_BATCH"),
        ({"data_collection_method": None}, "need"),
        ({"reward": -1}, "greater than or equal"),
        ({"rewards": 5}, "Extra inputs"),
    ],
)
def test_study_create_rules(changes: dict[str, Any], problem: str) -> None:
    body = {
        "name": "s",
        "description": "d",
        "reward": 100,
        "estimated_completion_time": 5,
        "data_collection_method": "AI_TASK_BUILDER_BATCH",
        "data_collection_id": "b",
        "data_collection_metadata": {"annotators_per_task": 2},
        **changes,
    }
    with pytest.raises(ValidationError, match=problem):
        StudyCreate.model_validate(body)


def test_study_update_sends_only_set_fields() -> None:
    update = StudyUpdate(
        total_available_places=30, data_collection_metadata={"annotators_per_task": 4}
    )
    assert update.to_payload() == {
        "total_available_places": 30,
        "data_collection_metadata": {"annotators_per_task": 4},
    }


@settings(max_examples=75, deadline=None)
@given(
    kind=st.sampled_from(["number", "string"]),
    low=st.none() | st.integers(-5, 50),
    high=st.none() | st.integers(-5, 50),
)
def test_validation_rule_accepts_exactly_the_documented_bounds(
    kind: str, low: int | None, high: int | None
) -> None:
    ordered = low is None or high is None or low <= high
    non_negative = kind == "number" or all(b is None or b >= 0 for b in (low, high))
    if ordered and non_negative:
        assert ValidationRule(type=kind, min=low, max=high).type == kind
    else:
        with pytest.raises(ValidationError):
            ValidationRule(type=kind, min=low, max=high)


@settings(max_examples=75, deadline=None)
@given(limit=st.integers(-3, 8), count=st.integers(1, 6))
def test_answer_limit_is_minus_one_or_within_the_options(limit: int, count: int) -> None:
    options = [{"label": f"o{i}", "value": i} for i in range(count)]
    valid = limit == -1 or 1 <= limit <= count
    if valid:
        assert MultipleChoiceInput(description="q", answer_limit=limit, options=options)
    else:
        with pytest.raises(ValidationError, match="answer_limit"):
            MultipleChoiceInput(description="q", answer_limit=limit, options=options)

"""Instruction wire format: the reference's payloads round-trip, and output matches the spec."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from openapi_schema_validator import OAS31Validator

from atb_tui.logic.instructions import (
    ChoiceOption,
    FileUpload,
    FreeText,
    FreeTextWithUnit,
    Instruction,
    InstructionFormatError,
    MultipleChoice,
    MultipleChoiceWithFreeText,
    UnitOption,
    UnsupportedInstruction,
    ValidationRule,
    from_wire,
    to_batch_items,
    to_wire,
    validate_instructions,
)

SHARED = Path(__file__).resolve().parents[3].parent / "shared" / "prolific"
REFERENCE = SHARED / "api-reference.md"
SPEC = SHARED / "openapi.yml"
REQUEST_ITEM = "ApiV1DataCollectionBatchesBatchIdInstructionsPutRequestBodyContentApplicationJsonSchemaInstructionsItems"  # noqa: E501


def appendix_blocks() -> list[Any]:
    if not REFERENCE.exists():
        pytest.skip(f"{REFERENCE} is not available")
    appendix = REFERENCE.read_text(encoding="utf-8").split("## Appendix A", 1)[1]
    return [json.loads(block) for block in re.findall(r"```json\n(.*?)```", appendix, re.S)]


def appendix_block(key: str) -> Any:
    return next(block for block in appendix_blocks() if key in json.dumps(block))


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    if not SPEC.exists():
        pytest.skip(f"{SPEC} is not available")
    with SPEC.open(encoding="utf-8") as handle:
        loaded: dict[str, Any] = yaml.load(
            handle, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        )
    return loaded


def validator(spec: dict[str, Any], schema_name: str) -> OAS31Validator:
    document = {"$ref": f"#/components/schemas/{schema_name}", "components": spec["components"]}
    return OAS31Validator(document)


def test_appendix_create_instructions_round_trip_exactly() -> None:
    body = appendix_block('"instructions"')
    items = body["instructions"]
    instructions = [from_wire(item) for item in items]
    assert [type(item) for item in instructions] == [
        MultipleChoice,
        FreeText,
        MultipleChoiceWithFreeText,
        FileUpload,
    ]
    assert [to_wire(item) for item in instructions] == items
    assert validate_instructions(instructions) == {}


def test_appendix_response_item_reads_and_writes_back_without_server_fields() -> None:
    response = appendix_block('"parent_type"')
    instruction = from_wire(response)
    assert isinstance(instruction, MultipleChoice)
    assert instruction.id == response["id"]
    assert instruction.created_by == "me"
    assert instruction.options[0] == ChoiceOption(label="Positive", value="positive")
    wire = to_wire(instruction)
    for server_field in ("created_at", "parent_id", "parent_type", "batch_id"):
        assert server_field not in wire
    assert wire["id"] == response["id"]
    assert "disable_dropdown" not in wire  # false is the default


def every_type() -> list[Instruction]:
    return [
        MultipleChoice(
            description="Which is better?",
            helper_text="Read both",
            answer_limit=2,
            disable_dropdown=True,
            options=(
                ChoiceOption(label="A", value="a"),
                ChoiceOption(label="B", value="b"),
                ChoiceOption(label="Neither", value="neither", exclusive=True),
            ),
        ),
        FreeText(
            description="Why?",
            placeholder_text_input="Explain",
            validation=ValidationRule(type="number", min=0),
        ),
        FreeTextWithUnit(
            description="Weight?",
            unit_options=(
                UnitOption(
                    label="kg", value="kg", validation=ValidationRule(type="number", max=500)
                ),
                UnitOption(label="lb", value="lb"),
            ),
            default_unit="kg",
            unit_position="suffix",
        ),
        MultipleChoiceWithFreeText(
            description="Issues?",
            answer_limit=-1,
            options=(ChoiceOption(label="Wrong", value="wrong", heading="Accuracy"),),
        ),
        FileUpload(
            description="Photo",
            placeholder_text_input="ignored in batch items",
            max_file_size_mb=2.5,
        ),
    ]


def test_legacy_items_conform_to_the_spec_request_schema(spec: dict[str, Any]) -> None:
    check = validator(spec, REQUEST_ITEM)
    for instruction in every_type():
        check.validate(to_wire(instruction))
    units = every_type()[2]
    assert isinstance(units, FreeTextWithUnit)
    broken = to_wire(replace(units, unit_position="middle"))
    assert not check.is_valid(broken), "the spec validator must catch a bad enum"


def test_batch_items_conform_to_the_spec_page_schema(spec: dict[str, Any]) -> None:
    check = validator(spec, "BatchItemsPage")
    pages = to_batch_items(every_type(), ["text", "image"])
    for page in pages:
        check.validate(page)
    items = pages[0]["rows"][1]["columns"][0]["items"]
    assert all("created_by" not in item for item in items)
    assert "placeholder_text_input" not in items[4]


def test_from_wire_is_tolerant() -> None:
    instruction = from_wire(
        {
            "type": "multiple_choice",
            "description": 42,
            "answer_limit": {"type": "legacy", "description": "old object form"},
            "options": ["Yes", {"label": "No", "value": 0, "exclusive": "yes"}, None],
            "helper_text": None,
            "unexpected": "ignored",
        }
    )
    assert instruction == MultipleChoice(
        description="42",
        answer_limit=1,
        options=(
            ChoiceOption(label="Yes", value="Yes"),
            ChoiceOption(label="No", value=0),
            ChoiceOption(label="", value=""),
        ),
    )
    upload = from_wire(
        {"type": "file_upload", "description": "x", "max_file_size_mb": "10", "min_file_count": "2"}
    )
    assert upload == FileUpload(description="x", max_file_size_mb=10, min_file_count=2)
    text = from_wire(
        {"type": "free_text", "description": "x", "validation": {"type": "string", "max": "1e400"}}
    )
    assert isinstance(text, FreeText)
    assert text.validation == ValidationRule(type="string", max=float("inf"))


def test_unknown_types_are_kept_verbatim() -> None:
    raw = {
        "type": "video_narration",
        "id": "i1",
        "created_at": "2025-01-01",
        "description": "Narrate",
        "x": [1],
    }
    instruction = from_wire(raw)
    assert isinstance(instruction, UnsupportedInstruction)
    assert (instruction.type, instruction.description, instruction.id) == (
        "video_narration",
        "Narrate",
        "i1",
    )
    assert to_wire(instruction) == {
        "type": "video_narration",
        "id": "i1",
        "description": "Narrate",
        "x": [1],
    }
    assert "id" not in to_wire(instruction, include_id=False)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], "an instruction must be a JSON object, not a list"),
        ("free_text", "an instruction must be a JSON object, not a string"),
        ({"description": "no type"}, 'the instruction has no "type"'),
        ({"type": " "}, 'the instruction has no "type"'),
    ],
)
def test_from_wire_refuses_non_instructions(data: object, message: str) -> None:
    with pytest.raises(InstructionFormatError, match=re.escape(message)):
        from_wire(data)


def test_to_wire_fills_created_by_and_respects_include_id() -> None:
    instruction = FreeText(description="Q", id="keep-me")
    assert to_wire(instruction, created_by="Sean") == {
        "type": "free_text",
        "id": "keep-me",
        "created_by": "Sean",
        "description": "Q",
    }
    assert "id" not in to_wire(instruction, include_id=False)


texts = st.text(max_size=8)
values = st.one_of(
    texts, st.integers(-1000, 1000), st.floats(allow_nan=False, allow_infinity=False), st.booleans()
)
rules = st.none() | st.builds(
    ValidationRule,
    type=st.sampled_from(["string", "number", "other"]),
    min=st.none() | st.floats(allow_nan=False, allow_infinity=False),
    max=st.none() | st.integers(0, 10_000),
)
common = {
    "description": texts,
    "helper_text": texts,
    "placeholder_text_input": texts,
    "id": st.none() | st.uuids().map(str),
    "created_by": st.text(min_size=1, max_size=8),
}
plain_options = st.builds(ChoiceOption, label=texts, value=values, exclusive=st.booleans())
headed_options = st.builds(
    ChoiceOption, label=texts, value=values, exclusive=st.booleans(), heading=texts
)
instructions = st.one_of(
    st.builds(
        MultipleChoice,
        options=st.lists(plain_options, max_size=4).map(tuple),
        answer_limit=st.integers(-3, 6),
        disable_dropdown=st.booleans(),
        **common,
    ),
    st.builds(
        MultipleChoiceWithFreeText,
        options=st.lists(headed_options, max_size=4).map(tuple),
        answer_limit=st.integers(-3, 6),
        **common,
    ),
    st.builds(FreeText, validation=rules, **common),
    st.builds(
        FreeTextWithUnit,
        unit_options=st.lists(
            st.builds(UnitOption, label=texts, value=values, validation=rules), max_size=3
        ).map(tuple),
        default_unit=texts,
        unit_position=st.sampled_from(["prefix", "suffix", "odd"]),
        **common,
    ),
    st.builds(
        FileUpload,
        accepted_file_types=st.lists(texts, max_size=3).map(tuple),
        max_file_size_mb=st.floats(allow_nan=False, allow_infinity=False),
        min_file_count=st.integers(-2, 20),
        max_file_count=st.integers(-2, 20),
        **{key: value for key, value in common.items() if key != "placeholder_text_input"},
    ),
)


@settings(max_examples=150, deadline=None)
@given(instruction=instructions)
def test_wire_round_trip_through_json(instruction: Instruction) -> None:
    wire = json.loads(json.dumps(to_wire(instruction)))
    assert from_wire(wire) == instruction

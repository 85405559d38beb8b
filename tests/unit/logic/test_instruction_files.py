"""Instruction files in the Prolific CLI format: export, import, and clear errors."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from atb_tui.logic.instructions import (
    EditableInstruction,
    FileUpload,
    FreeText,
    Instruction,
    InstructionFileError,
    UnsupportedInstruction,
    export_json,
    import_json,
    read_instructions_file,
)
from tests.helpers.instruction_samples import CHOICE, UNITS, WHY


def test_export_is_the_cli_shape_without_ids() -> None:
    text = export_json([CHOICE, WHY], created_by="Sean")
    assert text.endswith("}\n")
    assert "Négatif" in text  # UTF-8 kept readable
    document = json.loads(text)
    assert list(document) == ["instructions"]
    assert document["instructions"][0] == {
        "type": "multiple_choice",
        "created_by": "Sean",
        "description": "Sentiment?",
        "answer_limit": 1,
        "options": [
            {"label": "Positive", "value": "positive"},
            {"label": "Négatif", "value": "neg"},
        ],
    }


def test_export_import_round_trip() -> None:
    instructions: list[EditableInstruction] = [CHOICE, WHY, UNITS, FileUpload(description="Photo")]
    imported = import_json(export_json(instructions))
    assert imported == [replace(item, id=None, created_by="atb-tui") for item in instructions]


def test_import_accepts_a_bare_array_and_drops_ids() -> None:
    text = json.dumps([{"type": "free_text", "id": "x", "created_by": "Sean", "description": "Q"}])
    assert import_json(text) == [FreeText(description="Q", created_by="Sean")]


def test_import_keeps_newer_known_types() -> None:
    text = json.dumps(
        {"instructions": [{"type": "video_narration", "id": "x", "description": "Talk"}]}
    )
    assert import_json(text) == [
        UnsupportedInstruction({"type": "video_narration", "description": "Talk"})
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "the file is empty"),
        (
            "{",
            "not valid JSON (line 1, column 2): Expecting property name enclosed in double quotes",
        ),
        ('{"instructions": [1,]}', "not valid JSON (line 1, column 21): Expecting value"),
        (
            '{"questions": []}',
            'expected {"instructions": [...]} (the Prolific CLI format) or a list',
        ),
        ('"hello"', 'expected {"instructions": [...]}'),
        ('{"instructions": {}}', '"instructions" must be a list of instructions'),
        ('{"instructions": []}', "the file has no instructions"),
        (
            '[{"type": "free_text", "description": "a"}, 3]',
            "instruction 2 is a number, not an object",
        ),
        ('[{"description": "a"}]', 'instruction 1 has no "type"'),
        (
            '[{"type": "multiple_choise"}]',
            "instruction 1 has an unknown type 'multiple_choise' (known: ",
        ),
        ("[" * 100_000, "not usable JSON: it nests too deeply"),
    ],
)
def test_import_errors_say_what_and_where(text: str, message: str) -> None:
    with pytest.raises(InstructionFileError) as error:
        import_json(text)
    assert str(error.value).startswith(message)


def test_read_instructions_file(tmp_path: Path) -> None:
    good = tmp_path / "good.json"
    good.write_text("\ufeff" + export_json([WHY]), encoding="utf-8")
    assert read_instructions_file(good) == [replace(WHY, created_by="atb-tui")]
    latin = tmp_path / "latin.json"
    data = b'{"instructions": [{"type": "free_text", "description": "caf\xe9"}]}'
    latin.write_bytes(data)
    offset = data.index(b"\xe9")
    with pytest.raises(
        InstructionFileError, match=rf"latin.json is not UTF-8 text \(byte {offset}\)"
    ):
        read_instructions_file(latin)
    with pytest.raises(InstructionFileError, match=r"can't read missing\.json: No such file"):
        read_instructions_file(tmp_path / "missing.json")


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=6),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "type",
                    "instructions",
                    "options",
                    "description",
                    "answer_limit",
                    "unit_options",
                    "validation",
                    "min",
                    "value",
                    "label",
                ]
            ),
            children,
            max_size=5,
        )
    ),
    max_leaves=20,
)
type_names = st.sampled_from(
    [
        "multiple_choice",
        "free_text",
        "free_text_with_unit",
        "multiple_choice_with_free_text",
        "file_upload",
        "x",
    ]
)


@settings(max_examples=150, deadline=None)
@given(
    document=st.one_of(
        json_values,
        st.lists(
            st.dictionaries(st.just("type"), type_names).flatmap(
                lambda base: st.dictionaries(
                    st.sampled_from(
                        [
                            "options",
                            "unit_options",
                            "validation",
                            "answer_limit",
                            "max_file_count",
                            "accepted_file_types",
                        ]
                    ),
                    json_values,
                ).map(lambda extra: {**extra, **base})
            ),
            max_size=3,
        ).map(lambda items: {"instructions": items}),
    )
)
def test_import_json_raises_only_its_own_error_on_any_json(document: object) -> None:
    outcome: list[Instruction] | InstructionFileError
    try:
        outcome = import_json(json.dumps(document))
    except InstructionFileError as error:
        outcome = error
    assert str(outcome) if isinstance(outcome, InstructionFileError) else outcome


@settings(max_examples=100, deadline=None)
@given(text=st.text(max_size=60))
def test_import_json_raises_only_its_own_error_on_any_text(text: str) -> None:
    outcome: list[Instruction] | InstructionFileError
    try:
        outcome = import_json(text)
    except InstructionFileError as error:
        outcome = error
    assert str(outcome) if isinstance(outcome, InstructionFileError) else outcome

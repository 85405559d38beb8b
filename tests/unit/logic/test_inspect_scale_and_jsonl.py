"""Inspection at scale (constant memory), JSONL files, schema proposals, and arbitrary bytes."""

from __future__ import annotations

import json
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from atb_tui.logic.csv_inspect import inspect_file, propose_schema, schema_to_wire
from atb_tui.logic.inspection import FileInspection, Problem
from atb_tui.logic.schema_proposal import FieldProposal, schema_problems


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def codes(problems: tuple[Problem, ...]) -> list[str]:
    return [problem.code for problem in problems]


def test_50_mb_csv_is_scanned_in_constant_memory(tmp_path: Path) -> None:
    text = ("lorem ipsum dolor sit amet " * 30).strip()
    block = "".join(
        f'"{text}, {i}",https://example.com/{i}.png,g{i % 500}\n' for i in range(2_000)
    ).encode()
    path = tmp_path / "big.csv"
    blocks = 50_000_000 // len(block) + 1
    with path.open("wb") as out:
        out.write(b"text,image,META_TASK_GROUP_ID\n")
        for _ in range(blocks):
            out.write(block)
    size = path.stat().st_size
    assert size >= 50_000_000

    tracemalloc.start()
    try:
        result = inspect_file(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert result.can_upload, result.problems
    assert result.row_count == blocks * 2_000
    assert result.group_count == 500
    assert len(result.preview) == 20
    assert peak < 1_000_000, f"peak {peak:,} bytes for a {size:,}-byte file"


def test_jsonl_records_become_columns_and_preview(tmp_path: Path) -> None:
    lines = [
        {"text": "a", "image": "https://x.org/1.jpg", "META_TASK_GROUP_ID": 1},
        {"text": "b", "image": "https://x.org/2.jpg", "META_TASK_GROUP_ID": 1, "score": 0.5},
        {"text": "c", "image": "https://x.org/3.jpg", "META_TASK_GROUP_ID": 2, "score": None},
    ]
    data = "\n".join(json.dumps(line) for line in lines).encode() + b"\n\n"
    result = inspect_file(write(tmp_path, "data.jsonl", data))
    assert result.format == "jsonl"
    assert result.can_upload
    assert result.columns == ("text", "image", "META_TASK_GROUP_ID", "score")
    assert result.hidden_columns == ("META_TASK_GROUP_ID",)
    assert (result.row_count, result.group_column, result.group_count) == (
        3,
        "META_TASK_GROUP_ID",
        2,
    )
    assert result.preview[1] == ("b", "https://x.org/2.jpg", "1", "0.5")
    assert result.preview[2][3] == ""
    assert result.preview_records[0] == lines[0]
    assert [w.message for w in result.warnings] == ["field 'score' is missing in 1 of 3 records"]


def test_jsonl_v4_task_group_id_field_groups(tmp_path: Path) -> None:
    data = b'{"text": "a", "task_group_id": "x"}\n{"text": "b", "task_group_id": "y"}\n'
    result = inspect_file(write(tmp_path, "data.ndjson", data))
    assert (result.group_column, result.group_count) == ("task_group_id", 2)


def test_jsonl_bad_lines_are_reported_with_line_numbers(tmp_path: Path) -> None:
    data = (
        b'{"text": "ok"}\n'
        b"\n"
        b"[1, 2]\n"
        b'{"text": "a", "text": "b"}\n'
        b'{"text": oops}\n'
        b'"just a string"\n'
        b'{"text": "caf\xe9"}\n'
        b'{"text": {"nested": true}}\n'
    )
    result = inspect_file(write(tmp_path, "data.jsonl", data))
    bad_byte = data.index(b"\xe9")
    messages = [problem.message for problem in result.problems]
    assert messages == [
        "line 3 is an array, not a JSON object",
        "line 4 has the field 'text' twice",
        "line 5 is not valid JSON: Expecting value (column 10)",
        "line 6 is a string, not a JSON object",
        f"not UTF-8 at byte {bad_byte} (line 7); save the file as UTF-8",
    ]
    assert result.problems[2].column == 10
    assert result.row_count == 3
    assert codes(result.warnings) == ["nested_value"]
    assert result.warnings[0].message.startswith("line 8: field 'text' holds an object")


def test_jsonl_empty_and_blank_files(tmp_path: Path) -> None:
    assert codes(inspect_file(write(tmp_path, "a.jsonl", b"")).problems) == ["empty_file"]
    assert codes(inspect_file(write(tmp_path, "b.jsonl", b"\n \n")).problems) == ["empty_file"]


def test_schema_proposal_types_each_column(tmp_path: Path) -> None:
    data = (
        b"prompt,image,link,META_source,META_TASK_GROUP_ID,task_group_id\n"
        b"hi,https://cdn.example.com/a.PNG?x=1,https://example.com/page,web,1,7\n"
        b"yo,http://cdn.example.com/b.jpeg,https://example.com/other,app,2,8\n"
    )
    proposals = propose_schema(inspect_file(write(tmp_path, "data.csv", data)))
    assert {name: p.type for name, p in proposals.items()} == {
        "prompt": "text",
        "image": "image_url",
        "link": "text",
        "META_source": "metadata",
        "META_TASK_GROUP_ID": "task_group_id",
        "task_group_id": "metadata",
    }
    assert proposals["link"].reason == "values are links, but not to images"
    assert schema_problems(proposals) == []


def test_schema_proposal_uses_task_group_id_column_without_meta(tmp_path: Path) -> None:
    data = b"text,Task_Group_ID\na,1\n"
    proposals = propose_schema(inspect_file(write(tmp_path, "data.csv", data)))
    assert proposals["Task_Group_ID"].type == "task_group_id"
    assert schema_to_wire(proposals) == {
        "strict": False,
        "fields": {"text": {"type": "text"}, "Task_Group_ID": {"type": "task_group_id"}},
    }


def test_schema_to_wire_includes_labels_and_strict() -> None:
    proposals = {"q": FieldProposal("text", "shown", label="Question")}
    assert schema_to_wire(proposals, strict=True) == {
        "strict": True,
        "fields": {"q": {"type": "text", "label": "Question"}},
    }


def test_schema_problems_catch_what_prolific_rejects() -> None:
    assert schema_problems({}) == ["a schema needs at least one field"]
    two_groups = {
        "a": FieldProposal("task_group_id", ""),
        "b": FieldProposal("task_group_id", ""),
        "c": FieldProposal("text", ""),
    }
    assert schema_problems(two_groups) == ["only one field can be task_group_id (now: a, b)"]
    hidden = {"a": FieldProposal("metadata", "")}
    assert schema_problems(hidden) == ["no field is shown to participants (text or image_url)"]


@pytest.fixture(scope="module")
def fuzz_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


@settings(max_examples=80, deadline=None)
@given(
    data=st.one_of(
        st.binary(max_size=400),
        st.lists(
            st.sampled_from(
                [
                    b"a",
                    b",",
                    b'"',
                    b"\n",
                    b"\r",
                    b"\xe9",
                    b"\x00",
                    b"{",
                    b"}",
                    b"\xef\xbb\xbf",
                    b"META_TASK_GROUP_ID",
                ]
            ),
            max_size=60,
        ).map(b"".join),
    ),
    suffix=st.sampled_from([".csv", ".jsonl"]),
)
def test_inspect_file_never_raises(fuzz_dir: Path, data: bytes, suffix: str) -> None:
    path = fuzz_dir / f"fuzz{suffix}"
    path.write_bytes(data)
    result = inspect_file(path, preview_rows=3)
    assert isinstance(result, FileInspection)
    assert result.size_bytes == len(data)
    assert len(result.preview) <= 3
    assert result.can_upload == (not result.problems)
    for problem in result.problems + result.warnings:
        assert problem.message

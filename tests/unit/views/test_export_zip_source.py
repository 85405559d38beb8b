"""A downloaded export ZIP as the viewer's source: the sandbox's own export, the fallback to
responses-by-submission.jsonl, and bad archives refused with one line (never a traceback)."""

from __future__ import annotations

import contextlib
import json
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from atb_tui.cli import main
from atb_tui.views.responses.store import ResponseStore
from atb_tui.views.responses.zip_source import ExportZipError, read_export_zip
from tests.helpers.headless import sandbox_export


async def test_the_sandbox_export_gives_every_response_with_titles_and_datapoints(
    tmp_path: Path,
) -> None:
    path, ids = await sandbox_export(tmp_path)
    loaded = read_export_zip(path)
    assert len(loaded.rows) == 72  # 12 tasks × 3 annotators × 2 instructions
    assert {i.title for i in loaded.instructions} == {"Sentiment?", "Why?"}
    assert len(loaded.datapoints) == 12
    store = ResponseStore(loaded.instructions)
    assert store.add(loaded.rows) == 72  # ids are unique, nothing is dropped as a repeat
    assert {r.response.instruction_id for r in loaded.rows} == set(ids.values())
    assert all(r.submission_id for r in loaded.rows)
    # and `atb-tui agreement` still reads the same file
    assert main(["agreement", str(path), "--instruction", ids["Sentiment?"], "--json"]) == 0


def write_zip(path: Path, members: dict[str, str]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in members.items():
            archive.writestr(name, text)
    return path


def test_without_by_task_it_reads_by_submission(tmp_path: Path) -> None:
    line = {
        "submission_id": "s1",
        "participant_id": "p1",
        "tasks": [
            {
                "task_id": "t1",
                "datapoint": {"text": "Great film"},
                "responses": [
                    {"instruction_id": "i1", "type": "free_text", "answer": [{"value": "yes"}]},
                    {"response": {"instruction_id": "i2", "type": "x", "answer": 3}},
                ],
            }
        ],
    }
    path = write_zip(tmp_path / "e.zip", {"export/responses-by-submission.jsonl": json.dumps(line)})
    loaded = read_export_zip(path)
    assert [(r.participant_id, r.task_id, r.submission_id) for r in loaded.rows] == [
        ("p1", "t1", "s1"),
        ("p1", "t1", "s1"),
    ]
    assert loaded.rows[1].response.answer[0].value == 3
    assert loaded.datapoints == {"t1": "text: Great film"}
    assert loaded.name == "e"


@pytest.mark.parametrize(
    ("members", "message"),
    [
        ({"README.md": "hi"}, "has neither responses-by-task.jsonl"),
        ({"responses-by-task.jsonl": "{not json"}, "line 1 is not JSON"),
        ({"responses-by-task.jsonl": "[1, 2]"}, "line 1 is not a JSON object"),
        ({"responses-by-task.jsonl": '{"task_id": "t"}'}, "expected task_id and a responses"),
        (
            {"responses-by-task.jsonl": '{"task_id": "t", "responses": [{"answer": 1}]}'},
            "lacks participant_id or instruction_id",
        ),
    ],
)
def test_bad_archives_are_refused_with_one_line(
    tmp_path: Path, members: dict[str, str], message: str
) -> None:
    with pytest.raises(ExportZipError, match=message):
        read_export_zip(write_zip(tmp_path / "bad.zip", members))


def test_a_file_that_is_not_a_zip_is_refused(tmp_path: Path) -> None:
    (tmp_path / "x.zip").write_text("hello")
    with pytest.raises(ExportZipError, match="not a readable ZIP"):
        read_export_zip(tmp_path / "x.zip")
    with pytest.raises(ExportZipError, match="no such file"):
        read_export_zip(tmp_path / "missing.zip")


@settings(max_examples=60, deadline=None)
@given(st.recursive(st.none() | st.integers() | st.text(max_size=5),
                    lambda inner: st.lists(inner, max_size=3)
                    | st.dictionaries(st.sampled_from(["task_id", "responses", "answer",
                                                       "instruction_id", "participant_id"]),
                                      inner, max_size=4),
                    max_leaves=12))  # fmt: skip
def test_any_json_line_is_read_or_refused_cleanly(value: object) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = write_zip(Path(folder) / "h.zip", {"responses-by-task.jsonl": json.dumps(value)})
        with contextlib.suppress(ExportZipError):
            read_export_zip(path)

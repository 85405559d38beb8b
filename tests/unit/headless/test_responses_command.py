"""`atb-tui responses` on the sandbox: the viewer's export rows, filter and file rules."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from atb_tui.sandbox import Sandbox
from tests.helpers.headless import WORKSPACE, only_gets, run_headless
from tests.helpers.sandbox import item_named

PILOT = "Sentiment - pilot"


def pilot_id(sandbox: Sandbox) -> str:
    return item_named(sandbox.world.batches, PILOT)


def test_csv_on_stdout_holds_every_response(sandbox: Sandbox) -> None:
    batch = pilot_id(sandbox)
    result = run_headless(sandbox, "responses", batch)
    assert result.code == 0, result.err
    rows = list(csv.DictReader(io.StringIO(result.out)))
    world = sandbox.world.responses_of(batch)
    assert sorted(r["response_id"] for r in rows) == sorted(r.id for r in world)
    assert list(rows[0])[:3] == ["task", "annotator", "value"]
    assert result.err == ""  # stderr is not a terminal: no progress
    assert only_gets(sandbox) == []


def test_the_filter_keeps_what_the_viewer_would(sandbox: Sandbox) -> None:
    result = run_headless(sandbox, "responses", pilot_id(sandbox), "--filter", "answer=negative")
    rows = list(csv.DictReader(io.StringIO(result.out)))
    assert rows
    assert {r["value"] for r in rows} == {"negative"}
    everything = run_headless(sandbox, "responses", pilot_id(sandbox)).out
    negative = [r for r in csv.DictReader(io.StringIO(everything)) if r["answer"] == "Negative"]
    assert [r["response_id"] for r in rows] == [r["response_id"] for r in negative]


def test_jsonl_is_each_response_as_the_api_sent_it(sandbox: Sandbox) -> None:
    batch = pilot_id(sandbox)
    result = run_headless(sandbox, "responses", batch, "--format", "jsonl")
    lines = [json.loads(line) for line in result.lines]
    assert len(lines) == len(sandbox.world.responses_of(batch))
    assert {line["batch_id"] for line in lines} == {batch}


def test_wide_csv_has_one_row_per_task(sandbox: Sandbox) -> None:
    batch = pilot_id(sandbox)
    result = run_headless(sandbox, "responses", batch, "--format", "wide-csv")
    rows = list(csv.reader(io.StringIO(result.out)))
    tasks = {r.task_id for r in sandbox.world.responses_of(batch)}
    assert rows[0][0] == "task"
    assert {row[0] for row in rows[1:]} == tasks


def test_a_file_by_name_with_a_json_summary(sandbox: Sandbox, tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    result = run_headless(sandbox, "responses", PILOT, "--workspace", WORKSPACE, "-o",
                          str(target), "--filter", "answer=negative", "--json")  # fmt: skip
    assert result.code == 0, result.err
    summary = json.loads(result.out)
    written = list(csv.DictReader(target.open(newline="")))
    assert summary == {
        "batch": {"id": pilot_id(sandbox), "name": PILOT}, "format": "csv",
        "filter": "answer=negative", "path": str(target), "rows": len(written),
        "responses": len(written), "total": len(sandbox.world.responses_of(pilot_id(sandbox))),
    }  # fmt: skip
    stdout = run_headless(sandbox, "responses", pilot_id(sandbox), "--filter", "answer=negative")
    assert target.read_text(encoding="utf-8") == stdout.out  # the same bytes either way


def test_an_existing_file_is_kept_unless_forced(sandbox: Sandbox, tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_text("precious\n")
    result = run_headless(sandbox, "responses", pilot_id(sandbox), "-o", str(target))
    assert result.code == 2
    assert "already exists (add --force" in result.err
    assert target.read_text() == "precious\n"
    assert sandbox.request_log == []  # refused before asking the API anything
    forced = run_headless(sandbox, "responses", pilot_id(sandbox), "-o", str(target), "--force")
    assert forced.code == 0, forced.err
    assert target.read_text().startswith("task,annotator,value,")


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["--filter", 'instruction:"Rate'], "--filter: This quote is never closed"),
        (["--json"], "--json describes the file written with -o FILE"),
        (["--format", "xlsx"], "invalid choice: 'xlsx'"),
    ],
)
def test_bad_input_exits_2_before_any_request(sandbox: Sandbox, argv: list[str], says: str) -> None:
    result = run_headless(sandbox, "responses", pilot_id(sandbox), *argv)
    assert result.code == 2
    assert result.err.count("\n") == 1
    assert says in result.err
    assert sandbox.request_log == []


def test_an_unknown_batch_exits_2(sandbox: Sandbox) -> None:
    result = run_headless(sandbox, "responses", "01a1d42b-0000-7779-927e-8e0f858214f1")
    assert (result.code, result.err.strip()) == (
        2, "atb-tui: no batch with id 01a1d42b-0000-7779-927e-8e0f858214f1"
    )  # fmt: skip

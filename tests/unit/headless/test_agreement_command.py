"""`atb-tui agreement` on good and broken files, through `main()` as the CLI runs it."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from atb_tui.cli import main
from tests.helpers.agreement import KRIPPENDORFF_2011, by_coder

JSON_KEYS = [
    "tasks",
    "annotators",
    "ratings",
    "percent_agreement",
    "krippendorff_alpha",
    "fleiss_kappa",
    "gwet_ac1",
    "annotators_detail",
]


def krippendorff_csv(path: Path) -> Path:
    """The Krippendorff (2011) example as a long CSV, with an extra column and blank values."""
    lines = ["task,annotator,value,comment"]
    for unit, coder, value in by_coder(KRIPPENDORFF_2011, "."):
        lines.append(f"u{unit},{coder},{'' if value is None else value},note")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["agreement", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_csv_json_has_the_documented_keys_and_the_published_figures(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, str(krippendorff_csv(tmp_path / "k.csv")), "--json")
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert list(data) == JSON_KEYS
    assert (data["tasks"], data["annotators"], data["ratings"]) == (12, 4, 41)
    assert data["krippendorff_alpha"] == pytest.approx(
        {"nominal": 0.743421, "ordinal": 0.815388, "interval": 0.849107, "ratio": 0.797403},
        abs=5e-5,
    )
    assert data["percent_agreement"] == pytest.approx(0.818182, abs=5e-5)
    assert data["gwet_ac1"] == pytest.approx(0.775444, abs=5e-5)
    assert data["fleiss_kappa"] is None
    assert [d["annotator"] for d in data["annotators_detail"]] == ["A", "B", "C", "D"]
    assert set(data["annotators_detail"][0]) == {"annotator", "ratings", "agreement_with_majority"}


def test_csv_table_lists_annotators_lowest_agreement_first(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, str(krippendorff_csv(tmp_path / "k.csv")), "--level", "interval")
    assert code == 0
    assert "Krippendorff's alpha (interval)  0.8491" in out
    assert "12 tasks · 4 annotators · 41 ratings · 11 tasks with 2+ ratings" in out
    rows = [line.split()[0] for line in out.splitlines()[-4:]]
    assert rows[0] == "C", "the only annotator outvoted by the others comes first"
    assert "warning" not in out


def test_labels_have_only_nominal_alpha_and_few_tasks_warn(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "labels.csv"
    path.write_text("annotator,task,value\np1,t1,yes\np2,t1,yes\np1,t2,no\np2,t2,yes\n")
    code, out, _ = run(capsys, str(path), "--level", "ratio")
    assert code == 0
    assert "alpha (ratio)" in out
    assert "n/a (values are not all numbers ≥ 0)" in out
    assert "warning: only 2 tasks have 2+ ratings" in out


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("missing.csv", b"task,value\nt1,1\n", "line 1: missing column annotator"),
        ("utf8.csv", b"task,annotator,value\nt1,a,1\nt2,b,\xff\n", "line 3: not valid UTF-8"),
        ("empty.csv", b"", "the file is empty"),
        ("blank.csv", b"\n\n  \n", "the file is empty"),
        ("no-task.csv", b"task,annotator,value\nt1,a,1\n,b,2\n", "line 3: the task is empty"),
        ("no-who.csv", b"task,annotator,value\nt1,,1\n", "line 2: the annotator is empty"),
        ("text.zip", b"this is not an archive", "not a ZIP archive"),
        ("bad.jsonl", b'{"task_id": "t", "responses": []}\n{oops\n', "line 2: not JSON"),
        ("list.jsonl", b"[1, 2]\n", "line 1: expected a JSON object per task"),
        ("shape.jsonl", b'{"task_id": "t", "responses": {}}\n', "line 1: expected task_id"),
        (
            "who.jsonl",
            b'{"task_id": "t", "responses": [{"instruction_id": "i", "answer": []}]}\n',
            "line 1: a response lacks participant_id",
        ),
    ],
)
def test_bad_files_give_one_clear_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, content: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    code, out, err = run(capsys, str(path))
    assert code == 2
    assert out == ""
    assert message in err
    assert err.startswith(f"atb-tui agreement: {path}: ")
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err


def test_zip_without_the_jsonl_directory_and_missing_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("README.md", "hello")
    code, _, err = run(capsys, str(archive))
    assert (code, "the ZIP has no responses-by-task.jsonl" in err) == (2, True)
    code, _, err = run(capsys, str(tmp_path))
    assert (code, "is a directory" in err) == (2, True)
    code, _, err = run(capsys, str(tmp_path / "nowhere.csv"))
    assert (code, "cannot read: No such file or directory" in err) == (2, True)


def by_task_line(task: str, answers: list[tuple[str, str, object]]) -> str:
    return json.dumps(
        {
            "task_id": task,
            "responses": [
                {
                    "participant_id": who,
                    "instruction_id": instr,
                    "type": "multiple_choice",
                    "answer": [{"value": value}],
                }
                for who, instr, value in answers
            ],
        }
    )


def test_jsonl_with_several_instructions_needs_a_choice(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "responses-by-task.jsonl"
    path.write_text(
        by_task_line("t1", [("p1", "rate", 1), ("p2", "rate", 2), ("p1", "tag", "x")])
        + "\n"
        + by_task_line("t2", [("p1", "rate", 3), ("p2", "rate", 3), ("p2", "tag", "x")])
        + "\n"
    )
    code, out, err = run(capsys, str(path))
    assert (code, out) == (2, "")
    assert "several instructions: choose one with --instruction ID" in err
    assert "rate  multiple_choice  4 answers" in err
    assert "tag  multiple_choice  2 answers" in err
    code, _, err = run(capsys, str(path), "--instruction", "nope")
    assert (code, "no instruction nope" in err) == (2, True)
    code, out, _ = run(capsys, str(path), "--instruction", "rate", "--json")
    assert code == 0
    data = json.loads(out)
    assert (data["tasks"], data["ratings"], data["percent_agreement"]) == (2, 4, 0.5)
    assert data["krippendorff_alpha"]["interval"] is not None, "numeric answers allow interval"


def test_real_process_prints_json_and_fails_cleanly(tmp_path: Path) -> None:
    good = subprocess.run(
        [
            sys.executable,
            "-m",
            "atb_tui.cli",
            "agreement",
            "--json",
            str(krippendorff_csv(tmp_path / "k.csv")),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert good.returncode == 0, good.stderr
    assert json.loads(good.stdout)["ratings"] == 41
    bad = subprocess.run(
        [sys.executable, "-m", "atb_tui.cli", "agreement", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert bad.returncode == 2
    assert bad.stdout == ""
    assert bad.stderr.strip() == f"atb-tui agreement: {tmp_path}: is a directory, not a file"


def test_a_long_csv_with_several_instructions_is_read_one_instruction_at_a_time(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The viewer's long CSV: two instructions per task. Mixed, one answer would overwrite the
    # other per (task, annotator); the command asks which instruction instead.
    path = tmp_path / "long.csv"
    rows = ["task,annotator,value,instruction_id,instruction,type"]
    for task in ("t1", "t2", "t3"):
        for person in ("p1", "p2"):
            rows.append(f"{task},{person},yes,i-sent,Sentiment?,multiple_choice")
            rows.append(f"{task},{person},{person}-{task},i-why,Why?,free_text")
    path.write_text("\n".join(rows) + "\n")
    code, _, err = run(capsys, str(path), "--json")
    assert code == 2
    assert "several instructions" in err
    assert "i-sent" in err
    assert "i-why" in err
    code, out, _ = run(capsys, str(path), "--instruction", "i-sent", "--json")
    assert code == 0
    figures = json.loads(out)
    assert figures["ratings"] == 6
    assert figures["percent_agreement"] == 1.0

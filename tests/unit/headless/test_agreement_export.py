"""`atb-tui agreement` reads a batch export ZIP produced by the sandbox."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from atb_tui.cli import main
from tests.helpers.headless import sandbox_export


async def test_export_zip_lists_instructions_then_rates_the_chosen_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, ids = await sandbox_export(tmp_path)
    assert main(["agreement", str(path)]) == 2
    err = capsys.readouterr().err
    assert "several instructions: choose one with --instruction ID" in err
    assert f'{ids["Sentiment?"]}  multiple_choice  36 answers  "Sentiment?"' in err
    assert f'{ids["Why?"]}  free_text  36 answers  "Why?"' in err

    assert main(["agreement", str(path), "--instruction", ids["Sentiment?"], "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["tasks"], data["ratings"]) == (12, 36)
    assert data["annotators"] == len(data["annotators_detail"]) >= 4
    assert data["fleiss_kappa"] is not None, "every task has 3 ratings"
    assert data["percent_agreement"] is not None
    assert data["percent_agreement"] > 0.5, "simulated annotators mostly agree"
    # Options are ordered (positive, negative): ordinal α exists, interval does not.
    assert data["krippendorff_alpha"]["ordinal"] is not None
    assert data["krippendorff_alpha"]["interval"] is None

    with zipfile.ZipFile(path) as archive:
        jsonl = tmp_path / "responses-by-task.jsonl"
        jsonl.write_bytes(archive.read("responses-by-task.jsonl"))
    assert main(["agreement", str(jsonl), "--instruction", ids["Sentiment?"]]) == 0
    out = capsys.readouterr().out
    assert "12 tasks" in out
    assert "36 ratings" in out

"""`atb-tui agreement` reads a batch export ZIP produced by the sandbox."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import httpx
import pytest

from atb_tui.cli import main
from atb_tui.sandbox import ManualClock, Sandbox
from tests.helpers.raw_api import DC, draft_study, ready_batch


async def sandbox_export(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """Publish a 12-task batch (Sentiment? + Why?) to 3 annotators per task, export it."""
    sandbox = Sandbox(clock=ManualClock(), demo_data=False)
    headers = {"Authorization": "Token sandbox-token"}
    async with httpx.AsyncClient(
        transport=sandbox.transport(), base_url=sandbox.base_url, headers=headers
    ) as api:
        batch_id = await ready_batch(sandbox, api, rows=12, per_group=3)
        study = await draft_study(api, batch_id, per_task=3)
        await api.post(f"/api/v1/studies/{study['id']}/transition/", json={"action": "PUBLISH"})
        for _ in range(60):
            sandbox.advance(10)
            status = (await api.get(f"/api/v1/studies/{study['id']}/")).json()["status"]
            if status != "ACTIVE":
                break
        export_id = (await api.post(f"{DC}/batches/{batch_id}/export")).json()["export_id"]
        sandbox.advance(10)
        job = (await api.get(f"{DC}/batches/{batch_id}/export/{export_id}")).json()
        assert job["status"] == "complete"
        instructions = (await api.get(f"{DC}/batches/{batch_id}/instructions")).json()
    async with httpx.AsyncClient(transport=sandbox.transport()) as storage:
        path = tmp_path / "export.zip"
        path.write_bytes((await storage.get(job["url"])).content)
    items = (
        instructions.get("results", instructions)
        if isinstance(instructions, dict)
        else instructions
    )
    return path, {i["description"]: i["id"] for i in items}


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

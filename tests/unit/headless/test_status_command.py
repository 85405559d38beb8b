"""`atb-tui status` against the in-process sandbox: JSON checked against its world."""

from __future__ import annotations

import json

import pytest

from atb_tui.sandbox import Sandbox
from tests.helpers.headless import WORKSPACE, only_gets, run_headless
from tests.helpers.sandbox import item_named

LIVE = ("ACTIVE", "PAUSED", "SCHEDULED", "PUBLISHING")


def test_json_lists_the_workspace_as_the_sandbox_holds_it(sandbox: Sandbox) -> None:
    result = run_headless(sandbox, "status", "--workspace", WORKSPACE, "--json")
    assert result.code == 0, result.err
    found = json.loads(result.out)
    workspace = item_id_of_workspace(sandbox)
    assert found["workspace"] == {"id": workspace, "title": WORKSPACE}
    world = {b.id: b for b in sandbox.world.batches.values() if b.workspace_id == workspace}
    assert {b["id"]: b["status"] for b in found["batches"]} == {
        i: b.status for i, b in world.items()
    }
    pilot = next(b for b in found["batches"] if b["name"] == "Sentiment - pilot")
    assert pilot["tasks"] == len(world[pilot["id"]].task_ids) > 0
    assert pilot["dataset_ids"] == [world[pilot["id"]].dataset_id]
    live = {
        s.id: s.status
        for s in sandbox.world.studies.values()
        if s.status in LIVE and s.settings.get("data_collection_id") in world
    }
    assert {s["id"]: s["status"] for s in found["studies"]} == live
    assert live  # the seed has a live study: the comparison above is not empty == empty
    for study in found["studies"]:
        assert study["done"] == sum(
            study["submissions"].get(s, 0) for s in ("AWAITING REVIEW", "APPROVED", "REJECTED")
        )
        assert set(study) == {"id", "name", "status", "batch_id", "places", "done", "submissions"}
    assert only_gets(sandbox) == []


def test_datasets_being_processed_are_listed(sandbox: Sandbox) -> None:
    dataset_id = sandbox.world.batches[
        item_named(sandbox.world.batches, "Toxicity screen")
    ].dataset_id
    assert dataset_id is not None
    sandbox.world.datasets[dataset_id].status = "PROCESSING"
    result = run_headless(sandbox, "status", "--workspace", WORKSPACE, "--json")
    names = [d["name"] for d in json.loads(result.out)["datasets"]]
    assert names == [sandbox.world.datasets[dataset_id].name]


def test_tables_for_people(sandbox: Sandbox) -> None:
    result = run_headless(sandbox, "status", "--workspace", item_id_of_workspace(sandbox))
    assert result.code == 0, result.err
    assert result.lines[0].startswith(f"Workspace {WORKSPACE} (")
    assert any("Toxicity screen" in line and "PROCESSING" in line for line in result.lines)
    assert "Live studies (1)" in result.out
    assert "Movie review sentiment" in result.out


def test_demo_runs_without_a_token(sandbox: Sandbox) -> None:
    result = run_headless(sandbox, "status", "--demo", "--workspace", WORKSPACE, env={})
    assert result.code == 0, result.err
    assert "Toxicity screen" in result.out


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["status"], "choose a workspace with --workspace: Sentiment Lab ("),
        (["status", "--workspace", "Nope"], "no workspace with id or name 'Nope'"),
        (["status", "--workspace", WORKSPACE, "--demo", "--profile", "x"], "--profile cannot"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(sandbox: Sandbox, argv: list[str], says: str) -> None:
    result = run_headless(sandbox, *argv)
    assert result.code == 2
    assert result.out == ""
    assert result.err.count("\n") == 1
    assert says in result.err


def test_no_token_says_how_to_get_one(sandbox: Sandbox) -> None:
    result = run_headless(sandbox, "status", env={})
    assert result.code == 2
    assert "PROLIFIC_TOKEN" in result.err
    assert "--demo" in result.err


def test_a_wrong_token_is_exit_2_and_never_printed(sandbox: Sandbox) -> None:
    wrong = "tok_WRONG_1234567890abcdef"
    result = run_headless(
        sandbox, "status", "--workspace", WORKSPACE, env={"PROLIFIC_TOKEN": wrong}
    )
    assert result.code == 2
    assert wrong not in result.out + result.err
    assert "Traceback" not in result.err


def test_an_api_outage_is_exit_1_with_one_line(sandbox: Sandbox) -> None:
    sandbox.faults.add("/api/v1/workspaces*", "GET", status=503, times=None)
    result = run_headless(sandbox, "status", "--workspace", WORKSPACE)
    assert result.code == 1
    assert result.err.count("\n") == 1
    assert "Traceback" not in result.err


def item_id_of_workspace(sandbox: Sandbox) -> str:
    return next(k for k, w in sandbox.world.workspaces.items() if w.title == WORKSPACE)


def test_datasets_the_app_remembers_are_included(sandbox: Sandbox) -> None:
    from atb_tui.storage.state import StateStore

    dataset = item_named(sandbox.world.datasets, "Support tickets")  # uploaded, in no batch yet
    StateStore().remember_dataset("env", item_id_of_workspace(sandbox), dataset)
    result = run_headless(sandbox, "status", "--workspace", WORKSPACE, "--json")
    found = json.loads(result.out)["datasets"]
    assert [(d["id"], d["status"]) for d in found] == [(dataset, "PROCESSING")]

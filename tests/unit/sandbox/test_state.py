"""Persistence: the state file round-trips, and a corrupt one is kept aside, never lost."""

from __future__ import annotations

import json
from pathlib import Path

from atb_tui.sandbox import ManualClock, Sandbox
from atb_tui.sandbox.codec import dump
from tests.helpers.raw_api import DC, ready_batch
from tests.helpers.sandbox import raw_client


async def test_state_file_round_trip_continues_the_simulation(tmp_path: Path) -> None:
    state = tmp_path / "state" / "sandbox.json"
    clock = ManualClock()
    first = Sandbox(clock=clock, state_file=state, demo_data=False)
    async with raw_client(first) as api:
        batch_id = await ready_batch(first, api, rows=6, per_group=2)
    assert state.exists(), "a change is saved right away"
    first.advance(5)
    first.save()
    second = Sandbox(clock=clock, state_file=state, demo_data=False)
    assert second.load_warning is None
    assert dump(second.world) == dump(first.world)
    async with raw_client(second) as api:
        batch = (await api.get(f"{DC}/batches/{batch_id}")).json()
        assert (batch["status"], batch["total_task_groups"]) == ("READY", 3)
        created = await api.post(
            f"{DC}/datasets", json={"name": "after restart", "workspace_id": batch["workspace_id"]}
        )
    assert created.status_code == 201
    assert created.json()["id"] not in first.world.datasets
    assert [p.name for p in state.parent.iterdir()] == ["sandbox.json"], "no temp files left behind"


async def test_a_live_study_keeps_going_after_a_restart(tmp_path: Path) -> None:
    state = tmp_path / "sandbox.json"
    clock = ManualClock()
    first = Sandbox(clock=clock, state_file=state)
    first.save()
    live = next(s for s in first.world.studies.values() if s.status == "ACTIVE")
    batch_id = live.settings["data_collection_id"]
    before = len(first.world.responses_of(batch_id))
    clock.advance(120)
    second = Sandbox(clock=clock, state_file=state)
    assert len(second.world.responses_of(batch_id)) > before


def test_corrupt_state_file_is_kept_and_a_fresh_world_starts(tmp_path: Path) -> None:
    state = tmp_path / "sandbox.json"
    state.write_text('{"format": "atb-tui-sandbox-state", "version": 1, "world": {"seed": "x"}')
    sandbox = Sandbox(clock=ManualClock(), state_file=state)
    assert sandbox.load_warning is not None
    assert "could not be used" in sandbox.load_warning
    kept = list(tmp_path.glob("sandbox.json.corrupt-*"))
    assert len(kept) == 1
    assert kept[0].read_text().startswith('{"format"')
    assert str(kept[0]) in sandbox.load_warning
    assert sandbox.world.studies, "the fresh world has the demo data"


def test_wrong_shape_and_wrong_version_are_reported(tmp_path: Path) -> None:
    state = tmp_path / "s.json"
    for document, hint in (
        ({"format": "other"}, "not an atb-tui"),
        ({"format": "atb-tui-sandbox-state", "version": 99}, "version 99"),
        ({"format": "atb-tui-sandbox-state", "version": 1, "world": {"seed": 1}}, "missing field"),
    ):
        state.write_text(json.dumps(document))
        sandbox = Sandbox(clock=ManualClock(), state_file=state, demo_data=False)
        assert sandbox.load_warning is not None
        assert hint in sandbox.load_warning

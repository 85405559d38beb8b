"""Issue 15, proof 1: the whole seed workflow through the UI while the sandbox misbehaves.

A Pilot user uploads a dataset, creates a batch, writes instructions, sets the batch up,
drafts and publishes a study and opens the monitor, while the sandbox injects errors
(500/502/503), 429 with Retry-After, latency, dropped connections and malformed or truncated
bodies at a fixed, seeded rate. The user retries whatever the app reports as failed. At the
end the sandbox holds exactly one new dataset, one new batch and one published study, the
instructions and the study are what was typed, and every failure the user saw was readable.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.widgets import Input, Select

from atb_tui.commands import REGISTRY
from atb_tui.sandbox import Sandbox
from atb_tui.screens.batch_detail import BatchDetailScreen
from atb_tui.screens.batch_dialogs import SetupDialog
from atb_tui.screens.batch_form import BatchFormScreen
from atb_tui.screens.confirm_dialogs import ConfirmSpendScreen
from atb_tui.screens.dataset_detail import DatasetDetailScreen
from atb_tui.screens.dataset_new import DatasetNewScreen
from atb_tui.screens.instruction_editor import InstructionEditorScreen
from atb_tui.screens.monitor import MonitorScreen
from atb_tui.screens.study_detail import StudyDetailScreen
from atb_tui.screens.study_launch import StudyLaunchScreen
from atb_tui.widgets.data_view import DataView
from tests.harness import make_sandbox, screen_text, wait_for
from tests.proof.ui_driver import User, watch_messages
from tests.snapshots.scenarios_batches import clocked_app, open_workspace
from tests.snapshots.scenarios_datasets import GOOD_CSV, write_file
from tests.ui.instruction_helpers import add_instruction, type_into

SEED = 15
DATASET, BATCH, STUDY = "proof reviews", "Proof batch", "Proof study"
QUESTION, OPTIONS = "Is the review positive?", (("Yes", "yes"), ("No", "no"))
MUTATING = ["POST", "PUT", "PATCH", "DELETE"]


def key(command_id: str) -> str:
    """The key a user presses for a command (from the registry, never a literal)."""
    return REGISTRY[command_id].key


def faulty_sandbox() -> Sandbox:
    """The demo sandbox with seeded faults on every route; mutating requests get refusals
    (nothing changed) and lost answers (changed, answer dropped) as well."""
    sandbox = make_sandbox()
    plan = sandbox.faults
    plan._rng.seed(SEED)
    plan.add("*", kind="latency", latency=0.002, rate=0.1, times=None)
    for method in MUTATING:
        plan.add("/api/*", method, kind="drop", rate=0.06, times=None)
    for method in ("GET", *MUTATING):
        rule = plan.add("*", method, status=503, rate=0.14, times=None, retry_after=0.01)
        rule.statuses = (500, 502, 503, 429)
    plan.add("/api/*", "GET", kind="drop", rate=0.04, times=None)
    plan.add("/api/*", "GET", kind="malformed", rate=0.04, times=None)
    plan.add("/api/*", "GET", kind="truncate", rate=0.03, times=None)
    return sandbox


def injected(sandbox: Sandbox) -> Counter[str]:
    """How many faults of each kind the sandbox injected (status faults by code)."""
    kinds = Counter[str]()
    for entry in sandbox.request_log:
        if entry.fault == "status":
            kinds[str(entry.status)] += 1
        elif entry.fault is not None:
            kinds[entry.fault] += 1
    return kinds


def named(items: dict[str, object], name: str) -> list[str]:
    return [key for key, item in items.items() if getattr(item, "name", None) == name]


@pytest.mark.slow
async def test_seed_workflow_through_the_ui_survives_injected_faults(tmp_path: Path) -> None:
    sandbox = faulty_sandbox()
    counts_before = {
        "datasets": len(sandbox.world.datasets),
        "batches": len(sandbox.world.batches),
        "studies": len(sandbox.world.studies),
    }
    app = clocked_app(sandbox)
    seen = watch_messages(app)
    csv = write_file("proof_reviews.csv", GOOD_CSV, tmp_path)
    async with app.run_test(size=(120, 35)) as pilot:
        user = User(pilot, seen)
        await user.step(
            "workspaces", lambda: open_workspace(pilot), lambda: app.workspace is not None
        )

        # 1. Upload a new dataset and follow it to READY.
        async def open_new() -> None:
            if isinstance(app.screen, DatasetNewScreen):
                return
            await app.open_area("datasets")
            await pilot.press(key("datasets.new"))

        await user.step("new dataset", open_new, lambda: isinstance(app.screen, DatasetNewScreen))
        new = app.screen
        assert isinstance(new, DatasetNewScreen)
        new.query_one("#path", Input).value = str(csv)
        new.query_one("#name", Input).value = DATASET
        await pilot.press("enter")
        await wait_for(pilot, lambda: new.inspection is not None and new.shown_path == csv)

        async def upload() -> None:
            await pilot.press(key("dataset_new.upload"))

        await user.step("upload", upload, lambda: isinstance(app.screen, DatasetDetailScreen))
        [dataset_id] = named(sandbox.world.datasets, DATASET)
        sandbox.advance(15)

        async def follow() -> Callable[[], bool] | None:
            sandbox.advance(5)  # the detail screen polls on the clock; backs off after failures
            return user.poll_cycle()

        await user.step(
            "dataset ready",
            follow,
            lambda: "READY" in screen_text(app) and "Datapoints 40" in screen_text(app),
        )

        # 2. A batch on that dataset.
        async def open_form() -> None:
            if isinstance(app.screen, BatchFormScreen):
                return
            await app.open_area("batches")
            await wait_for(pilot, lambda: app.screen.query(DataView))
            await pilot.press(key("batches.new"))

        async def new_batch() -> None:
            await user.step(
                "batch form", open_form, lambda: isinstance(app.screen, BatchFormScreen)
            )
            form = app.screen
            if form.query_one("#name", Input).value != BATCH:  # a re-opened form keeps it
                form.query_one("#name", Input).value = BATCH
                form.query_one("#task-name", Input).value = "Rate reviews"
                form.query_one(Select).value = dataset_id
                await pilot.pause()
            await pilot.press(key("dialog.submit"))

        def batch_shown() -> bool:
            screen = app.screen
            return (
                isinstance(screen, BatchDetailScreen)
                and screen.current is not None
                and screen.current.name == BATCH
            )

        async def look_for_batch() -> None:
            """After "may have been created", a user looks at the list before retrying."""
            if batch_shown() or not named(sandbox.world.batches, BATCH):
                return
            await app.open_area("batches")
            await wait_for(pilot, lambda: app.screen.query_one(DataView).loaded)
            if BATCH in screen_text(app):
                [found] = named(sandbox.world.batches, BATCH)
                await app.open_item("batch", found)
                await wait_for(pilot, lambda: batch_shown() or user.failed_since(0))

        await user.step("create batch", new_batch, batch_shown, look_for_batch)
        [batch_id] = named(sandbox.world.batches, BATCH)

        # 3. Instructions.
        async def open_editor() -> None:
            if not isinstance(app.screen, InstructionEditorScreen):
                if not batch_shown():
                    await app.open_item("batch", batch_id)
                    await wait_for(pilot, lambda: batch_shown() or user.failed_since(0))
                await pilot.press(key("batch.instructions"))

        def editor_loaded() -> bool:
            return isinstance(app.screen, InstructionEditorScreen) and app.screen.loaded

        await user.step("open editor", open_editor, editor_loaded)
        editor = app.screen
        assert isinstance(editor, InstructionEditorScreen)
        await add_instruction(pilot, 0)
        await type_into(pilot, "description", QUESTION)
        for index, (label, value) in enumerate(OPTIONS):
            await type_into(pilot, f"options.{index}.label", label)
            await type_into(pilot, f"options.{index}.value", value)

        async def save() -> None:
            await pilot.press(key("instructions.save"))

        await user.step(
            "save instructions", save, lambda: not editor.dirty and not editor.server_issues
        )
        assert editor.instructions[0].description == QUESTION  # nothing typed was lost

        # 4. Set the batch up.
        async def setup() -> None:
            if not batch_shown():
                await pilot.press("escape")
                await wait_for(pilot, lambda: batch_shown() or user.failed_since(0))
            await pilot.press(key("batch.setup"))
            await wait_for(
                pilot, lambda: isinstance(app.screen, SetupDialog) or user.failed_since(0)
            )
            if isinstance(app.screen, SetupDialog):
                await pilot.press("enter")

        await user.step(
            "setup", setup, lambda: sandbox.world.batches[batch_id].status != "UNINITIALISED"
        )

        await user.step(
            "batch ready", follow, lambda: batch_shown() and "→ READY" in screen_text(app)
        )

        # 5. Launch: save the draft, then publish it.
        async def open_launch() -> None:
            if not isinstance(app.screen, StudyLaunchScreen):
                await pilot.press(key("batch.launch"))

        def launch_loaded() -> bool:
            return isinstance(app.screen, StudyLaunchScreen) and app.screen.loaded

        await user.step("launch form", open_launch, launch_loaded)
        launch = app.screen
        assert isinstance(launch, StudyLaunchScreen)
        launch.query_one("#study-name", Input).value = STUDY
        await pilot.pause()

        async def save_draft() -> None:
            await pilot.press(key("study.save_draft"))

        await user.step("draft", save_draft, lambda: launch.study is not None and not launch.busy)

        async def publish() -> None:
            await pilot.press(key("launch.publish"))
            await wait_for(
                pilot,
                lambda: (
                    isinstance(app.screen, (ConfirmSpendScreen, StudyDetailScreen))
                    or user.failed_since(0)
                ),
            )
            if isinstance(app.screen, ConfirmSpendScreen):
                await pilot.press(*"PUBLISH", "enter")

        await user.step("publish", publish, lambda: isinstance(app.screen, StudyDetailScreen))
        [study_id] = [
            key
            for key, study in sandbox.world.studies.items()
            if study.settings.get("data_collection_id") == batch_id
        ]
        assert sandbox.world.studies[study_id].settings.get("name") == STUDY, (
            "the typed name was kept"
        )

        # 6. Watch it on the monitor until answers arrive.
        async def open_monitor() -> Callable[[], bool] | None:
            if not isinstance(app.screen, MonitorScreen):
                await app.open_area("monitor")
            sandbox.advance(30)
            return user.poll_cycle()

        def answers_shown() -> bool:
            if not isinstance(app.screen, MonitorScreen):
                return False
            line = next((ln for ln in screen_text(app).splitlines() if STUDY in ln), "")
            match = re.search(r"(\d+) / \d+ responses", line)
            return match is not None and int(match.group(1)) > 0

        await user.step("monitor", open_monitor, answers_shown)

    kinds = injected(sandbox)
    print(f"\ninjected faults by kind: {dict(sorted(kinds.items()))}; user retries: {user.retries}")
    print(f"failures shown to the user: {len(seen.messages)}")
    assert sum(kinds.values()) >= 10, "the run must actually have been disturbed"
    assert not seen.unreadable(), seen.unreadable()
    assert all(message.strip(": ") for message in seen.messages)
    assert len(sandbox.world.datasets) == counts_before["datasets"] + 1
    assert len(sandbox.world.batches) == counts_before["batches"] + 1
    assert len(sandbox.world.studies) == counts_before["studies"] + 1
    reached = [  # publish requests that got past the fault layer (answered or answer lost)
        e
        for e in sandbox.request_log
        if e.method == "POST" and e.path.rstrip("/").endswith("/transition") and e.fault != "status"
    ]
    assert sandbox.world.studies[study_id].status in ("ACTIVE", "AWAITING REVIEW")
    assert len(reached) == 1, "published exactly once, never re-sent after a lost answer"
    layout = sandbox.world.batches[batch_id].batch_items or []
    saved = [i for row in layout[0]["rows"] for col in row["columns"] for i in col["items"]]
    questions = [i for i in saved if i.get("type") == "multiple_choice"]
    assert [q["description"] for q in questions] == [QUESTION]
    assert [o["value"] for o in questions[0]["options"]] == [v for _, v in OPTIONS]

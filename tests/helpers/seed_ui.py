"""The seed workflow driven through the UI by a patient Pilot user (see ui_driver.User).

Upload a new dataset → batch on it → instructions → set up → draft and publish a study →
watch it on the monitor until answers arrive. Every step goes through the keys in the
command registry; whatever the app reports as failed is retried, as a user would.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from textual.widgets import Input, Select

from atb_tui.commands import REGISTRY
from atb_tui.sandbox import Sandbox
from atb_tui.screens.batch_detail import BatchDetailScreen
from atb_tui.screens.batch_dialogs import SetupDialog
from atb_tui.screens.batch_form import BatchFormScreen
from atb_tui.screens.batches import BatchesScreen
from atb_tui.screens.confirm_dialogs import ConfirmSpendScreen
from atb_tui.screens.dataset_detail import DatasetDetailScreen
from atb_tui.screens.dataset_new import DatasetNewScreen
from atb_tui.screens.instruction_editor import InstructionEditorScreen
from atb_tui.screens.monitor import MonitorScreen
from atb_tui.screens.study_detail import StudyDetailScreen
from atb_tui.screens.study_launch import StudyLaunchScreen
from atb_tui.widgets.data_view import DataView
from tests.helpers.driver import User
from tests.helpers.instructions import add_instruction, type_into
from tests.helpers.navigation import open_workspace
from tests.helpers.screen import screen_text
from tests.helpers.waits import wait_for

DATASET, BATCH, STUDY = "proof reviews", "Proof batch", "Proof study"
QUESTION, OPTIONS = "Is the review positive?", (("Yes", "yes"), ("No", "no"))


@dataclass(frozen=True)
class Made:
    """What the workflow created."""

    dataset_id: str
    batch_id: str
    study_id: str


def key(command_id: str) -> str:
    """The key a user presses for a command (from the registry, never a literal)."""
    return REGISTRY[command_id].key


def named(items: dict[str, object], name: str) -> list[str]:
    """Ids of the sandbox objects called `name`."""
    return [item_id for item_id, item in items.items() if getattr(item, "name", None) == name]


async def seed_workflow_ui(user: User, sandbox: Sandbox, csv: Path) -> Made:
    """Run the whole workflow; returns the ids of what it made."""
    pilot, app = user.pilot, user.app
    await user.step("workspaces", lambda: open_workspace(pilot), lambda: app.workspace is not None)

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
    await user.until(lambda: new.inspection is not None and new.shown_path == csv)

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
        await user.step("batch form", open_form, lambda: isinstance(app.screen, BatchFormScreen))
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
        """After "may have been created", a user looks at the list before creating again."""
        if batch_shown() or not user.modals:
            return

        async def list_batches() -> None:
            await app.open_area("batches")

        def listed() -> bool:
            return isinstance(app.screen, BatchesScreen) and app.screen.query_one(DataView).loaded

        await user.step("list batches", list_batches, listed)
        if BATCH in screen_text(app):
            [found] = named(sandbox.world.batches, BATCH)
            await app.open_item("batch", found)
            await user.until(batch_shown)

    await user.step("create batch", new_batch, batch_shown, look_for_batch)
    [batch_id] = named(sandbox.world.batches, BATCH)

    # 3. Instructions.
    async def open_editor() -> None:
        if isinstance(app.screen, InstructionEditorScreen):
            if not app.screen.loaded:  # its first read failed: try again, as the screen says
                await pilot.press(key("table.refresh"))
            return
        if not batch_shown():
            await app.open_item("batch", batch_id)
            await user.until(batch_shown)
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
            await user.until(batch_shown)
        await pilot.press(key("batch.setup"))
        await user.until(lambda: isinstance(app.screen, SetupDialog))
        if isinstance(app.screen, SetupDialog):
            await pilot.press("enter")

    await user.step(
        "setup", setup, lambda: sandbox.world.batches[batch_id].status != "UNINITIALISED"
    )

    await user.step("batch ready", follow, lambda: batch_shown() and "→ READY" in screen_text(app))

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

    def draft_saved() -> bool:
        return launch.study is not None and not launch.busy and not launch.dirty

    await user.step("draft", save_draft, draft_saved)

    async def publish() -> None:
        await pilot.press(key("launch.publish"))
        await user.until(lambda: isinstance(app.screen, (ConfirmSpendScreen, StudyDetailScreen)))
        if isinstance(app.screen, ConfirmSpendScreen):
            await pilot.press(*"PUBLISH", "enter")

    await user.step("publish", publish, lambda: isinstance(app.screen, StudyDetailScreen))
    [study_id] = [
        key
        for key, study in sandbox.world.studies.items()
        if study.settings.get("data_collection_id") == batch_id
    ]
    assert sandbox.world.studies[study_id].settings.get("name") == STUDY, "the typed name was kept"

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

    return Made(dataset_id, batch_id, study_id)

"""Shared steps for the instruction editor and study tests: a fresh batch, opening screens."""

from __future__ import annotations

from textual.pilot import Pilot

from atb_tui.api.models.batches import BatchCreate
from atb_tui.api.models.common import TaskDetailsInput
from atb_tui.app import AtbApp
from atb_tui.sandbox import Sandbox
from atb_tui.screens.instruction_editor import InstructionEditorScreen
from atb_tui.storage.profiles import Profile, ProfileStore
from atb_tui.widgets.data_view import DataView
from tests.harness import make_app, sandbox_client, wait_for

WS_ID = "657fdc1bb561337c0dfb1bae"
WS_TITLE = "Sentiment Lab"
READY_DATASET = "01a1d422-9a80-7975-9eb9-b19c0e1ad0ce"


async def new_batch(sandbox: Sandbox, name: str = "Fresh batch") -> str:
    """An UNINITIALISED batch on a READY dataset with no instructions, made as a user would."""
    async with sandbox_client(sandbox) as client:
        details = TaskDetailsInput(
            task_name="Rate reviews",
            task_introduction="<p>Read each review.</p>",
            task_steps="<ol><li>Read</li><li>Answer</li></ol>",
        )
        batch = await client.batches.create(
            BatchCreate(
                name=name, workspace_id=WS_ID, dataset_id=READY_DATASET, task_details=details
            )
        )
    return batch.id


async def workspaces_loaded(pilot: Pilot[None]) -> None:
    """Wait until the app shows the workspaces table."""
    app = pilot.app
    await wait_for(
        pilot, lambda: bool(app.screen.query(DataView)) and app.screen.query_one(DataView).loaded
    )


async def open_editor(pilot: Pilot[None], batch_id: str) -> InstructionEditorScreen:
    """Push the editor as batch detail does, and wait for it to load."""
    await workspaces_loaded(pilot)
    screen = InstructionEditorScreen(WS_ID, WS_TITLE, batch_id)
    await pilot.app.push_screen(screen)
    await wait_for(pilot, lambda: screen.loaded)
    await pilot.pause()
    return screen


async def type_into(pilot: Pilot[None], path: str, text: str) -> None:
    """Replace the text of the editor field at `path` (one edit, like a paste)."""
    from textual.widgets import Input

    from atb_tui.widgets.instruction_fields import field_id

    field = pilot.app.screen.query_one(f"#{field_id(path)}", Input)
    field.focus()
    field.value = text
    await pilot.pause()


async def add_instruction(pilot: Pilot[None], type_index: int) -> None:
    """`a`, then pick the n-th type in the dialog (0 = multiple choice)."""
    pilot.app.screen.query_one("#instruction-list").focus()
    await pilot.press("a")
    await pilot.pause()
    await pilot.press(*(["down"] * type_index), "enter")
    await pilot.pause()


def read_only_app(sandbox: Sandbox) -> AtbApp:
    """The app signed in to the sandbox through a read-only profile."""
    ProfileStore().save(Profile("team", api_url=sandbox.base_url, read_only=True), sandbox.token)
    return make_app(sandbox, demo=False, profile="team")

"""Instruction editor steps: a fresh batch without instructions, the editor, typing into it."""

from __future__ import annotations

from textual.pilot import Pilot

from atb_tui.api.models.batches import BatchCreate
from atb_tui.api.models.common import TaskDetailsInput
from atb_tui.sandbox import Sandbox
from atb_tui.screens.instruction_editor import InstructionEditorScreen
from tests.helpers.navigation import workspaces_loaded
from tests.helpers.sandbox import WS_ID, WS_TITLE, sandbox_client
from tests.helpers.waits import wait_for

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

"""Leaving the editors through their one question, and the collection screen's navigation by
messages: a save chosen on the way out leaves only once Prolific has the edits."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import Input

from atb_tui.sandbox import Sandbox
from atb_tui.screens.collection_detail import CollectionDetailScreen
from atb_tui.screens.collection_editor import CollectionEditorScreen
from atb_tui.screens.confirm_dialogs import ChoiceScreen
from atb_tui.screens.exports import ExportsScreen
from atb_tui.screens.instruction_editor import InstructionEditorScreen
from atb_tui.storage.drafts import DraftStore
from atb_tui.widgets.instruction_fields import field_id
from tests.helpers.app import clocked_app, make_app
from tests.helpers.collections import SIZE, collection_id
from tests.helpers.collections import open_detail as open_collection
from tests.helpers.collections import open_editor as open_collection_editor
from tests.helpers.instructions import add_instruction, new_batch, open_editor, type_into
from tests.helpers.notices import told
from tests.helpers.sandbox import make_sandbox
from tests.helpers.screen import screen_text
from tests.helpers.waits import wait_for


async def choose_in(pilot: Pilot[None], title: str, key: str) -> None:
    """Pick `key` in the dialog titled `title` (another dialog may follow it at once)."""
    app = pilot.app
    await wait_for(
        pilot, lambda: isinstance(app.screen, ChoiceScreen) and title in screen_text(app)
    )
    dialog = app.screen
    assert isinstance(dialog, ChoiceScreen)
    keys = [choice for choice, _ in dialog.choices]
    await pilot.press(*(["down"] * keys.index(key)), "enter")
    await wait_for(pilot, lambda: app.screen is not dialog)


async def test_leave_and_save_replaces_the_collection_then_goes_back(sandbox: Sandbox) -> None:
    app = clocked_app(sandbox)
    wanted = collection_id(sandbox)
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_collection_editor(pilot)
        await pilot.press("down", "down", "down")
        await wait_for(pilot, lambda: bool(editor.query("#instruction-form")))
        editor.query_one(f"#{field_id('description')}", Input).value = "Pitch a film"
        await wait_for(pilot, lambda: editor.dirty)
        editor.query_one("#collection-outline").focus()
        await pilot.press("escape")
        await choose_in(pilot, "Leave the editor?", "save")
        await choose_in(pilot, "Replace the collection?", "replace")
        await wait_for(pilot, lambda: isinstance(app.screen, CollectionDetailScreen))
        await wait_for(pilot, lambda: "Pitch a film" in screen_text(app))  # re-read on return
    assert sandbox.world.collections[wanted].pages[0]["page_items"][1]["description"] == (
        "Pitch a film"
    )
    assert DraftStore().keys("collections/") == []


async def test_leave_and_save_with_a_rule_problem_stays_and_keeps_the_draft() -> None:
    sandbox = make_sandbox()
    batch_id = await new_batch(sandbox)
    app = make_app(sandbox)
    async with app.run_test(size=(100, 30)) as pilot:
        editor = await open_editor(pilot, batch_id)
        await add_instruction(pilot, 1)  # free text with an empty question: a rule problem
        await type_into(pilot, "description", "")
        await pilot.press("escape", "escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ChoiceScreen))
        await pilot.press("enter")  # "Save to Prolific, then leave"
        await wait_for(pilot, lambda: told(app, "problem"))
        assert app.screen is editor  # nothing was sent, so nothing is left behind
        assert isinstance(app.screen, InstructionEditorScreen)
        assert editor.unsaved_changes() is not None
    assert DraftStore().keys("instructions/") == [f"instructions/sandbox/{batch_id}"]
    assert sandbox.world.batches[batch_id].batch_items is None


async def test_the_collection_opens_its_exports_and_its_editor_by_messages(
    sandbox: Sandbox,
) -> None:
    app = clocked_app(sandbox)
    async with app.run_test(size=SIZE) as pilot:
        detail = await open_collection(pilot)
        await pilot.press("X")
        await wait_for(pilot, lambda: isinstance(app.screen, ExportsScreen))
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is detail)
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, CollectionEditorScreen))
        editor = app.screen
        assert isinstance(editor, CollectionEditorScreen)
        await wait_for(pilot, lambda: editor.loaded)
        await pilot.press("escape")  # nothing changed: straight back, no question
        await wait_for(pilot, lambda: app.screen is detail)

"""The editor never loses what was typed: drafts after a crash, leaving, files in and out."""

from __future__ import annotations

import json
from pathlib import Path

from textual.widgets import Input

from atb_tui.sandbox import Sandbox
from atb_tui.screens.confirm_dialogs import ChoiceScreen, PromptScreen
from atb_tui.screens.instruction_editor import InstructionEditorScreen
from atb_tui.storage.drafts import DraftStore
from atb_tui.widgets.instruction_preview import InstructionPreview
from tests.helpers.app import make_app
from tests.helpers.instructions import (
    READY_DATASET,
    add_instruction,
    new_batch,
    open_editor,
    type_into,
)
from tests.helpers.notices import told
from tests.helpers.sandbox import WS_ID, make_sandbox
from tests.helpers.screen import screen_text
from tests.helpers.waits import wait_for

DRAFT_PREFIX = "instructions/sandbox/"


async def test_draft_is_offered_back_after_a_crash(sandbox: Sandbox) -> None:
    batch_id = await new_batch(sandbox)
    first = make_app(sandbox)
    async with first.run_test(size=(100, 30)) as pilot:
        await open_editor(pilot, batch_id)
        await add_instruction(pilot, 1)
        await type_into(pilot, "description", "What did you notice?")
    # The first app is gone without saving (a crash, a closed terminal); a new one starts.
    assert DraftStore().keys("instructions/") == [f"{DRAFT_PREFIX}{batch_id}"]
    second = make_app(sandbox)
    async with second.run_test(size=(100, 30)) as pilot:
        await open_editor(pilot, batch_id)
        await wait_for(pilot, lambda: isinstance(second.screen, ChoiceScreen))
        assert "Restore your draft?" in screen_text(second)
        await pilot.press("enter")  # "Restore my draft"
        await wait_for(pilot, lambda: isinstance(second.screen, InstructionEditorScreen))
        editor = second.screen
        assert isinstance(editor, InstructionEditorScreen)
        await wait_for(pilot, lambda: len(editor.instructions) == 1)
        await pilot.pause()
        assert editor.instructions[0].description == "What did you notice?"
        assert editor.dirty
        assert "● unsaved" in screen_text(second)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: not editor.dirty)
    assert DraftStore().keys("instructions/") == []  # saved: the draft is gone
    assert sandbox.world.batches[batch_id].batch_items is not None


async def test_leaving_with_changes_asks_and_discard_forgets_the_draft(sandbox: Sandbox) -> None:
    batch_id = await new_batch(sandbox)
    app = make_app(sandbox)
    async with app.run_test(size=(100, 30)) as pilot:
        editor = await open_editor(pilot, batch_id)
        await add_instruction(pilot, 4)
        await type_into(pilot, "description", "Upload a receipt")
        await pilot.press("escape")  # from the form back to the list
        assert app.screen is editor
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ChoiceScreen))
        assert "Leave the editor?" in screen_text(app)
        await pilot.press("down", "down", "enter")  # "Discard my changes and leave"
        await wait_for(pilot, lambda: editor not in app.screen_stack)
    assert DraftStore().keys("instructions/") == []
    assert sandbox.world.batches[batch_id].batch_items is None


async def test_export_then_import_round_trip(tmp_path: Path) -> None:
    sandbox = make_sandbox()
    batch_id = await new_batch(sandbox)
    other_id = await new_batch(sandbox, "Second batch")
    target = tmp_path / "template.json"
    app = make_app(sandbox)
    async with app.run_test(size=(100, 30)) as pilot:
        editor = await open_editor(pilot, batch_id)
        await add_instruction(pilot, 1)
        await type_into(pilot, "description", "Summarise the review")
        await add_instruction(pilot, 4)
        await type_into(pilot, "description", "Attach a screenshot")
        editor.query_one("#instruction-list").focus()
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, PromptScreen))
        app.screen.query_one(Input).value = str(target)
        await pilot.press("enter")
        await wait_for(pilot, target.exists)
        document = json.loads(target.read_text(encoding="utf-8"))
        assert [item["type"] for item in document["instructions"]] == ["free_text", "file_upload"]
        assert all("id" not in item and item["created_by"] for item in document["instructions"])
        exported = editor.instructions
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ChoiceScreen))
        await pilot.press("down", "enter")  # leave, keep the draft
        other = await open_editor(pilot, other_id)
        await pilot.press("o")
        await wait_for(pilot, lambda: isinstance(app.screen, PromptScreen))
        app.screen.query_one(Input).value = str(target)
        await pilot.press("enter")
        await wait_for(pilot, lambda: len(other.instructions) == 2)
        assert other.instructions == exported
        assert "Attach a screenshot" in screen_text(app)


async def test_bad_import_file_says_why_and_changes_nothing(tmp_path: Path) -> None:
    sandbox = make_sandbox()
    batch_id = await new_batch(sandbox)
    bad = tmp_path / "bad.json"
    bad.write_text('{"instructions": [{"type": "rainbow"}]}', encoding="utf-8")
    app = make_app(sandbox)
    async with app.run_test(size=(100, 30)) as pilot:
        editor = await open_editor(pilot, batch_id)
        await pilot.press("o")
        await wait_for(pilot, lambda: isinstance(app.screen, PromptScreen))
        app.screen.query_one(Input).value = str(bad)
        await pilot.press("enter")
        await pilot.pause()
        assert editor.instructions == []
        assert told(app, "unknown type 'rainbow'")


async def test_preview_shows_the_task_a_datapoint_and_the_questions(sandbox: Sandbox) -> None:
    batch_id = "01a1d42b-c240-7779-927e-8e0f858214f1"  # the pilot: it has responses
    app = make_app(sandbox)
    async with app.run_test(size=(100, 30)) as pilot:
        editor = await open_editor(pilot, batch_id)
        await pilot.press("p")
        await wait_for(pilot, lambda: editor.datapoint is not None)
        await pilot.pause()
        assert editor.query(InstructionPreview)
        text = screen_text(app)
        assert "a real datapoint from the dataset" in text
        assert editor.instructions[0].description in text
        assert editor.datapoint is not None
        assert editor.datapoint.real


async def test_preview_before_setup_shows_the_first_row_of_the_uploaded_file(
    sandbox: Sandbox,
) -> None:
    batch_id = await new_batch(sandbox)  # not set up: no report to read a datapoint from
    app = make_app(sandbox)
    async with app.run_test(size=(100, 30)) as pilot:
        first_row = {"review": "The soup was cold but the staff were lovely."}
        app.state.remember_dataset("sandbox", WS_ID, READY_DATASET, sample=first_row)
        editor = await open_editor(pilot, batch_id)
        await pilot.press("p")
        await wait_for(pilot, lambda: editor.datapoint is not None)
        assert editor.datapoint is not None
        assert editor.datapoint.real
        assert editor.datapoint.values == first_row
        await wait_for(pilot, lambda: "The soup was cold" in screen_text(app))
        assert not told(app, "No datapoint")


async def test_preview_without_a_known_row_says_it_uses_placeholders(sandbox: Sandbox) -> None:
    batch_id = await new_batch(sandbox)
    app = make_app(sandbox)
    async with app.run_test(size=(100, 30)) as pilot:
        editor = await open_editor(pilot, batch_id)
        await pilot.press("p")
        await wait_for(pilot, lambda: editor.datapoint is not None)
        assert editor.datapoint is not None
        assert not editor.datapoint.real
        assert not told(app, "No datapoint")


async def test_lost_legacy_save_is_checked_and_saved_again_without_duplicates(
    sandbox: Sandbox,
) -> None:
    batch_id = await new_batch(sandbox)
    app = make_app(sandbox)
    async with app.run_test(size=(100, 30)) as pilot:
        editor = await open_editor(pilot, batch_id)
        await pilot.press("t")  # legacy: the first save is a POST
        await add_instruction(pilot, 1)
        await type_into(pilot, "description", "Anything else?")
        sandbox.faults.add(
            path_pattern="/api/v1/data-collection/batches/*/instructions",
            method="POST",
            kind="drop",
        )
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: editor.server_count == 1)  # re-read: it did arrive
        assert editor.dirty  # ids unknown locally, so the draft stays
        await pilot.press("ctrl+s")  # now a PUT: replaces, never appends
        await wait_for(pilot, lambda: not editor.dirty)
    stored = sandbox.world.batches[batch_id].instructions
    assert [item["description"] for item in stored] == ["Anything else?"]

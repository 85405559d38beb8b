"""Pilot tests of the instruction editor against the sandbox: building, rules, saving both ways."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import Input, Select, Static

from atb_tui.api.models.batches import BatchUpdate
from atb_tui.logic.instructions import ChoiceOption, MultipleChoice, to_batch_items
from atb_tui.sandbox import Sandbox
from atb_tui.screens.confirm_dialogs import ChoiceScreen
from atb_tui.screens.instruction_editor import InstructionEditorScreen
from atb_tui.widgets.instruction_fields import field_id, issue_id
from tests.helpers.app import make_app
from tests.helpers.instructions import add_instruction, new_batch, open_editor, type_into
from tests.helpers.navigation import workspaces_loaded
from tests.helpers.sandbox import WS_ID, WS_TITLE, make_sandbox, sandbox_client
from tests.helpers.screen import screen_text
from tests.helpers.waits import wait_for

EXAMPLE_OPTIONS = (ChoiceOption(label="A", value="a"), ChoiceOption(label="B", value="b"))
READY_BATCH = "01a1d948-f680-7886-bbd6-80389c22c60d"  # set up, with 3 legacy instructions


async def _multiple_choice(pilot: Pilot[None], question: str = "Is the review positive?") -> None:
    await add_instruction(pilot, 0)
    await type_into(pilot, "description", question)
    for index, (label, value) in enumerate((("Yes", "yes"), ("No", "no"))):
        await type_into(pilot, f"options.{index}.label", label)
        await type_into(pilot, f"options.{index}.value", value)


def issue_text(screen: InstructionEditorScreen, path: str) -> str:
    """What the problem line of a field says."""
    return str(screen.query_one(f"#{issue_id(path)}", Static).content)


async def _save(pilot: Pilot[None], screen: InstructionEditorScreen) -> None:
    await pilot.press("ctrl+s")
    await wait_for(pilot, lambda: not screen.dirty and not screen.server_issues)


async def test_multiple_choice_saved_as_batch_items_and_reloaded(sandbox: Sandbox) -> None:
    batch_id = await new_batch(sandbox)
    app = make_app(sandbox)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_editor(pilot, batch_id)
        assert screen.mode == "batch_items"  # the default for a batch with nothing saved yet
        await _multiple_choice(pilot)
        assert "● unsaved" in screen_text(app)
        await _save(pilot, screen)
        assert "saved" in screen_text(app)
        layout = sandbox.world.batches[batch_id].batch_items
        assert layout is not None
        items = layout[0]["rows"][-1]["columns"][0]["items"]
        assert [(i["type"], i["description"]) for i in items] == [
            ("multiple_choice", "Is the review positive?")
        ]
        assert [o["value"] for o in items[0]["options"]] == ["yes", "no"]
        await pilot.press("escape")  # leaves at once: nothing unsaved
        again = await open_editor(pilot, batch_id)
        assert again.instructions[0].id == items[0]["id"]
        assert "Is the review positive?" in screen_text(app)


async def test_every_type_saved_through_the_legacy_endpoint_keeps_ids(sandbox: Sandbox) -> None:
    batch_id = await new_batch(sandbox)
    app = make_app(sandbox)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_editor(pilot, batch_id)
        await pilot.press("t")
        assert screen.mode == "legacy"
        await _multiple_choice(pilot)
        await add_instruction(pilot, 1)
        await type_into(pilot, "description", "Why?")
        await add_instruction(pilot, 2)
        await type_into(pilot, "description", "How heavy?")
        for index, (label, value) in enumerate((("Kilograms", "kg"), ("Pounds", "lb"))):
            await type_into(pilot, f"unit_options.{index}.label", label)
            await type_into(pilot, f"unit_options.{index}.value", value)
        await add_instruction(pilot, 3)
        await type_into(pilot, "description", "Rate it")
        for index, (heading, label, value) in enumerate(
            (("Tone", "Calm", "calm"), ("Tone", "Angry", "angry"))
        ):
            await type_into(pilot, f"options.{index}.heading", heading)
            await type_into(pilot, f"options.{index}.label", label)
            await type_into(pilot, f"options.{index}.value", value)
        await add_instruction(pilot, 4)
        await type_into(pilot, "description", "Upload a photo")
        await _save(pilot, screen)
        stored = sandbox.world.batches[batch_id].instructions
        assert [i["type"] for i in stored] == [
            "multiple_choice",
            "free_text",
            "free_text_with_unit",
            "multiple_choice_with_free_text",
            "file_upload",
        ]
        assert stored[2]["unit_options"][1]["value"] == "lb"
        assert "deprecated" in screen_text(app)  # the server's Deprecation/Sunset notice
        ids = [i["id"] for i in stored]
        screen.query_one("#instruction-list").focus()
        await pilot.press("K")  # move the file upload up one place, then save (PUT)
        await _save(pilot, screen)
        after = sandbox.world.batches[batch_id].instructions
        assert [i["id"] for i in after] == [*ids[:3], ids[4], ids[3]]


async def test_problems_show_on_their_fields_as_you_type(sandbox: Sandbox) -> None:
    batch_id = await new_batch(sandbox)
    app = make_app(sandbox)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_editor(pilot, batch_id)
        await add_instruction(pilot, 0)
        assert "write the question participants will answer" not in screen_text(app)
        await type_into(pilot, "description", "")
        await type_into(pilot, "answer_limit", "3")
        text = screen_text(app)
        assert "option 1 needs a label" in text
        assert "answer_limit 3 is more than the 2 options" in text
        assert screen.query_one(f"#{field_id('answer_limit')}", Input).has_class("-invalid")
        await add_instruction(pilot, 1)
        await pilot.press(*"Age")
        screen.query_one(f"#{field_id('validation.type')}", Select).value = "number"
        await pilot.pause()
        await type_into(pilot, "validation.min", "30")
        await type_into(pilot, "validation.max", "18")
        assert "max (18) is less than min (30)" in screen_text(app)
        assert screen.query_one(f"#{field_id('validation.max')}", Input).has_class("-invalid")
        await add_instruction(pilot, 4)
        await type_into(pilot, "description", "Photo")
        await type_into(pilot, "accepted_file_types", ".jpg, png")
        assert "'png' must look like '.jpg'" in screen_text(app)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert sandbox.world.batches[batch_id].batch_items is None  # nothing sent with problems


async def test_client_checks_land_on_the_field_before_anything_is_sent(sandbox: Sandbox) -> None:
    batch_id = await new_batch(sandbox)
    app = make_app(sandbox)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_editor(pilot, batch_id)
        await _multiple_choice(pilot)
        await add_instruction(pilot, 2)
        await type_into(pilot, "description", "Weight")
        # Our live rules ignore the stray space; the request model compares default_unit exactly.
        for index, (label, value) in enumerate((("Kilograms", "kg "), ("Pounds", "lb"))):
            await type_into(pilot, f"unit_options.{index}.label", label)
            await type_into(pilot, f"unit_options.{index}.value", value)
        await type_into(pilot, "default_unit", "kg")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: bool(screen.server_issues))
        assert [issue.field for issue in screen.server_issues[1]] == ["default_unit"]
        await pilot.pause()
        assert screen.selected == 1
        assert "is not one of the unit values" in issue_text(screen, "default_unit")
        assert screen.query_one(f"#{field_id('default_unit')}", Input).has_class("-invalid")
        assert sandbox.world.batches[batch_id].batch_items is None
        await type_into(pilot, "unit_options.0.value", "kg")
        await _save(pilot, screen)
        assert sandbox.world.batches[batch_id].batch_items is not None


async def test_server_422_lands_on_the_instruction_it_names(sandbox: Sandbox) -> None:
    batch_id = await new_batch(sandbox)
    app = make_app(sandbox)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_editor(pilot, batch_id)
        await _multiple_choice(pilot, "First")
        await _multiple_choice(pilot, "Second")
        await _save(pilot, screen)
        # Someone else replaces the layout meanwhile: our ids are no longer the batch's.
        async with sandbox_client(sandbox) as client:
            fresh = [MultipleChoice(description="Replaced", options=EXAMPLE_OPTIONS)]
            await client.batches.update(
                batch_id, BatchUpdate(batch_items=to_batch_items(fresh, []))
            )
        await type_into(pilot, "description", "Second, reworded")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: bool(screen.server_issues))
        assert sorted(screen.server_issues) == [0, 1]
        assert all("Unknown id" in issue.message for issue in screen.server_issues[1])
        await pilot.pause()
        assert "Unknown id" in screen_text(app)
        assert "⚠" in screen_text(app)  # the list marks both instructions
        assert screen.dirty


async def test_set_up_batch_opens_locked_and_says_why(sandbox: Sandbox) -> None:
    app = make_app(sandbox)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_editor(pilot, READY_BATCH)
        before = list(sandbox.world.batches[READY_BATCH].instructions)
        text = screen_text(app)
        assert "Locked" in text
        assert "Duplicate the batch" in text
        assert all(field.disabled for field in screen.query(Input))
        screen.query_one("#instruction-list").focus()
        await pilot.press("d", "a")
        await pilot.pause()
        assert len(screen.instructions) == 3
        assert not isinstance(app.screen, ChoiceScreen)
        assert sandbox.world.batches[READY_BATCH].instructions == before


async def test_letter_keys_never_act_while_the_form_has_focus() -> None:
    # Issue 10.2: on a checkbox or select of the form, `d` deleted the instruction.
    from textual.widgets import Checkbox

    sandbox = make_sandbox()
    batch_id = await new_batch(sandbox)
    app = make_app(sandbox)
    async with app.run_test(size=(120, 35)) as pilot:
        screen = await open_editor(pilot, batch_id)
        await _multiple_choice(pilot)
        await _save(pilot, screen)
        app.screen.query(Checkbox).first().focus()
        await pilot.pause()
        assert "Delete" not in screen_text(app).splitlines()[-1]
        await pilot.press("d", "a", "c")
        await pilot.pause()
        assert len(screen.instructions) == 1
        assert not isinstance(app.screen, ChoiceScreen)
        assert len(sandbox.world.batches[batch_id].batch_items or []) == 1
        await pilot.press("escape")  # back to the list: the letters work again
        await wait_for(pilot, lambda: "Delete" in screen_text(app).splitlines()[-1])


async def test_q_with_unsaved_instruction_edits_asks_first(sandbox: Sandbox) -> None:
    batch_id = await new_batch(sandbox)
    app = make_app(sandbox)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_editor(pilot, batch_id)
        assert screen.unsaved_changes() is None
        await _multiple_choice(pilot)
        screen.set_focus(None)  # a letter typed into a field is text, not a command
        await pilot.press("q")
        await wait_for(pilot, lambda: isinstance(app.screen, ChoiceScreen))
        assert "instruction edits" in screen_text(app)
        await pilot.press("enter")  # the first answer: stay
        await wait_for(pilot, lambda: app.screen is screen)
        assert app.is_running
        assert screen.dirty


async def test_a_failed_first_read_says_so_and_r_reads_again(sandbox: Sandbox) -> None:
    batch_id = await new_batch(sandbox)
    # Every attempt fails (the client retries a 500) until the fault is cleared.
    path = f"/api/v1/data-collection/batches/{batch_id}"
    sandbox.faults.add(path, method="GET", status=500, times=None)
    app = make_app(sandbox)
    async with app.run_test(size=(100, 30)) as pilot:
        await workspaces_loaded(pilot)
        screen = InstructionEditorScreen(WS_ID, WS_TITLE, batch_id)
        await app.push_screen(screen)
        await wait_for(pilot, lambda: "Could not load" in screen_text(app))
        assert "r tries again, esc goes back" in screen_text(app)  # not "Still loading…"
        assert not screen.loaded
        sandbox.faults.clear()
        await pilot.press("r")
        await wait_for(pilot, lambda: screen.loaded)
        assert "Could not load" not in screen_text(app)
        # Loaded: `r` no longer reads again over what is being edited.
        assert screen.check_action("refresh", ()) is False

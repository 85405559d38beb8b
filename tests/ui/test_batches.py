"""Pilot tests of batches on the sandbox: open, create, edit, duplicate, set up, report."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from textual.widgets import Input, RadioButton, Select

from atb_tui.api.models import BatchCreate
from atb_tui.api.models.common import TaskDetailsInput
from atb_tui.sandbox import Sandbox
from atb_tui.screens.batch_detail import BatchDetailScreen
from atb_tui.screens.batch_dialogs import SetupDialog, SetupFacts, setup_preview
from atb_tui.screens.batch_form import BatchFormScreen
from atb_tui.screens.command_line import CommandLineScreen
from atb_tui.screens.instruction_editor import InstructionEditorScreen
from atb_tui.screens.study_launch import StudyLaunchScreen
from atb_tui.storage.paths import config_dir
from atb_tui.views.batch_facts import StatusHistory
from atb_tui.views.batch_html import html_to_text
from tests.helpers.app import clocked_app, make_app
from tests.helpers.navigation import batch_loaded, open_area, open_batch
from tests.helpers.notices import notice_texts, told
from tests.helpers.sandbox import WORKSPACE, item_named, sandbox_client
from tests.helpers.screen import screen_text
from tests.helpers.waits import wait_for

SIZE = (100, 30)


def batch_id(sandbox: Sandbox, name: str) -> str:
    return item_named(sandbox.world.batches, name)


async def test_enter_on_the_table_and_jump_open_the_batch(sandbox: Sandbox) -> None:
    app = clocked_app(sandbox)
    async with app.run_test(size=SIZE) as pilot:
        await open_area(pilot, "batches")
        await pilot.press("enter")
        await wait_for(pilot, batch_loaded(app))
        first = app.screen
        assert isinstance(first, BatchDetailScreen)
        assert sandbox.world.batches[first.batch_id].name in screen_text(app)
        wanted = batch_id(sandbox, "Review threads")
        await pilot.press("colon")
        await wait_for(pilot, lambda: isinstance(app.screen, CommandLineScreen))
        app.screen.query_one(Input).value = f"batch {wanted}"
        await pilot.press("enter")
        await wait_for(pilot, lambda: getattr(app.screen, "batch_id", None) == wanted)
        await wait_for(pilot, batch_loaded(app))
        text = screen_text(app)
        assert "Review threads (grouped) (threads.csv, 24 datapoints)" in text
        assert "UNINITIALISED (seen 09:00:00)" in text
        assert "Setup      available (s)" in text


async def test_the_status_history_is_stamped_with_the_server_clock(sandbox: Sandbox) -> None:
    # The app's own clock is far from the sandbox's (START, 09:00): "seen" must be 09:00.
    app = make_app(sandbox, now=lambda: datetime(2031, 1, 1, 17, 30, tzinfo=UTC))
    async with app.run_test(size=SIZE) as pilot:
        await open_area(pilot, "batches")
        await pilot.press("enter")
        await wait_for(pilot, batch_loaded(app))
        text = screen_text(app)
        assert "(seen 09:00:00)" in text
        assert "17:30" not in text


async def test_create_batch_with_a_dataset(sandbox: Sandbox) -> None:
    app = clocked_app(sandbox)
    async with app.run_test(size=SIZE) as pilot:
        await open_area(pilot, "batches")
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, BatchFormScreen))
        form = app.screen
        await pilot.press(*"Toxicity v2")
        form.query_one("#task-name", Input).value = "Spot toxic replies"
        dataset = item_named(sandbox.world.datasets, "Movie reviews - main run (300)")
        form.query_one(Select).value = dataset
        await pilot.pause()
        assert "1. Read the item" in screen_text(app)  # the steps, rendered
        await pilot.press("ctrl+s")
        await wait_for(pilot, batch_loaded(app))
        created = sandbox.world.batches[batch_id(sandbox, "Toxicity v2")]
        assert created.dataset_id == dataset
        assert created.task_details["task_name"] == "Spot toxic replies"
        text = screen_text(app)
        assert "Toxicity v2" in text
        assert "unavailable: the batch has no questions yet" in text


async def test_form_refuses_a_batch_without_a_name(sandbox: Sandbox) -> None:
    app = clocked_app(sandbox)
    async with app.run_test(size=SIZE) as pilot:
        await open_area(pilot, "batches")
        before = len(sandbox.world.batches)
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, BatchFormScreen))
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, BatchFormScreen)
        assert "The batch needs a name." in screen_text(app)
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, BatchFormScreen))
        assert len(sandbox.world.batches) == before


async def test_edit_patches_name_and_task_details(sandbox: Sandbox) -> None:
    app = clocked_app(sandbox)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_batch(pilot, "Review threads")
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, BatchFormScreen))
        app.screen.query_one("#name", Input).value = "Review threads v2"
        app.screen.query_one("#task-name", Input).value = "Judge the replies"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "Review threads v2" in screen_text(app))
        stored = sandbox.world.batches[screen.batch_id]
        assert stored.name == "Review threads v2"
        assert stored.task_details["task_name"] == "Judge the replies"
        assert "Judge the replies" in screen_text(app)


async def test_duplicate_with_the_same_dataset_and_for_a_new_upload(sandbox: Sandbox) -> None:
    app = clocked_app(sandbox)
    async with app.run_test(size=SIZE) as pilot:
        original = await open_batch(pilot, "Sentiment - pilot")
        source = sandbox.world.batches[original.batch_id]
        await pilot.press("c")
        await wait_for(pilot, lambda: app.screen.query("#name"))
        assert "Same dataset (Movie reviews - pilot (60)" in screen_text(app)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: told(app, "with the same dataset"))
        await wait_for(pilot, lambda: getattr(app.screen, "batch_id", "") != original.batch_id)
        await wait_for(pilot, batch_loaded(app))
        same = sandbox.world.batches[batch_id(sandbox, "Sentiment - pilot (copy)")]
        assert same.dataset_id == source.dataset_id
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is original)
        await pilot.press("c")
        await wait_for(pilot, lambda: app.screen.query("#new"))
        app.screen.query_one("#name", Input).value = "Pilot for new data"
        app.screen.query_one("#new", RadioButton).value = True
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: told(app, "without a dataset"))
        fresh = sandbox.world.batches[batch_id(sandbox, "Pilot for new data")]
        assert fresh.dataset_id is None


async def test_setup_is_unavailable_until_the_dataset_is_ready(sandbox: Sandbox) -> None:
    march = item_named(sandbox.world.datasets, "Product reviews - March")
    async with sandbox_client(sandbox) as client:
        details = TaskDetailsInput(task_name="T", task_introduction="<p>i</p>", task_steps="s")
        await client.batches.create(
            BatchCreate(
                name="Waiting", workspace_id=WORKSPACE[0], task_details=details, dataset_id=march
            )
        )
    app = clocked_app(sandbox)
    async with app.run_test(size=SIZE) as pilot:
        await open_batch(pilot, "Waiting")
        blocked = "unavailable: the dataset is UNINITIALISED; setup needs it READY"
        await wait_for(pilot, lambda: blocked in screen_text(app))
        posts = len(sandbox.request_log)
        await pilot.press("s")
        await pilot.pause()
        assert not isinstance(app.screen, SetupDialog)
        assert not any(r.path.endswith("/setup") for r in sandbox.request_log[posts:])


async def test_setup_follows_the_batch_until_ready(sandbox: Sandbox) -> None:
    app = clocked_app(sandbox)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_batch(pilot, "Review threads")
        await pilot.press("s")
        await wait_for(pilot, lambda: isinstance(app.screen, SetupDialog))
        assert "groups come from META_TASK_GROUP_ID" in screen_text(app)
        await pilot.press("enter")
        await wait_for(pilot, lambda: sandbox.world.batches[screen.batch_id].status == "PROCESSING")
        await wait_for(pilot, lambda: "→ PROCESSING at 09:00:00" in screen_text(app))
        sandbox.advance(5)
        await wait_for(pilot, lambda: "→ READY at 09:00:05" in screen_text(app))
        assert sandbox.world.batches[screen.batch_id].status == "READY"
        assert "24 tasks · 8 task groups" in screen_text(app)
        assert told(app, "Review threads is READY")
        assert "finished" in screen_text(app)  # nothing left to follow: polling stopped


def test_setup_preview_for_groups_of_a_chosen_size() -> None:
    facts = SetupFacts(datapoints=60, tasks_per_group=1)
    assert setup_preview(facts, "3").text == "60 datapoints → 20 task groups of 3"
    assert setup_preview(facts, "7").text.endswith("the last with 4")
    assert setup_preview(facts, "0").error == "tasks per group must be at least 1"
    assert setup_preview(facts, "x").error == "type a whole number"


def test_status_history_notes_each_change_once() -> None:
    from datetime import UTC, datetime

    history = StatusHistory()
    at = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    assert history.see("UNINITIALISED", at)
    assert not history.see("UNINITIALISED", at)
    assert history.see("PROCESSING", at.replace(second=5))
    assert history.lines() == ["UNINITIALISED (seen 09:00:00)", "PROCESSING at 09:00:05"]


def test_html_reads_as_plain_text() -> None:
    html = "<p>Read <b>each</b> review.</p><ol><li>Read</li><li>Answer</li></ol><ul><li>x</li></ul>"
    assert html_to_text(html) == "Read each review.\n\n1. Read\n2. Answer\n\n• x"


async def test_report_is_saved_without_sending_the_token(sandbox: Sandbox, tmp_path: Path) -> None:
    app = clocked_app(sandbox)
    async with app.run_test(size=SIZE) as pilot:
        await open_batch(pilot, "Sentiment - pilot")
        await pilot.press("R")
        await wait_for(pilot, lambda: app.screen.query("#path"))
        target = tmp_path / "pilot.csv"
        app.screen.query_one("#path", Input).value = str(target)
        await pilot.press("enter")
        await wait_for(pilot, target.exists)
        await wait_for(pilot, lambda: "Saved to" in screen_text(app))
        assert target.read_text(encoding="utf-8").startswith("")
        assert target.stat().st_size > 1000
        downloads = [r for r in sandbox.request_log if r.path.startswith("/presigned/")]
        assert downloads
        assert all("authorization" not in r.headers for r in downloads)


async def test_report_dialog_refuses_a_missing_folder(sandbox: Sandbox, tmp_path: Path) -> None:
    app = clocked_app(sandbox)
    async with app.run_test(size=SIZE) as pilot:
        await open_batch(pilot, "Sentiment - pilot")
        await pilot.press("R")
        await wait_for(pilot, lambda: app.screen.query("#path"))
        app.screen.query_one("#path", Input).value = str(tmp_path / "nowhere" / "r.csv")
        await pilot.press("enter")
        await pilot.pause()
        assert "does not exist" in screen_text(app)


async def test_i_and_l_open_the_editor_and_the_launch_screen(sandbox: Sandbox) -> None:
    app = clocked_app(sandbox)
    async with app.run_test(size=SIZE) as pilot:
        detail = await open_batch(pilot, "Sentiment - pilot")
        await pilot.press("i")
        await wait_for(pilot, lambda: isinstance(app.screen, InstructionEditorScreen))
        await app.pop_screen()
        await wait_for(pilot, lambda: app.screen is detail)
        await pilot.press("L")
        await wait_for(pilot, lambda: isinstance(app.screen, StudyLaunchScreen))


async def test_sync_makes_tasks_for_appended_datapoints(sandbox: Sandbox) -> None:
    dataset = item_named(sandbox.world.datasets, "Dialogue turns (V4)")
    record = '{"turn_text": "New turn", "speaker": "a", "conversation_id": "c7", "source": "x"}'
    async with sandbox_client(sandbox) as client:
        await client.datasets.append_datapoints(dataset, record)
    app = clocked_app(sandbox)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_batch(pilot, "Dialogue quality")
        tasks = len(sandbox.world.batches[screen.batch_id].task_ids)
        await pilot.press("y")
        await wait_for(pilot, lambda: "Sync       " in screen_text(app))
        sandbox.advance(30)
        await wait_for(pilot, lambda: "complete · 1 task created" in screen_text(app))
        assert len(sandbox.world.batches[screen.batch_id].task_ids) == tasks + 1


async def test_a_failed_create_keeps_what_was_typed(sandbox: Sandbox) -> None:
    sandbox.faults.add("/api/v1/data-collection/batches", method="POST", status=500, times=None)
    app = clocked_app(sandbox)
    async with app.run_test(size=SIZE) as pilot:
        await open_area(pilot, "batches")
        before = len(sandbox.world.batches)
        await pilot.press("n")
        await wait_for(pilot, lambda: bool(app.screen.query("#name")))
        app.screen.query_one("#name", Input).value = "Survives errors"
        app.screen.query_one("#task-name", Input).value = "Task"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: len(notice_texts(app)) > 0)
        await wait_for(pilot, lambda: isinstance(app.screen, BatchFormScreen))
        await wait_for(pilot, lambda: bool(app.screen.query("#name")))
        assert app.screen.query_one("#name", Input).value == "Survives errors"
        assert len(sandbox.world.batches) == before


async def _batch_with_a_question(sandbox: Sandbox) -> str:
    """An UNINITIALISED batch on a READY dataset whose one question is in `batch_items`."""
    from atb_tui.api.models import BatchUpdate
    from atb_tui.logic.instructions import ChoiceOption, MultipleChoice, to_batch_items
    from tests.helpers.instructions import new_batch

    created = await new_batch(sandbox, "Layout batch")
    options = (ChoiceOption(label="Yes", value="yes"), ChoiceOption(label="No", value="no"))
    question = [MultipleChoice(description="Is it positive?", options=options)]
    async with sandbox_client(sandbox) as client:
        await client.batches.update(created, BatchUpdate(batch_items=to_batch_items(question, [])))
    return created


async def test_questions_in_batch_items_are_counted(sandbox: Sandbox) -> None:
    # Issue 17: the server held the question in batch_items; the screen said "none yet".
    await _batch_with_a_question(sandbox)
    app = clocked_app(sandbox)
    async with app.run_test(size=SIZE) as pilot:
        await open_batch(pilot, "Layout batch")
        counted = "Questions  1 (multiple_choice) · first: “Is it positive?”"
        await wait_for(pilot, lambda: counted in screen_text(app))
        text = screen_text(app)
        assert "none yet" not in text
        assert "[green]" not in text
        assert "available (s)" in text


async def test_the_batch_screen_is_current_when_the_editor_closes(sandbox: Sandbox) -> None:
    # Issues 10.7 and 17: questions saved in the editor show at once on the way back.
    from tests.helpers.instructions import new_batch

    batch = await new_batch(sandbox, "Fresh one")
    app = clocked_app(sandbox)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_batch(pilot, "Fresh one")
        await wait_for(pilot, lambda: "none yet (i adds them)" in screen_text(app))
        await pilot.press("i")
        await wait_for(pilot, lambda: isinstance(app.screen, InstructionEditorScreen))
        # Meanwhile the questions are saved (as the editor does, in batch_items).
        from atb_tui.api.models import BatchUpdate
        from atb_tui.logic.instructions import ChoiceOption, MultipleChoice, to_batch_items

        options = (ChoiceOption(label="Yes", value="yes"), ChoiceOption(label="No", value="no"))
        question = [MultipleChoice(description="Is it positive?", options=options)]
        async with sandbox_client(sandbox) as client:
            await client.batches.update(
                batch, BatchUpdate(batch_items=to_batch_items(question, []))
            )
        await wait_for(pilot, lambda: getattr(app.screen, "loaded", False))
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is screen)
        await wait_for(pilot, lambda: "Questions  1 (multiple_choice)" in screen_text(app))


async def test_keys_typed_as_the_setup_dialog_opens_land_in_its_field(sandbox: Sandbox) -> None:
    # Issue 10.19: a digit typed right after `s` was lost while the dialog was not focused yet.
    from textual import events

    batch = await _batch_with_a_question(sandbox)
    app = clocked_app(sandbox)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_batch(pilot, "Layout batch")
        screen.action_setup()  # what `s` does: the dialog is pushed…
        assert isinstance(app.screen, SetupDialog)
        app.post_message(events.Key("0", "0"))  # …and a key follows before it has mounted
        await wait_for(pilot, lambda: bool(app.screen.query(Input)))
        field = app.screen.query_one(Input)
        await wait_for(pilot, lambda: field.value == "10")
        await pilot.press("enter")
        await wait_for(pilot, lambda: sandbox.world.batches[batch].status != "UNINITIALISED")
        assert sandbox.world.batches[batch].tasks_per_group == 10


async def test_a_failed_setup_says_it_did_not_start_and_how_to_retry(sandbox: Sandbox) -> None:
    # Issue 17: only the server's "Service Unavailable" was shown.
    batch = await _batch_with_a_question(sandbox)
    sandbox.faults.add(path_pattern="*/setup", method="POST", status=503, times=None)
    config_dir().mkdir(parents=True, exist_ok=True)
    (config_dir() / "settings.toml").write_text('[keymap]\n"batch.setup" = "S"\n')
    app = clocked_app(sandbox)
    async with app.run_test(size=SIZE) as pilot:
        await open_batch(pilot, "Layout batch")
        await wait_for(
            pilot, lambda: "available (S)" in screen_text(app)
        )  # the hint follows the user's remapping
        await pilot.press("S")
        await wait_for(pilot, lambda: isinstance(app.screen, SetupDialog))
        await pilot.press("enter")
        await wait_for(pilot, lambda: told(app, "Setup did not start"))
        assert told(app, "S tries again")
        assert sandbox.world.batches[batch].status == "UNINITIALISED"
        sandbox.faults.clear()
        await pilot.press("S")  # the retry the message names
        await wait_for(pilot, lambda: isinstance(app.screen, SetupDialog))
        await pilot.press("enter")
        await wait_for(pilot, lambda: sandbox.world.batches[batch].status != "UNINITIALISED")


async def test_setup_on_a_set_up_batch_says_why_nothing_happens(sandbox: Sandbox) -> None:
    # Issue 10.9: `s` on a READY batch did nothing without a word.
    app = clocked_app(sandbox)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_batch(pilot, "Review threads")
        sandbox.world.batches[screen.batch_id].status = "READY"
        screen.action_refresh()
        await wait_for(
            pilot, lambda: screen.current is not None and screen.current.status == "READY"
        )
        posts = len(sandbox.request_log)
        await pilot.press("s")
        await wait_for(pilot, lambda: told(app, "already set up"))
        assert not isinstance(app.screen, SetupDialog)
        assert not any(r.path.endswith("/setup") for r in sandbox.request_log[posts:])

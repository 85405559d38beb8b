"""A study's detail: counts and actions with confirmations; read-only profiles see no actions."""

from __future__ import annotations

from textual.widgets import Input

from atb_tui.sandbox import Sandbox
from atb_tui.screens.confirm_dialogs import ConfirmSpendScreen, PromptScreen
from atb_tui.screens.instruction_editor import InstructionEditorScreen
from atb_tui.screens.study_detail import StudyDetailScreen
from atb_tui.screens.study_launch import StudyLaunchScreen
from atb_tui.widgets.data_view import DataView
from tests.helpers.app import make_app, read_only_app
from tests.helpers.instructions import new_batch
from tests.helpers.navigation import workspaces_loaded
from tests.helpers.sandbox import WS_ID, WS_TITLE, make_sandbox
from tests.helpers.screen import screen_text
from tests.helpers.studies import ACTIVE_STUDY, DRAFT_STUDY, VISION, open_detail
from tests.helpers.waits import wait_for


async def test_enter_on_the_studies_table_opens_the_study() -> None:
    app = make_app(make_sandbox())
    async with app.run_test(size=(100, 30)) as pilot:
        await workspaces_loaded(pilot)
        await app.open_workspace(WS_ID, WS_TITLE)
        await app.open_area("studies")
        await wait_for(pilot, lambda: app.screen.query_one(DataView).loaded)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, StudyDetailScreen))
        screen = app.screen
        assert isinstance(screen, StudyDetailScreen)
        await wait_for(pilot, lambda: screen.study is not None)
        assert "Places" in screen_text(app)


async def test_active_study_counts_and_more_places_with_confirmation(sandbox: Sandbox) -> None:
    app = make_app(sandbox)
    async with app.run_test(size=(100, 30)) as pilot:
        sandbox.advance(60)
        screen = await open_detail(pilot, ACTIVE_STUDY)
        text = screen_text(app)
        assert "ACTIVE" in text
        assert "Submissions (" in text
        settings = sandbox.world.studies[ACTIVE_STUDY].settings
        assert settings["total_available_places"] == 450  # 150 task groups × 3 annotators
        await pilot.press("plus")  # batch studies grow through annotators per task
        await wait_for(pilot, lambda: isinstance(app.screen, PromptScreen))
        assert "Annotators per task (now 3" in screen_text(app)
        await pilot.press("enter")  # 4, as offered
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmSpendScreen))
        assert "150 more places" in screen_text(app)
        await pilot.press("enter")
        assert settings["total_available_places"] == 450  # Enter alone spends nothing
        await pilot.press(*"CONFIRM", "enter")
        await wait_for(
            pilot,
            lambda: sandbox.world.studies[ACTIVE_STUDY].settings["total_available_places"] == 600,
        )
        await wait_for(
            pilot, lambda: screen.study is not None and screen.study.total_available_places == 600
        )


async def test_schedule_publish_and_cancel_it(sandbox: Sandbox) -> None:
    app = make_app(sandbox)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_detail(pilot, DRAFT_STUDY, VISION)
        await pilot.press("t")
        await wait_for(pilot, lambda: isinstance(app.screen, PromptScreen))
        app.screen.query_one(Input).value = "2026-11-24 09:00"
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmSpendScreen))
        assert "Schedule publishing at 2026-11-24 09:00 UTC?" in screen_text(app)
        await pilot.press(*"PUBLISH", "enter")
        await wait_for(pilot, lambda: sandbox.world.studies[DRAFT_STUDY].status == "SCHEDULED")
        await wait_for(pilot, lambda: "Publishes at" in screen_text(app))
        await pilot.press("u")
        await wait_for(pilot, lambda: sandbox.world.studies[DRAFT_STUDY].status == "UNPUBLISHED")
        assert screen.study is not None


async def test_read_only_profile_sees_no_mutating_action(sandbox: Sandbox) -> None:
    batch_id = await new_batch(sandbox)
    studies_before = set(sandbox.world.studies)
    app = read_only_app(sandbox)
    async with app.run_test(size=(120, 30)) as pilot:
        editor = InstructionEditorScreen(WS_ID, WS_TITLE, batch_id)
        await workspaces_loaded(pilot)
        await app.push_screen(editor)
        await wait_for(pilot, lambda: editor.loaded)
        # The footer follows the loaded state on its next refresh: wait for it, not a frame.
        await wait_for(pilot, lambda: "Preview" in screen_text(app).splitlines()[-1])
        footer = screen_text(app).splitlines()[-1]
        assert "Save" not in footer
        assert "Add" not in footer
        assert "Read-only profile" in screen_text(app)
        await pilot.press("a", "ctrl+s")
        assert editor.instructions == []
        assert not isinstance(app.screen, PromptScreen)
        await app.pop_screen()
        launch = StudyLaunchScreen(WS_ID, WS_TITLE, "01a1d948-f680-7886-bbd6-80389c22c60d")
        await app.push_screen(launch)
        await wait_for(pilot, lambda: launch.loaded)
        await pilot.press("ctrl+s", "P")
        await pilot.pause()
        assert "Publish" not in screen_text(app).splitlines()[-1]
        await app.pop_screen()
        detail = StudyDetailScreen(WS_ID, WS_TITLE, ACTIVE_STUDY)
        await app.push_screen(detail)
        await wait_for(pilot, lambda: detail.study is not None)
        await pilot.pause()
        footer = screen_text(app).splitlines()[-1]
        assert "Pause" not in footer
        assert "Stop" not in footer
        await pilot.press("p", "x")
        await pilot.pause()
    assert set(sandbox.world.studies) == studies_before
    assert sandbox.world.studies[ACTIVE_STUDY].status == "ACTIVE"
    assert sandbox.world.batches[batch_id].batch_items is None


async def test_the_study_shows_its_batch_by_name_and_b_opens_it() -> None:
    # Issue 10.10: the batch was a raw id with no way to open it.
    from atb_tui.screens.batch_detail import BatchDetailScreen

    sandbox = make_sandbox()
    app = make_app(sandbox)
    async with app.run_test(size=(100, 30)) as pilot:
        await workspaces_loaded(pilot)
        await app.open_workspace(WS_ID, WS_TITLE)
        screen = StudyDetailScreen(WS_ID, WS_TITLE, ACTIVE_STUDY)
        await app.push_screen(screen)
        batch_id = sandbox.world.studies[ACTIVE_STUDY].settings["data_collection_id"]
        name = sandbox.world.batches[batch_id].name
        await wait_for(pilot, lambda: f"Batch         {name}  (b opens)" in screen_text(app))
        assert batch_id not in screen_text(app)
        assert screen.batch_name == name
        await pilot.press("b")
        await wait_for(pilot, lambda: isinstance(app.screen, BatchDetailScreen))
        assert getattr(app.screen, "batch_id", None) == batch_id


async def test_read_only_batch_screen_offers_no_mutating_keys() -> None:
    # Issue 10.9: read-only profiles still saw "s", "i adds them", "L launches one".
    from atb_tui.screens.batch_detail import BatchDetailScreen

    sandbox = make_sandbox()
    batch_id = await new_batch(sandbox)
    app = read_only_app(sandbox)
    async with app.run_test(size=(120, 30)) as pilot:
        await workspaces_loaded(pilot)
        await app.open_workspace(WS_ID, WS_TITLE)
        screen = BatchDetailScreen(WS_ID, WS_TITLE, batch_id)
        await app.push_screen(screen)
        await wait_for(pilot, lambda: screen.legacy is not None and screen.current is not None)
        await wait_for(pilot, lambda: "Questions" in screen_text(app))
        text = screen_text(app)
        assert "none yet" in text
        assert "adds them" not in text
        assert "launches one" not in text
        assert "Launch" not in text.splitlines()[-1]

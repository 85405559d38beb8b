"""Pilot tests of collections on the sandbox: list, 403, view, create, replace, launch,
read-only."""

from __future__ import annotations

from textual.widgets import Input

from atb_tui.app import AtbApp
from atb_tui.sandbox import Sandbox
from atb_tui.screens.collection_detail import CollectionDetailScreen
from atb_tui.screens.collection_editor import CollectionEditorScreen
from atb_tui.screens.collections import CollectionsScreen
from atb_tui.screens.study_launch import StudyLaunchScreen
from atb_tui.widgets.collection_forms import DetailsForm
from atb_tui.widgets.instruction_fields import field_id
from tests.helpers.app import clocked_app, read_only_app
from tests.helpers.collections import (
    NAME,
    SIZE,
    choose,
    collection_id,
    open_detail,
    open_editor,
    screen_of,
)
from tests.helpers.navigation import open_area, workspaces_loaded
from tests.helpers.sandbox import WORKSPACE
from tests.helpers.screen import screen_text
from tests.helpers.waits import wait_for


async def test_the_list_shows_pages_and_items_and_enter_shows_every_page(
    sandbox: Sandbox,
) -> None:
    app = clocked_app(sandbox)
    async with app.run_test(size=SIZE) as pilot:
        await open_area(pilot, "collections")
        text = screen_text(app)
        assert NAME in text
        assert collection_id(sandbox) in text
        await open_detail(pilot)
        text = screen_text(app)
        assert "Imagine a film nobody has made yet." in text  # the rich text block
        assert "1 page · 2 items · 1 question" in text
        assert "none yet (L launches one)" in text


async def test_a_workspace_without_collections_is_told_plainly(sandbox: Sandbox) -> None:
    sandbox.world.workspaces[WORKSPACE[0]].collections_enabled = False
    app = clocked_app(sandbox)
    async with app.run_test(size=SIZE) as pilot:
        await open_area(pilot, "collections")
        await wait_for(pilot, lambda: "not enabled" in screen_text(app))
        text = " ".join(screen_text(app).split())
        assert "Collections are not enabled for this account/workspace" in text
        assert "ask Prolific support" in text


async def test_replace_keeps_the_item_ids(sandbox: Sandbox) -> None:
    app = clocked_app(sandbox)
    wanted = collection_id(sandbox)
    before = [item["id"] for item in sandbox.world.collections[wanted].pages[0]["page_items"]]
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_editor(pilot)
        await pilot.press("down", "down", "down")  # collection, page 1, text, the question
        await wait_for(pilot, lambda: bool(editor.query("#instruction-form")))
        field = editor.query_one(f"#{field_id('description')}", Input)
        field.value = "Describe a film nobody has made yet"
        await wait_for(pilot, lambda: editor.dirty)
        editor.query_one("#collection-outline").focus()
        await pilot.press("ctrl+s")
        await choose(pilot, "replace")
        await wait_for(pilot, lambda: not editor.dirty)
    items = sandbox.world.collections[wanted].pages[0]["page_items"]
    assert [item["id"] for item in items] == before
    assert items[1]["description"] == "Describe a film nobody has made yet"


async def test_n_creates_a_collection_with_a_second_page(sandbox: Sandbox) -> None:
    app = clocked_app(sandbox)
    async with app.run_test(size=SIZE) as pilot:
        await open_area(pilot, "collections")
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, CollectionEditorScreen))
        editor = app.screen
        assert isinstance(editor, CollectionEditorScreen)
        await wait_for(pilot, lambda: editor.loaded)
        await wait_for(pilot, lambda: bool(editor.query(DetailsForm)))
        form = editor.query_one(DetailsForm)
        form.query_one("#field-name", Input).value = "Film ideas"
        form.query_one("#field-task_name", Input).value = "Pitch a film"
        await wait_for(pilot, lambda: editor.draft.task_name == "Pitch a film")
        editor.query_one("#collection-outline").focus()
        await pilot.press("down", "P")  # a new page after page 1
        await pilot.press("a")
        await choose(pilot, "free_text")
        await wait_for(pilot, lambda: editor.draft.item_count == 2)
        field = editor.query_one(f"#{field_id('description')}", Input)
        field.value = "Your pitch in one sentence"
        await wait_for(pilot, lambda: editor.draft.pages[1].items[0].description != "")
        editor.query_one("#collection-outline").focus()
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: editor.collection_id is not None)
    created = sandbox.world.collections[collection_id(sandbox, "Film ideas")]
    assert len(created.pages) == 2
    assert created.pages[1]["page_items"][0]["description"] == "Your pitch in one sentence"


async def test_launch_a_study_on_the_collection(sandbox: Sandbox) -> None:
    app = clocked_app(sandbox)
    wanted = collection_id(sandbox)
    async with app.run_test(size=SIZE) as pilot:
        await open_detail(pilot)
        await pilot.press("L")
        await wait_for(pilot, lambda: isinstance(app.screen, StudyLaunchScreen))
        launch = app.screen
        assert isinstance(launch, StudyLaunchScreen)
        await wait_for(pilot, lambda: launch.loaded)
        launch.query_one("#study-annotators", Input).value = "12"
        await pilot.pause()
        assert "Participants" in screen_text(app)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: launch.study is not None and not launch.busy)
        await wait_for(pilot, lambda: "Places          12" in screen_text(app))
        await app.pop_screen()  # the collection now lists its study
        await wait_for(pilot, lambda: "1 (below; Enter opens one)" in screen_text(app))
        assert "UNPUBLISHED" in screen_text(app)
    (study,) = [
        s for s in sandbox.world.studies.values() if s.settings.get("data_collection_id") == wanted
    ]
    assert study.settings["data_collection_method"] == "AI_TASK_BUILDER_COLLECTION"
    assert study.settings["total_available_places"] == 12
    assert study.status == "UNPUBLISHED"


async def test_read_only_hides_create_edit_and_launch(sandbox: Sandbox) -> None:
    app = read_only_app(sandbox)
    async with app.run_test(size=SIZE) as pilot:
        await workspaces_loaded(pilot)
        start = len(sandbox.request_log)
        atb: AtbApp = app
        await atb.open_workspace(*WORKSPACE)
        await atb.open_area("collections")
        assert isinstance(app.screen, CollectionsScreen)
        await wait_for(pilot, lambda: NAME in screen_text(app))
        await pilot.press("n")
        assert isinstance(app.screen, CollectionsScreen)
        await atb.open_item("collection", collection_id(sandbox))
        detail = app.screen
        assert isinstance(detail, CollectionDetailScreen)
        await wait_for(pilot, lambda: detail.loaded)
        footer = screen_text(app).splitlines()[-1]
        assert "Edit" not in footer
        assert "Launch" not in footer
        await pilot.press("e", "L")
        assert app.screen is detail
        editor = CollectionEditorScreen(*WORKSPACE, collection_id(sandbox))
        await app.push_screen(editor)
        await wait_for(pilot, lambda: editor.loaded)
        await pilot.press("a", "P", "K", "ctrl+s")  # (d would open the datasets area)
        assert not editor.dirty
        assert screen_of(app) is editor
        assert "Read-only profile" in screen_text(app)
    assert {r.method for r in sandbox.request_log[start:]} == {"GET"}


async def test_edits_left_unsaved_come_back_as_a_draft(sandbox: Sandbox) -> None:
    app = clocked_app(sandbox)
    wanted = collection_id(sandbox)
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_editor(pilot)
        await pilot.press("down", "P")  # a second page, then leave keeping the draft
        await wait_for(pilot, lambda: len(editor.draft.pages) == 2)
        assert editor.unsaved_changes() is not None  # so q asks before quitting
        await pilot.press("escape")
        await choose(pilot, "keep")
        await wait_for(pilot, lambda: isinstance(app.screen, CollectionDetailScreen))
        await pilot.press("e")
        await choose(pilot, "restore")
        again = app.screen
        assert isinstance(again, CollectionEditorScreen)
        assert again is not editor
        await wait_for(pilot, lambda: len(again.draft.pages) == 2)
    assert len(sandbox.world.collections[wanted].pages) == 1  # nothing was sent

"""Pilot tests of getting around: `:` with names and checked ids, area keys anywhere, `?`,
the palette, quitting with unsaved edits, and toggles that read without colour."""

from __future__ import annotations

from pathlib import Path

from textual import events
from textual.command import CommandPalette
from textual.pilot import Pilot
from textual.widgets import Checkbox, Input, RadioButton

from atb_tui.app import AtbApp
from atb_tui.sandbox import Sandbox
from atb_tui.screens.batch_detail import BatchDetailScreen
from atb_tui.screens.batches import BatchesScreen
from atb_tui.screens.command_line import CommandLineScreen
from atb_tui.screens.confirm_dialogs import ChoiceScreen
from atb_tui.screens.help import HelpScreen
from atb_tui.screens.monitor import MonitorScreen
from atb_tui.screens.sign_in import SignInScreen
from atb_tui.screens.studies import StudiesScreen
from atb_tui.screens.workspace_home import WorkspaceHomeScreen
from tests.helpers.app import clocked_app
from tests.helpers.datasets import GOOD_CSV, open_new_dataset, preview, write_file
from tests.helpers.navigation import open_area, open_batch, open_workspace
from tests.helpers.notices import notice_texts, told
from tests.helpers.sandbox import item_named
from tests.helpers.screen import screen_text
from tests.helpers.waits import wait_for

SIZE = (100, 30)
NO_SUCH_UUID = "01900000-0000-7000-8000-000000000000"


async def type_jump(pilot: Pilot[None], app: AtbApp, text: str) -> CommandLineScreen:
    await pilot.press("colon")
    await wait_for(pilot, lambda: isinstance(app.screen, CommandLineScreen))
    prompt = app.screen
    assert isinstance(prompt, CommandLineScreen)
    await pilot.press(*text)
    await pilot.press("enter")
    return prompt


async def test_a_malformed_id_is_refused_before_any_screen(sandbox: Sandbox) -> None:
    app = clocked_app(sandbox)
    async with app.run_test(size=SIZE) as pilot:
        await open_area(pilot, "batches")
        prompt = await type_jump(pilot, app, "batch BADID")
        await wait_for(pilot, lambda: "check the id or the workspace" in screen_text(app))
        assert app.screen is prompt  # the prompt stays to correct the id
        await pilot.press("escape")
        assert isinstance(app.screen, BatchesScreen)


async def test_an_unknown_id_says_so_and_opens_nothing(sandbox: Sandbox) -> None:
    app = clocked_app(sandbox)
    async with app.run_test(size=SIZE) as pilot:
        await open_area(pilot, "batches")
        for kind in ("batch", "dataset"):
            await type_jump(pilot, app, f"{kind} {NO_SUCH_UUID}")
            wanted = f"No {kind} with id {NO_SUCH_UUID}: check the id or the workspace."
            await wait_for(pilot, lambda: wanted in notice_texts(app))  # noqa: B023 (awaited here)
            assert isinstance(app.screen, BatchesScreen)
        await type_jump(pilot, app, "study 0123456789abcdef01234567")
        await wait_for(pilot, lambda: told(app, "No study with id"))
        assert isinstance(app.screen, BatchesScreen)
        assert len(app.screen_stack) == 4  # base, workspaces, home, batches: nothing pushed


async def test_jump_by_name_and_enter_takes_the_completion(sandbox: Sandbox) -> None:
    app = clocked_app(sandbox)
    async with app.run_test(size=SIZE) as pilot:
        await open_area(pilot, "datasets")
        prompt = await type_jump(pilot, app, "bat")  # completes to "batches"
        await wait_for(pilot, lambda: isinstance(app.screen, BatchesScreen))
        await pilot.press("colon")
        await wait_for(pilot, lambda: isinstance(app.screen, CommandLineScreen))
        prompt = app.screen
        assert isinstance(prompt, CommandLineScreen)
        await wait_for(pilot, lambda: any(k.name == "Review threads" for k in prompt.known))
        await pilot.press(*"batch review thr", "enter")
        wanted = item_named(sandbox.world.batches, "Review threads")
        await wait_for(pilot, lambda: getattr(app.screen, "batch_id", None) == wanted)
        assert isinstance(app.screen, BatchDetailScreen)


async def test_area_keys_work_from_any_screen_of_the_workspace(sandbox: Sandbox) -> None:
    app = clocked_app(sandbox)
    async with app.run_test(size=SIZE) as pilot:
        await open_batch(pilot, "Sentiment - pilot")
        await pilot.press("m")
        await wait_for(pilot, lambda: isinstance(app.screen, MonitorScreen))
        await pilot.press("s")
        await wait_for(pilot, lambda: isinstance(app.screen, StudiesScreen))
        assert len(app.screen_stack) == 4  # areas replace each other, they do not pile up


async def test_area_keys_never_fire_in_a_text_field(sandbox: Sandbox, tmp_path: Path) -> None:
    app = clocked_app(sandbox)
    async with app.run_test(size=SIZE) as pilot:
        screen = await preview(pilot, write_file("reviews.csv", GOOD_CSV, tmp_path))
        name = screen.query_one("#name", Input)
        name.focus()
        name.value = ""
        await pilot.press(*"bdscm")
        await wait_for(pilot, lambda: name.value == "bdscm")
        assert app.screen is screen


async def test_help_lists_enter_and_the_row_keys(sandbox: Sandbox) -> None:
    app = clocked_app(sandbox)
    async with app.run_test(size=SIZE) as pilot:
        await open_area(pilot, "batches")
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        text = screen_text(app)
        assert "Enter" in text
        assert "Open the highlighted row" in text
        for words in ("Move down", "First row", "New batch", "Filter the rows"):
            assert words in text


async def test_palette_lists_our_commands_once_with_their_keys(sandbox: Sandbox) -> None:
    app = clocked_app(sandbox)
    async with app.run_test(size=SIZE) as pilot:
        await open_area(pilot, "batches")
        await pilot.press("ctrl+p")
        await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette))
        await wait_for(pilot, lambda: "Reload from Prolific" in screen_text(app))
        text = screen_text(app)
        for textual_own in ("Maximize", "Screenshot", "Change theme", "Show keys"):
            assert textual_own not in text
        assert text.count("Leave atb-tui") == 1
        assert "r  ·  Reload from Prolific" in text


async def test_quit_asks_while_a_screen_has_unsaved_edits(sandbox: Sandbox, tmp_path: Path) -> None:
    app = clocked_app(sandbox)
    async with app.run_test(size=SIZE) as pilot:
        screen = await preview(pilot, write_file("reviews.csv", GOOD_CSV, tmp_path))
        screen.set_focus(None)
        await pilot.press("q")
        await wait_for(pilot, lambda: isinstance(app.screen, ChoiceScreen))
        assert "reviews.csv" in screen_text(app)
        await pilot.press("enter")  # the first answer stays
        await wait_for(pilot, lambda: app.screen is screen)
        assert app.is_running


async def test_a_checkbox_shows_its_state_by_shape(sandbox: Sandbox) -> None:
    app = clocked_app(sandbox, demo=False)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, SignInScreen))
        box = app.screen.query_one(Checkbox)
        await wait_for(pilot, lambda: "□▌ read-only" in screen_text(app))
        box.value = True
        await wait_for(pilot, lambda: "■▌ read-only" in screen_text(app))


async def test_radio_buttons_show_their_state_by_shape(sandbox: Sandbox) -> None:
    app = clocked_app(sandbox)
    async with app.run_test(size=SIZE) as pilot:
        await open_batch(pilot, "Sentiment - pilot")
        await pilot.press("c")
        await wait_for(pilot, lambda: bool(app.screen.query(RadioButton)))
        await wait_for(pilot, lambda: "●▌ Same dataset" in screen_text(app))
        assert "○▌ No dataset" in screen_text(app)


async def test_colon_and_a_view_typed_in_one_burst_all_land(sandbox: Sandbox) -> None:
    app = clocked_app(sandbox)
    async with app.run_test(size=SIZE) as pilot:
        await open_workspace(pilot)
        await wait_for(pilot, lambda: isinstance(app.screen, WorkspaceHomeScreen))
        # As a terminal delivers `:bat⏎` typed fast: all queued before any is handled.
        for key, character in (("colon", ":"), ("b", "b"), ("a", "a"), ("t", "t")):
            app.post_message(events.Key(key, character))
        app.post_message(events.Key("enter", "\r"))
        await wait_for(pilot, lambda: isinstance(app.screen, BatchesScreen))


async def test_a_colon_typed_in_a_text_field_stays_in_it(sandbox: Sandbox) -> None:
    app = clocked_app(sandbox)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_new_dataset(pilot)
        field = screen.query_one("#path", Input)
        field.focus()
        await pilot.press("c", "colon", "x")
        await wait_for(pilot, lambda: field.value == "c:x")
        assert app.screen is screen

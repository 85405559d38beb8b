"""Pilot tests of the app shell on the in-process sandbox: sign-in, navigation, keys, errors."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual import events
from textual.pilot import Pilot
from textual.widgets import Input

from atb_tui.app import AtbApp
from atb_tui.sandbox import Sandbox
from atb_tui.screens.batches import BatchesScreen
from atb_tui.screens.error import ErrorScreen
from atb_tui.screens.help import HelpScreen
from atb_tui.screens.sign_in import SignInScreen
from atb_tui.screens.workspace_home import WorkspaceHomeScreen
from atb_tui.screens.workspaces import WorkspacesScreen
from atb_tui.storage.paths import settings_path
from atb_tui.storage.profiles import Profile, ProfileStore
from atb_tui.storage.state import Place
from atb_tui.widgets.data_view import DataView
from tests.helpers.app import make_app
from tests.helpers.notices import notice_texts, told
from tests.helpers.screen import screen_text
from tests.helpers.waits import wait_for

AppFactory = Callable[..., AtbApp]
SIZE = (100, 30)


def rows_loaded(app: AtbApp) -> Callable[[], bool]:
    def loaded() -> bool:  # loaded, and painted: the first row's first cell is on screen
        views = app.screen.query(DataView)
        if not views or not views.first().loaded:
            return False
        rows = views.first().rows
        return not rows or str(rows[0].cells[0]) in screen_text(app)

    return loaded


def workspace_titles(sandbox: Sandbox) -> list[str]:
    return [ws.title for ws in sandbox.world.workspaces.values()]


async def open_batches(pilot: Pilot[None], app: AtbApp) -> None:
    await wait_for(pilot, rows_loaded(app))
    await pilot.press("enter")
    await wait_for(pilot, lambda: isinstance(app.screen, WorkspaceHomeScreen))
    await pilot.press("b")
    await wait_for(pilot, lambda: isinstance(app.screen, BatchesScreen))
    await wait_for(pilot, rows_loaded(app))


async def test_demo_opens_on_the_sandbox_workspaces(
    app_factory: AppFactory, sandbox: Sandbox
) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, rows_loaded(app))
        assert isinstance(app.screen, WorkspacesScreen)
        text = screen_text(app)
        assert "SANDBOX" in text
        for title in workspace_titles(sandbox):
            assert title in text
        assert "● connected" in text


async def test_first_run_signs_in_with_a_good_token(
    app_factory: AppFactory, sandbox: Sandbox
) -> None:
    app = app_factory(demo=False)
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, SignInScreen)
        app.screen.query_one("#token", Input).value = sandbox.token
        app.screen.query_one("#profile-name", Input).value = "lab"
        await pilot.press("enter")
        await wait_for(pilot, rows_loaded(app))
        assert isinstance(app.screen, WorkspacesScreen)
        assert "lab" in screen_text(app)
    store = ProfileStore()
    assert store.active == "lab"
    assert store.token("lab") == sandbox.token
    token_file = next(p for p in (store.root / "tokens").iterdir())
    assert token_file.stat().st_mode & 0o777 == 0o600


async def test_bad_token_is_refused_with_a_plain_message(app_factory: AppFactory) -> None:
    app = app_factory(demo=False)
    async with app.run_test(size=SIZE) as pilot:
        app.screen.query_one("#token", Input).value = "not-a-real-token"
        await pilot.press("enter")
        await wait_for(pilot, lambda: "rejected this token" in screen_text(app))
        assert isinstance(app.screen, SignInScreen)
        assert "not-a-real-token" not in screen_text(app)
    assert ProfileStore().list() == []


async def test_sign_in_offers_the_offline_sandbox(
    app_factory: AppFactory, sandbox: Sandbox
) -> None:
    app = app_factory(demo=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.click("#sandbox")
        await wait_for(pilot, rows_loaded(app))
        assert "SANDBOX" in screen_text(app)
        assert workspace_titles(sandbox)[0] in screen_text(app)


async def test_env_token_skips_sign_in(app_factory: AppFactory, sandbox: Sandbox) -> None:
    env = {"PROLIFIC_TOKEN": sandbox.token, "PROLIFIC_URL": sandbox.base_url}
    app = app_factory(demo=False, env=env)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, rows_loaded(app))
        assert isinstance(app.screen, WorkspacesScreen)
        assert sandbox.token not in screen_text(app)


async def test_keyboard_navigation_filter_and_back(
    app_factory: AppFactory, sandbox: Sandbox
) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await open_batches(pilot, app)
        view = app.screen.query_one(DataView)
        assert len(view.visible_keys) == len(view.rows) > 1
        target = next(b for b in sandbox.world.batches.values() if "pilot" in b.name.lower())
        await pilot.press("slash", *"pilot")
        await wait_for(pilot, lambda: len(view.visible_keys) < len(view.rows))
        assert target.id in view.visible_keys
        assert all(
            "pilot" in str(row.cells).lower() for row in view.rows if row.key in view.visible_keys
        )
        await pilot.press("escape")  # clears the filter
        assert len(view.visible_keys) == len(view.rows)
        await pilot.press("escape")  # back to the workspace home
        assert isinstance(app.screen, WorkspaceHomeScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, WorkspacesScreen)


async def test_vim_keys_move_the_cursor(app_factory: AppFactory) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await open_batches(pilot, app)
        table = app.screen.query_one(DataView).table
        await pilot.press("j", "j")
        assert table.cursor_row == 2
        await pilot.press("k")
        assert table.cursor_row == 1
        await pilot.press("G")
        assert table.cursor_row == table.row_count - 1
        await pilot.press("g")
        assert table.cursor_row == 0


async def test_colon_jumps_to_views_and_workspaces(
    app_factory: AppFactory, sandbox: Sandbox
) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await open_batches(pilot, app)
        await pilot.press("colon", *"studies", "enter")
        await wait_for(pilot, lambda: "Studies" in screen_text(app) and rows_loaded(app)())
        other = workspace_titles(sandbox)[1]
        await pilot.press("colon", *f"workspace {other}", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, WorkspaceHomeScreen))
        assert app.workspace is not None
        assert app.workspace[1] == other
        await pilot.press("colon", *"nonsense", "enter")
        await wait_for(pilot, lambda: "Unknown view" in screen_text(app))
        await pilot.press("escape")
        assert isinstance(app.screen, WorkspaceHomeScreen)


async def test_help_lists_the_keys_of_the_current_screen(app_factory: AppFactory) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await open_batches(pilot, app)
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        text = screen_text(app)
        for words in ("Filter", "Jump", "Back", "Quit", "Refresh"):
            assert words in text
        await pilot.press("escape")
        assert isinstance(app.screen, BatchesScreen)


async def test_remapped_key_works_and_help_shows_it(
    app_factory: AppFactory, isolated_config: Path
) -> None:
    isolated_config.mkdir(parents=True, exist_ok=True)
    settings_path().write_text('[keymap]\n"table.refresh" = "f5"\n')
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await open_batches(pilot, app)
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        assert "f5" in screen_text(app)


async def test_palette_offers_screen_commands_and_workspaces(app_factory: AppFactory) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await open_batches(pilot, app)
        await pilot.press("ctrl+p")
        await pilot.press(*"refresh")
        await wait_for(pilot, lambda: "Reload from Prolific" in screen_text(app))
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, BatchesScreen))


async def test_profile_switch_goes_to_the_other_account(
    app_factory: AppFactory, sandbox: Sandbox
) -> None:
    ProfileStore().save(Profile("team", api_url=sandbox.base_url, read_only=True), sandbox.token)
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, rows_loaded(app))
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert "team" in screen_text(app)
        await pilot.press("enter")  # the first entry: the saved "team" profile
        await wait_for(
            pilot, lambda: app.session is not None and app.session.profile.name == "team"
        )
        await wait_for(pilot, rows_loaded(app))
        text = screen_text(app)
        assert "READ-ONLY" in text
        assert "SANDBOX" not in text


async def test_a_401_mid_session_asks_for_a_token_and_returns(
    app_factory: AppFactory, sandbox: Sandbox
) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await open_batches(pilot, app)
        sandbox.token = "rotated-token"
        await pilot.press("r")
        await wait_for(pilot, lambda: isinstance(app.screen, SignInScreen))
        assert "401" in screen_text(app)
        app.screen.query_one("#token", Input).value = "rotated-token"
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, BatchesScreen))
        await wait_for(pilot, rows_loaded(app))
        assert len(app.screen_stack) == 4  # default, workspaces, home, batches: nothing lost


async def test_an_injected_503_is_retried_and_recovers(
    app_factory: AppFactory, sandbox: Sandbox
) -> None:
    sandbox.faults.add(path_pattern="/api/v1/workspaces*", method="GET", status=503, times=2)
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: workspace_titles(sandbox)[0] in screen_text(app))
        assert "● connected" in screen_text(app)
    assert sum(1 for r in sandbox.request_log if r.status == 503) == 2


async def test_a_persistent_outage_is_explained_not_fatal(
    app_factory: AppFactory, sandbox: Sandbox
) -> None:
    sandbox.faults.add(path_pattern="/api/v1/workspaces*", method="GET", status=503, times=None)
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: "Could not load" in screen_text(app))
        assert not isinstance(app.screen, ErrorScreen)
        sandbox.faults.clear()
        await pilot.press("r")
        await wait_for(pilot, lambda: workspace_titles(sandbox)[0] in screen_text(app))


async def test_a_corrupt_settings_file_gives_a_message_and_defaults(
    app_factory: AppFactory, isolated_config: Path
) -> None:
    isolated_config.mkdir(parents=True, exist_ok=True)
    settings_path().write_bytes(b"refresh_interval = [unterminated\n\xff\xfe")
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, rows_loaded(app))
        assert app.settings.refresh_interval == 5.0
        assert any("settings" in m.lower() for m in notice_texts(app))
    assert settings_path().read_bytes().startswith(b"refresh_interval = [unterminated")


async def test_reopening_returns_to_the_last_place(app_factory: AppFactory) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await open_batches(pilot, app)
        await pilot.press("q")
    again = app_factory()
    async with again.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(again.screen, BatchesScreen))
        await wait_for(pilot, rows_loaded(again))
        assert "Batches" in screen_text(again)


async def test_a_last_place_that_is_gone_opens_its_workspace_with_a_message(
    app_factory: AppFactory,
) -> None:
    # A batch screen left in an earlier demo world (whose ids a fresh world does not have).
    gone = "01a24246-f4c0-79ca-9058-beab9c293923"
    app = app_factory()
    app.state.remember(
        Place("sandbox", "657fdc1bb561337c0dfb1bae", "Sentiment Lab", "responses", gone, "Old")
    )
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, WorkspaceHomeScreen))
        await wait_for(pilot, lambda: told(app, "is gone"))
        notice = next(m for m in notice_texts(app) if "is gone" in m)
        assert f"No batch with id {gone}" in notice
        assert not any(type(s).__name__ == "ResponsesScreen" for s in app.screen_stack)


async def test_recent_places_are_listed_and_reopen(app_factory: AppFactory) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await open_batches(pilot, app)
        await pilot.press("escape", "escape")
        await wait_for(pilot, lambda: isinstance(app.screen, WorkspacesScreen))
        assert "Recent" in screen_text(app)
        assert "Sentiment Lab › batches" in screen_text(app)
        await pilot.press("tab")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, BatchesScreen))


async def test_the_batches_table_widens_a_column_for_a_longer_name(
    app_factory: AppFactory, sandbox: Sandbox
) -> None:
    app = app_factory()
    async with app.run_test(size=(160, 30)) as pilot:
        await open_batches(pilot, app)
        screen = app.screen
        assert isinstance(screen, BatchesScreen)
        table = screen.view.table
        batch = next(iter(sandbox.world.batches.values()))
        batch.name = "A much longer batch name than any the table has shown so far"
        await pilot.press("r")
        await wait_for(pilot, lambda: batch.name in screen_text(app))  # whole, not cut off
        name_column = next(c for c in table.columns.values() if c.key == "name")
        assert name_column.get_render_width(table) >= len(batch.name)


async def test_the_demo_world_is_made_after_the_first_screen_is_shown(sandbox: Sandbox) -> None:
    app = make_app(sandbox)
    shown_when_made: list[str] = []

    def make_sandbox() -> Sandbox:
        shown_when_made.append(screen_text(app))
        return sandbox

    app.options.make_sandbox = make_sandbox
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, rows_loaded(app))
        await pilot.press("enter")  # more requests: the same world, made once
        await wait_for(pilot, lambda: isinstance(app.screen, WorkspaceHomeScreen))
    assert len(shown_when_made) == 1
    assert "Choose a workspace" in shown_when_made[0]
    assert "Loading…" in shown_when_made[0]


async def test_the_first_screen_mounts_no_filter_or_recent_list_until_needed(
    app_factory: AppFactory,
) -> None:
    # Start-up time: an Input's and an OptionList's styles cost the first frame ~10 ms.
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, rows_loaded(app))
        assert not app.screen.query(Input)
        assert not app.screen.query("#recent")
        assert "Recent" not in screen_text(app)


async def test_a_filter_typed_in_one_burst_lands_in_the_filter(
    app_factory: AppFactory, sandbox: Sandbox
) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await open_batches(pilot, app)
        view = app.screen.query_one(DataView)
        # As a terminal delivers `/pilot` typed fast: all queued before the filter exists.
        for key, character in (("slash", "/"), *((c, c) for c in "pilot")):
            app.post_message(events.Key(key, character))
        await wait_for(pilot, lambda: view.filter_text == "pilot")
        filter_input = view.filter_input
        assert filter_input is not None
        assert filter_input.value == "pilot"
        await pilot.press("slash")  # in the filter, `/` is text
        await wait_for(pilot, lambda: filter_input.value == "pilot/")
        assert all("pilot" in str(r.cells).lower() for r in view.rows if r.key in view.visible_keys)

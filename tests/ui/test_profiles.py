"""Pilot tests of profiles (issue 10 items 4 and 16, issue 17's start-up warnings)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.widgets import Input

from atb_tui.app import AtbApp
from atb_tui.sandbox import Sandbox
from atb_tui.screens.profiles import ProfilesScreen
from atb_tui.screens.sign_in import SignInScreen
from atb_tui.screens.workspace_home import WorkspaceHomeScreen
from atb_tui.screens.workspaces import WorkspacesScreen
from atb_tui.storage.profiles import Profile, ProfileStore
from tests.helpers.notices import notice_texts
from tests.helpers.screen import screen_text
from tests.helpers.waits import wait_for

AppFactory = Callable[..., AtbApp]
SIZE = (100, 30)


def save_lab(sandbox: Sandbox, *, read_only: bool = False) -> None:
    store = ProfileStore()
    store.save(Profile("lab", api_url=sandbox.base_url, read_only=read_only), sandbox.token)
    store.set_active("lab")


async def test_sign_out_forgets_the_token_and_esc_cannot_return(
    app_factory: AppFactory, sandbox: Sandbox, isolated_config: Path
) -> None:
    save_lab(sandbox)
    app = app_factory(demo=False)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, WorkspacesScreen))
        await wait_for(pilot, lambda: "Sentiment Lab" in screen_text(app))
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, WorkspaceHomeScreen))
        old_client = app.session.client if app.session else None
        await pilot.press("ctrl+o")
        await wait_for(pilot, lambda: isinstance(app.screen, ProfilesScreen))
        assert "Sign out of lab" in screen_text(app)
        await pilot.press("end", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, SignInScreen))
        assert app.session is None
        assert old_client is not None
        assert old_client._api_http.is_closed
        assert not (isolated_config / "tokens" / "lab").exists()
        assert ProfileStore().token("lab") is None
        assert len(app.screen_stack) == 2  # the default screen and sign-in: nothing of lab
        assert app.workspace is None
        assert not app.known_workspaces
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, SignInScreen)
        assert app.session is None
        await pilot.press("ctrl+o")  # the menu offers profiles, none of them as current
        await wait_for(pilot, lambda: isinstance(app.screen, ProfilesScreen))
        assert "(current)" not in screen_text(app)
        assert "Sign out" not in screen_text(app)
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, SignInScreen))
        text = screen_text(app)
        assert "Signed out of lab" in text
        assert app.screen.query_one("#token", Input).value == ""
        assert app.screen.query_one("#profile-name", Input).value == "lab"
        assert "SANDBOX" not in text
        assert "connected" not in text


async def test_a_profile_can_be_made_read_only_and_back(
    app_factory: AppFactory, sandbox: Sandbox
) -> None:
    save_lab(sandbox)
    app = app_factory(demo=False)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: "Sentiment Lab" in screen_text(app))
        await pilot.press("ctrl+o")
        await wait_for(pilot, lambda: isinstance(app.screen, ProfilesScreen))
        assert "r read-only" in screen_text(app)
        await pilot.press("home", "r")
        await wait_for(pilot, lambda: "lab is now read-only" in screen_text(app))
        assert ProfileStore().get("lab") == Profile("lab", sandbox.base_url, read_only=True)
        assert app.session is not None
        assert app.session.read_only
        await pilot.press("r")
        await wait_for(pilot, lambda: "allowed to make changes again" in screen_text(app))
        assert ProfileStore().get("lab") == Profile("lab", sandbox.base_url, read_only=False)
        assert app.session is not None
        assert not app.session.read_only


async def test_read_only_needs_a_saved_profile(app_factory: AppFactory) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, WorkspacesScreen))
        await pilot.press("ctrl+o")
        await wait_for(pilot, lambda: isinstance(app.screen, ProfilesScreen))
        await pilot.press("home", "r")
        await wait_for(pilot, lambda: "applies to saved profiles" in screen_text(app))


async def test_the_sandbox_is_marked_current_in_the_profile_list(
    app_factory: AppFactory, sandbox: Sandbox
) -> None:
    ProfileStore().save(Profile("lab", api_url=sandbox.base_url), sandbox.token)
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, WorkspacesScreen))
        await pilot.press("ctrl+o")
        await wait_for(pilot, lambda: isinstance(app.screen, ProfilesScreen))
        lines = screen_text(app).splitlines()
        assert any("Offline sandbox" in line and "(current)" in line for line in lines)
        assert not any("lab" in line and "(current)" in line for line in lines)
        assert "Sign out" not in screen_text(app)


async def test_an_unknown_profile_opens_sign_in_saying_so(
    app_factory: AppFactory, sandbox: Sandbox
) -> None:
    save_lab(sandbox)
    app = app_factory(demo=False, profile="nosuch")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, SignInScreen))
        text = screen_text(app)
        assert "no profile named 'nosuch'" in text
        assert "saved profiles: lab" in text


async def test_an_empty_token_file_is_explained_at_start(
    app_factory: AppFactory, sandbox: Sandbox, isolated_config: Path
) -> None:
    save_lab(sandbox)
    (isolated_config / "tokens" / "lab").write_text("")
    app = app_factory(demo=False)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, SignInScreen))
        messages = notice_texts(app)
        assert any("token file for profile 'lab'" in m and "empty" in m for m in messages)
        assert "Profile 'lab' has no usable saved token" in screen_text(app)
        assert app.screen.query_one("#profile-name", Input).value == "lab"

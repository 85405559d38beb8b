"""Screen states of the app shell: sign-in, workspaces, home, areas, help, jump, profiles."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import Input

from atb_tui.app import AtbApp
from atb_tui.screens.command_line import CommandLineScreen
from atb_tui.screens.help import HelpScreen
from atb_tui.screens.profiles import ProfilesScreen
from atb_tui.screens.sign_in import SignInScreen
from atb_tui.screens.workspace_home import WorkspaceHomeScreen
from atb_tui.widgets.data_view import DataView
from tests.helpers.app import clocked_app, make_app
from tests.helpers.navigation import open_area
from tests.helpers.sandbox import make_sandbox
from tests.helpers.waits import wait_for
from tests.snapshots import scenarios_batches  # noqa: F401  (registers "batches", narrowed below)
from tests.snapshots.scenarios import narrow_copies, scenario


def _signed_out() -> AtbApp:
    return make_app(make_sandbox(), demo=False)


async def _table_loaded(pilot: Pilot[None]) -> None:
    app = pilot.app
    await wait_for(
        pilot, lambda: bool(app.screen.query(DataView)) and app.screen.query_one(DataView).loaded
    )
    await wait_for(
        pilot, lambda: "…" not in str([r.cells for r in app.screen.query_one(DataView).rows])
    )


@scenario("sign-in", "First run: sign in, or try the offline sandbox", build=_signed_out)
async def sign_in(pilot: Pilot[None]) -> None:
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, SignInScreen))
    await pilot.pause()


@scenario("workspaces", "Workspaces with their balances")
async def workspaces(pilot: Pilot[None]) -> None:
    await _table_loaded(pilot)


@scenario("workspaces-narrow", "Workspaces at 80x24", size=(80, 24))
async def workspaces_narrow(pilot: Pilot[None]) -> None:
    await _table_loaded(pilot)


@scenario("workspace-home", "A workspace's areas")
async def workspace_home(pilot: Pilot[None]) -> None:
    await _table_loaded(pilot)
    await pilot.press("enter")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, WorkspaceHomeScreen))
    await pilot.pause()


@scenario("help", "? lists every key of the current screen")
async def help_screen(pilot: Pilot[None]) -> None:
    await _table_loaded(pilot)
    await pilot.press("question_mark")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, HelpScreen))
    await pilot.pause()


@scenario("jump", ": jumps to any view or id, with completion")
async def jump(pilot: Pilot[None]) -> None:
    await _table_loaded(pilot)
    await pilot.press("colon", "b", "a")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, CommandLineScreen))
    prompt = pilot.app.screen.query_one(Input)
    await wait_for(pilot, lambda: prompt._suggestion == "batches")
    await pilot.pause()


@scenario("profiles", "ctrl+o switches profile or signs out")
async def profiles(pilot: Pilot[None]) -> None:
    await _table_loaded(pilot)
    await pilot.press("ctrl+o")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, ProfilesScreen))
    await pilot.pause()


@scenario("studies", "Studies of a workspace, with places taken", build=clocked_app)
async def studies(pilot: Pilot[None]) -> None:
    await open_area(pilot, "studies")
    await _table_loaded(pilot)
    await pilot.pause()


@scenario("collections", "Collections of a workspace", build=clocked_app)
async def collections(pilot: Pilot[None]) -> None:
    await open_area(pilot, "collections")
    await _table_loaded(pilot)
    await pilot.pause()


narrow_copies(
    "sign-in", "workspace-home", "help", "jump", "profiles", "studies", "collections", "batches"
)

"""Screen states of the app shell: sign-in, workspaces, home, areas, help, jump, profiles."""

from __future__ import annotations

from textual.pilot import Pilot

from atb_tui.app import AtbApp
from atb_tui.widgets.data_view import DataView
from tests.harness import make_app, make_sandbox, wait_for
from tests.snapshots.scenarios import scenario


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
    await pilot.pause()


@scenario("help", "? lists every key of the current screen")
async def help_screen(pilot: Pilot[None]) -> None:
    await _table_loaded(pilot)
    await pilot.press("question_mark")
    await pilot.pause()


@scenario("jump", ": jumps to any view or id, with completion")
async def jump(pilot: Pilot[None]) -> None:
    await _table_loaded(pilot)
    await pilot.press("colon", "b", "a")
    await pilot.pause()


@scenario("profiles", "ctrl+o switches profile or signs out")
async def profiles(pilot: Pilot[None]) -> None:
    await _table_loaded(pilot)
    await pilot.press("ctrl+o")
    await pilot.pause()

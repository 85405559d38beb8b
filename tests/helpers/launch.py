"""Study launch steps: the launch form for a ready batch, publishing with a typed confirmation."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from textual.pilot import Pilot
from textual.widgets import Input

from atb_tui.app import AtbApp
from atb_tui.sandbox import Sandbox
from atb_tui.screens.confirm_dialogs import ConfirmSpendScreen
from atb_tui.screens.study_launch import StudyLaunchScreen
from tests.helpers.app import make_app
from tests.helpers.navigation import workspaces_loaded
from tests.helpers.sandbox import WS_ID, WS_TITLE
from tests.helpers.waits import wait_for

READY_BATCH = "01a1d948-f680-7886-bbd6-80389c22c60d"  # 15 task groups, no study yet
TRANSITION = "/api/v1/studies/*/transition"


async def open_launch(pilot: Pilot[None]) -> StudyLaunchScreen:
    """The launch form for READY_BATCH, once loaded."""
    await workspaces_loaded(pilot)
    screen = StudyLaunchScreen(WS_ID, WS_TITLE, READY_BATCH)
    await pilot.app.push_screen(screen)
    await wait_for(pilot, lambda: screen.loaded)
    await pilot.pause()
    return screen


def studies_of(sandbox: Sandbox) -> list[str]:
    return [
        s.id
        for s in sandbox.world.studies.values()
        if s.settings.get("data_collection_id") == READY_BATCH
    ]


def transitions_sent(sandbox: Sandbox) -> int:
    return sum(1 for r in sandbox.request_log if r.path.rstrip("/").endswith("/transition"))


async def set_field(pilot: Pilot[None], name: str, value: str) -> None:
    pilot.app.screen.query_one(f"#study-{name}", Input).value = value
    await pilot.pause()


async def confirm_by_typing(pilot: Pilot[None], app: AtbApp, text: str) -> None:
    await wait_for(pilot, lambda: isinstance(app.screen, ConfirmSpendScreen))
    await pilot.press("enter")  # Enter alone never confirms
    assert isinstance(app.screen, ConfirmSpendScreen)
    await pilot.press(*text, "enter")


async def save_draft(pilot: Pilot[None], screen: StudyLaunchScreen) -> None:
    """ctrl+s, then wait until Prolific holds the draft and has costed it."""
    await pilot.press("ctrl+s")
    await wait_for(pilot, lambda: screen.study is not None and screen.api_cost is not None)


@asynccontextmanager
async def launch_form(
    sandbox: Sandbox, size: tuple[int, int] = (100, 30)
) -> AsyncIterator[tuple[AtbApp, Pilot[None], StudyLaunchScreen]]:
    """The app on `sandbox`, running, with the launch form for READY_BATCH open and loaded."""
    app = make_app(sandbox)
    async with app.run_test(size=size) as pilot:
        yield app, pilot, await open_launch(pilot)

"""Screen states of launching and watching a study: the form, the publish confirmation, detail."""

from __future__ import annotations

from textual.pilot import Pilot

from atb_tui.screens.confirm_dialogs import ConfirmSpendScreen
from atb_tui.screens.study_detail import StudyDetailScreen
from atb_tui.screens.study_launch import StudyLaunchScreen
from atb_tui.widgets.study_form import StudyForm
from tests.helpers.navigation import workspaces_loaded
from tests.helpers.sandbox import WS_ID, WS_TITLE
from tests.helpers.waits import wait_for
from tests.snapshots.scenarios import scenario

READY_BATCH = "01a1d948-f680-7886-bbd6-80389c22c60d"
ACTIVE_STUDY = "2a3912dfb8d51909016631fa"


async def _launch(pilot: Pilot[None]) -> StudyLaunchScreen:
    await workspaces_loaded(pilot)
    screen = StudyLaunchScreen(WS_ID, WS_TITLE, READY_BATCH)
    await pilot.app.push_screen(screen)
    await wait_for(pilot, lambda: screen.loaded and _name_focused(pilot) and _hint_agrees(screen))
    await pilot.pause()
    return screen


def _hint_agrees(screen: StudyLaunchScreen) -> bool:
    """The form's "more fields below" line matches its final layout (it is set after a refresh)."""
    form = screen.query_one(StudyForm)
    return form.hint_shown == form.more_below()


def _name_focused(pilot: Pilot[None]) -> bool:
    """The form focuses its name field once loaded: the state to pin, not a moment in time."""
    focused = pilot.app.focused
    return focused is not None and focused.id == "study-name"


@scenario(
    "study-launch", "Launch a study: the form and its live summary (an estimate before the draft)"
)
async def launch_form(pilot: Pilot[None]) -> None:
    await _launch(pilot)


@scenario("study-launch-narrow", "Launch a study at 80x24", size=(80, 24))
async def launch_narrow(pilot: Pilot[None]) -> None:
    await _launch(pilot)


@scenario("study-publish-confirm", "Publishing repeats the amount and wants it typed")
async def publish_confirm(pilot: Pilot[None]) -> None:
    screen = await _launch(pilot)
    await pilot.press("ctrl+s")
    # "Draft study saved" is raised in the step that sets api_cost (no wait on the toast: it
    # expires on the wall clock, which a loaded machine can pass before the next check).
    await wait_for(pilot, lambda: screen.study is not None and screen.api_cost is not None)
    pilot.app.clear_notifications()  # toasts expire on their own clock: keep them out
    await pilot.pause()
    await pilot.press("ctrl+g")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, ConfirmSpendScreen))
    await pilot.pause()


@scenario("study-detail", "A live study: places, submissions by status, cost, actions")
async def study_detail(pilot: Pilot[None]) -> None:
    await workspaces_loaded(pilot)
    screen = StudyDetailScreen(WS_ID, WS_TITLE, ACTIVE_STUDY)
    await pilot.app.push_screen(screen)
    await wait_for(pilot, lambda: screen.study is not None)
    await pilot.pause()


@scenario("study-launch-another", "A batch that already runs a study: listed, with a warning")
async def launch_another(pilot: Pilot[None]) -> None:
    screen = await _launch(pilot)
    await pilot.press("ctrl+s")
    await wait_for(pilot, lambda: screen.study is not None and screen.api_cost is not None)
    await pilot.press("ctrl+g")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, ConfirmSpendScreen))
    await pilot.press(*"PUBLISH", "enter")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, StudyDetailScreen))
    again = StudyLaunchScreen(WS_ID, WS_TITLE, READY_BATCH)
    await pilot.app.push_screen(again)
    await wait_for(pilot, lambda: again.loaded and _name_focused(pilot))
    pilot.app.clear_notifications()  # toasts expire on their own clock: keep them out
    await pilot.pause()


scenario("study-publish-confirm-narrow", "Publish confirmation at 80x24", size=(80, 24))(
    publish_confirm
)
scenario("study-detail-narrow", "A live study at 80x24", size=(80, 24))(study_detail)
scenario("study-launch-another-narrow", "Another study at 80x24", size=(80, 24))(launch_another)

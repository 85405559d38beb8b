"""The demo world's studies used by the study screen tests, and opening one."""

from __future__ import annotations

from textual.pilot import Pilot

from atb_tui.screens.study_detail import StudyDetailScreen
from tests.helpers.navigation import workspaces_loaded
from tests.helpers.sandbox import WS_ID, WS_TITLE
from tests.helpers.waits import wait_for

ACTIVE_STUDY = "2a3912dfb8d51909016631fa"
DRAFT_STUDY = "c4570eb3cfbab3ec2ac0e672"  # in the Vision Team workspace
VISION = ("ccd74a13d2baeb9ed58d9561", "Vision Team")


async def open_detail(
    pilot: Pilot[None], study_id: str, workspace: tuple[str, str] = (WS_ID, WS_TITLE)
) -> StudyDetailScreen:
    await workspaces_loaded(pilot)
    screen = StudyDetailScreen(*workspace, study_id)
    await pilot.app.push_screen(screen)
    await wait_for(pilot, lambda: screen.study is not None)
    await pilot.pause()
    return screen

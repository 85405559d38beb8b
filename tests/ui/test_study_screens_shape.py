"""The study screens after issue 12: lost answers on the study screen, navigation by messages."""

from __future__ import annotations

from atb_tui.sandbox import Sandbox
from atb_tui.screens.study_detail import StudyDetailScreen
from atb_tui.screens.study_launch import StudyLaunchScreen
from atb_tui.screens.submissions import SubmissionsScreen
from tests.helpers.app import make_app
from tests.helpers.launch import (
    TRANSITION,
    confirm_by_typing,
    open_launch,
    save_draft,
    transitions_sent,
)
from tests.helpers.notices import notice_texts, told
from tests.helpers.sandbox import make_sandbox
from tests.helpers.screen import screen_text
from tests.helpers.studies import ACTIVE_STUDY, DRAFT_STUDY, VISION, open_detail
from tests.helpers.waits import wait_for


async def test_a_lost_pause_is_read_back_never_sent_twice() -> None:
    sandbox = make_sandbox()
    app = make_app(sandbox)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_detail(pilot, ACTIVE_STUDY)
        sandbox.faults.add(path_pattern=TRANSITION, method="POST", kind="drop")
        await pilot.press("p")
        await wait_for(pilot, lambda: told(app, "connection dropped"))
        assert "the study is now PAUSED" in notice_texts(app)[-1]
        assert transitions_sent(sandbox) == 1
        assert sandbox.world.studies[ACTIVE_STUDY].status == "PAUSED"
        assert screen.study is not None
        assert screen.study.status == "PAUSED"  # the re-read is shown
        assert not screen.busy


async def test_published_study_takes_the_forms_place() -> None:
    sandbox = make_sandbox()
    app = make_app(sandbox)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_launch(pilot)
        below = app.screen_stack[-2]
        await save_draft(pilot, screen)
        await pilot.press("ctrl+g")
        await confirm_by_typing(pilot, app, "PUBLISH")
        await wait_for(pilot, lambda: isinstance(app.screen, StudyDetailScreen))
        assert not any(isinstance(s, StudyLaunchScreen) for s in app.screen_stack)
        assert app.screen_stack[-2] is below  # Esc goes where the form came from


def reads_of(sandbox: Sandbox, study_id: str) -> int:
    return sum(1 for r in sandbox.request_log if r.path.rstrip("/").endswith(study_id))


async def test_submissions_open_by_message_and_back_reads_the_study_again() -> None:
    # A draft study: it is not polled, so only coming back can read it again.
    sandbox = make_sandbox()
    app = make_app(sandbox)
    async with app.run_test(size=(100, 30)) as pilot:
        await app.open_workspace(*VISION)
        screen = StudyDetailScreen(*VISION, DRAFT_STUDY)
        await app.push_screen(screen)
        await wait_for(pilot, lambda: screen.study is not None)
        await pilot.press("S")
        await wait_for(pilot, lambda: isinstance(app.screen, SubmissionsScreen))
        reads = reads_of(sandbox, DRAFT_STUDY)
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is screen)
        await wait_for(pilot, lambda: reads_of(sandbox, DRAFT_STUDY) > reads)
        assert "UNPUBLISHED" in screen_text(app)

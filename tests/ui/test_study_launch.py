"""Launching a batch as a study: totals, the draft, deliberate publishing, safe retries."""

from __future__ import annotations

from textual.widgets import Input

from atb_tui.sandbox import Sandbox
from atb_tui.screens.confirm_dialogs import ChoiceScreen, ConfirmSpendScreen
from atb_tui.screens.study_detail import StudyDetailScreen
from tests.helpers.app import make_app
from tests.helpers.launch import (
    TRANSITION,
    confirm_by_typing,
    launch_form,
    open_launch,
    set_field,
    studies_of,
    transitions_sent,
)
from tests.helpers.notices import told
from tests.helpers.screen import screen_text
from tests.helpers.waits import wait_for


async def test_form_totals_for_a_known_batch(sandbox: Sandbox) -> None:
    async with launch_form(sandbox) as (app, pilot, _):
        text = screen_text(app)
        assert "Places          15" in text
        assert "Cost (estimate) £31.49" in text  # £22.50 rewards + estimated fees and VAT
        assert "Reward/hour     £9.00" in text
        assert "£507.44 available" in text
        await set_field(pilot, "annotators", "3")
        await set_field(pilot, "reward", "0.50")
        text = screen_text(app)
        assert "Places          45" in text
        assert "Low hourly rate" in text
        await set_field(pilot, "reward", "40")
        assert "The balance does not cover this" in screen_text(app)
        await set_field(pilot, "reward", "1.5.0")
        assert "not an amount" in screen_text(app)
        assert studies_of(sandbox) == []  # typing never creates anything


async def test_create_publish_pause_resume_stop(sandbox: Sandbox) -> None:
    async with launch_form(sandbox) as (app, pilot, screen):
        await pilot.press("ctrl+g")  # no draft yet: nothing happens but a hint
        assert studies_of(sandbox) == []
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: screen.study is not None and screen.api_cost is not None)
        [study_id] = studies_of(sandbox)
        assert sandbox.world.studies[study_id].status == "UNPUBLISHED"
        await pilot.pause()
        assert "UNPUBLISHED" in screen_text(app)
        assert "Cost            £31.50" in screen_text(app)
        await pilot.press("ctrl+g")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmSpendScreen))
        assert "£31.50" in screen_text(app)
        await pilot.press(*"31", "enter")  # not the amount
        assert sandbox.world.studies[study_id].status == "UNPUBLISHED"
        app.screen.query_one(Input).value = ""
        await confirm_by_typing(pilot, app, "31.50")
        await wait_for(pilot, lambda: isinstance(app.screen, StudyDetailScreen))
        detail = app.screen
        assert isinstance(detail, StudyDetailScreen)
        assert sandbox.world.studies[study_id].status == "ACTIVE"
        await wait_for(pilot, lambda: "ACTIVE" in screen_text(app))
        await pilot.press("p")
        await wait_for(pilot, lambda: sandbox.world.studies[study_id].status == "PAUSED")
        await wait_for(pilot, lambda: "PAUSED" in screen_text(app))
        await pilot.press("s")
        await wait_for(pilot, lambda: sandbox.world.studies[study_id].status == "ACTIVE")
        await wait_for(pilot, lambda: detail.study is not None and detail.study.status == "ACTIVE")
        await pilot.press("x")
        await confirm_by_typing(pilot, app, "STOP")
        await wait_for(pilot, lambda: sandbox.world.studies[study_id].status == "COMPLETED")
        assert transitions_sent(sandbox) == 4


async def test_lost_publish_answer_is_checked_and_never_repeated(sandbox: Sandbox) -> None:
    async with launch_form(sandbox) as (app, pilot, screen):
        sandbox.faults.add(path_pattern="/api/v1/studies", method="POST", kind="drop")
        await pilot.press("ctrl+s")  # created, but the answer is lost
        await wait_for(pilot, lambda: screen.study is not None)
        await pilot.press("ctrl+s")  # a retry updates the same draft
        await wait_for(pilot, lambda: not screen.busy and screen.saved_values is not None)
        assert len(studies_of(sandbox)) == 1
        sandbox.faults.add(path_pattern=TRANSITION, method="POST", kind="drop")
        await pilot.press("ctrl+g")
        await confirm_by_typing(pilot, app, "PUBLISH")
        await wait_for(pilot, lambda: isinstance(app.screen, StudyDetailScreen))
        [study_id] = studies_of(sandbox)
        assert sandbox.world.studies[study_id].status == "ACTIVE"
        assert transitions_sent(sandbox) == 1
        await pilot.press("ctrl+g")  # publish is not offered on an ACTIVE study
        await pilot.pause()
        assert transitions_sent(sandbox) == 1
        assert not isinstance(app.screen, ConfirmSpendScreen)


async def test_publish_dropped_before_it_happened_can_be_retried_once(sandbox: Sandbox) -> None:
    async with launch_form(sandbox) as (app, pilot, screen):
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: screen.study is not None)
        sandbox.faults.add(path_pattern=TRANSITION, method="POST", status=503, times=None)
        await pilot.press("ctrl+g")
        await confirm_by_typing(pilot, app, "PUBLISH")
        await wait_for(pilot, lambda: told(app, "Service Unavailable"))
        [study_id] = studies_of(sandbox)
        assert sandbox.world.studies[study_id].status == "UNPUBLISHED"
        sandbox.faults.clear()
        await pilot.press("ctrl+g")  # re-reads the study first, then asks again
        await confirm_by_typing(pilot, app, "PUBLISH")
        await wait_for(pilot, lambda: sandbox.world.studies[study_id].status == "ACTIVE")
        assert studies_of(sandbox) == [study_id]


async def test_the_form_is_kept_after_a_crash(sandbox: Sandbox) -> None:
    first = make_app(sandbox)
    async with first.run_test(size=(100, 30)) as pilot:
        await open_launch(pilot)
        await set_field(pilot, "reward", "2.25")
        await set_field(pilot, "annotators", "2")
    second = make_app(sandbox)
    async with second.run_test(size=(100, 30)) as pilot:
        screen = await open_launch(pilot)
        assert screen.plan.reward == 225
        assert screen.plan.annotators == 2
        assert second.screen.query_one("#study-reward", Input).value == "2.25"
        assert "Places          30" in screen_text(second)
    assert studies_of(sandbox) == []


async def test_q_with_launch_form_edits_asks_and_the_draft_stays_on_disk(sandbox: Sandbox) -> None:
    async with launch_form(sandbox) as (app, pilot, screen):
        assert screen.unsaved_changes() is None  # just opened: q quits at once
        await set_field(pilot, "annotators", "3")
        screen.set_focus(None)  # a letter typed into a field is text, not a command
        await pilot.press("q")
        await wait_for(pilot, lambda: isinstance(app.screen, ChoiceScreen))
        assert app.is_running
        assert "draft is kept" in screen_text(app)
        draft = screen.atb.drafts.load(screen.draft_key)
        assert draft is not None
        assert draft.data["values"]["annotators"] == "3"
        await pilot.press("enter")  # the first answer: stay
        await wait_for(pilot, lambda: app.screen is screen)
        assert app.is_running

"""Reviewing submissions from the app: approve (one, bulk), reject, cancel, faults, read-only.

Every assertion that matters is on the sandbox: its submissions' statuses and its request log.
"""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import Button, Select, TextArea

from atb_tui.app import AtbApp
from atb_tui.sandbox import Sandbox
from atb_tui.screens.confirm_dialogs import ConfirmSpendScreen
from atb_tui.screens.reject_form import RejectFormScreen
from atb_tui.screens.responses import ResponsesScreen
from atb_tui.screens.review_dialogs import ReviewResultScreen
from atb_tui.screens.study_detail import StudyDetailScreen
from atb_tui.screens.submissions import SubmissionsScreen
from atb_tui.widgets.data_view import DataView
from tests.helpers.app import clocked_app, read_only_app
from tests.helpers.monitor import open_monitor
from tests.helpers.responses import loaded
from tests.helpers.review import PILOT_REASON, open_review, posts, reopen_pilot, succeeded_posts
from tests.helpers.sandbox import item_named
from tests.helpers.screen import screen_text
from tests.helpers.waits import wait_for


class ClockSleep:
    """The flow's wait between status reads moves the sandbox clock instead of waiting."""

    def __init__(self, sandbox: Sandbox) -> None:
        self.sandbox = sandbox

    async def __call__(self, seconds: float) -> None:
        self.sandbox.advance(seconds)


def review_posts(sandbox: Sandbox) -> list[str]:
    return posts(sandbox, "/api/v1/submissions/")


def status(sandbox: Sandbox, submission_id: str) -> str:
    return sandbox.world.submissions[submission_id].status


async def _dialog(pilot: Pilot[None], kind: type) -> None:
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, kind))
    await pilot.pause()


async def _fill_rejection(pilot: Pilot[None], category: str | None, message: str) -> None:
    form = pilot.app.screen
    assert isinstance(form, RejectFormScreen)
    if category is not None:
        form.query_one(Select).value = category
    form.query_one(TextArea).load_text(message)
    await pilot.pause()


async def test_approve_one_asks_for_the_amount_then_sends_one_transition(
    sandbox: Sandbox,
) -> None:
    reopen_pilot(sandbox)
    async with clocked_app(sandbox).run_test(size=(120, 35)) as pilot:
        screen = await open_review(pilot)
        first = screen.shown[0].id
        await pilot.press("a")
        await _dialog(pilot, ConfirmSpendScreen)
        text = screen_text(pilot.app)
        assert "Approve 1 submission?" in text
        assert "Rewards £1.50" in text
        await pilot.press("enter")  # Enter alone confirms nothing
        await pilot.press(*"yes", "enter")
        assert review_posts(sandbox) == []
        await pilot.press(*("backspace",) * 3, *"APPROVE", "enter")
        await wait_for(pilot, lambda: status(sandbox, first) == "APPROVED")
        assert review_posts(sandbox) == [f"/api/v1/submissions/{first}/transition/"]
        await wait_for(pilot, lambda: screen.shown[0].submission.status == "APPROVED")


async def test_bulk_approve_of_the_suggestion_states_count_and_money(sandbox: Sandbox) -> None:
    study_id = reopen_pilot(sandbox)
    async with clocked_app(sandbox).run_test(size=(120, 35)) as pilot:
        screen = await open_review(pilot)
        screen.poll_sleep = ClockSleep(sandbox)
        await pilot.press("n")
        await wait_for(pilot, lambda: bool(screen.selected))
        chosen = set(screen.selected)
        flagged = {line.id for line in screen.lines if line.flags not in ("", "none")}
        assert flagged
        assert not chosen & flagged, "the suggestion leaves the flagged out"
        assert review_posts(sandbox) == [], "a suggestion sends nothing"
        await pilot.press("a")
        await _dialog(pilot, ConfirmSpendScreen)
        dialog = pilot.app.screen
        assert isinstance(dialog, ConfirmSpendScreen)
        assert f"Approve {len(chosen)} submissions?" in screen_text(pilot.app)
        rewards = f"£{len(chosen) * 1.5:.2f}"
        assert f"Rewards {rewards}" in screen_text(pilot.app)
        total = dialog.accepted[0]  # '£50.40': what the dialog asks to type
        assert f"Total: {total} for {len(chosen)} submissions" in screen_text(pilot.app)
        await pilot.press(*total, "enter")
        await wait_for(pilot, lambda: all(status(sandbox, i) == "APPROVED" for i in chosen))
        assert posts(sandbox, "/bulk-approve") == ["/api/v1/submissions/bulk-approve/"]
        assert all(status(sandbox, i) == "AWAITING REVIEW" for i in flagged)
        await wait_for(pilot, lambda: not screen.selected and not screen.busy)
        assert sandbox.world.studies[study_id].status == "AWAITING REVIEW"


async def test_cancelling_approve_or_reject_sends_nothing(sandbox: Sandbox) -> None:
    reopen_pilot(sandbox)
    async with clocked_app(sandbox).run_test(size=(120, 35)) as pilot:
        screen = await open_review(pilot)
        await pilot.press("n", "a")
        await _dialog(pilot, ConfirmSpendScreen)
        await pilot.press("escape")
        await wait_for(pilot, lambda: pilot.app.screen is screen and not screen.busy)
        await pilot.press("x")
        await _dialog(pilot, RejectFormScreen)
        await _fill_rejection(pilot, "LOW_EFFORT", PILOT_REASON)
        await pilot.press("escape")
        await wait_for(pilot, lambda: pilot.app.screen is screen and not screen.busy)
        assert review_posts(sandbox) == []
        assert all(s.status == "AWAITING REVIEW" for s in sandbox.world.submissions.values()
                   if s.study_id == screen.study_id)  # fmt: skip


async def test_reject_form_refuses_a_missing_category_and_a_short_message(
    sandbox: Sandbox,
) -> None:
    reopen_pilot(sandbox)
    async with clocked_app(sandbox).run_test(size=(120, 35)) as pilot:
        screen = await open_review(pilot)
        first = screen.shown[0].id
        await pilot.press("x")
        await _dialog(pilot, RejectFormScreen)
        form = pilot.app.screen
        assert "not paid" in screen_text(pilot.app)
        assert "place is freed" in screen_text(pilot.app)
        await _fill_rejection(pilot, None, PILOT_REASON)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Choose a rejection category." in screen_text(pilot.app)
        assert pilot.app.screen is form
        await _fill_rejection(pilot, "LOW_EFFORT", "Too short.")
        assert "10 / 100 characters · 90 more needed" in screen_text(pilot.app)
        assert form.query_one("#reject-go", Button).disabled
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "at least 100 characters" in screen_text(pilot.app)
        assert review_posts(sandbox) == [], "nothing invalid leaves the machine"
        await _fill_rejection(pilot, "LOW_EFFORT", PILOT_REASON)
        assert not form.query_one("#reject-go", Button).disabled
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: status(sandbox, first) == "REJECTED")
        assert review_posts(sandbox) == [f"/api/v1/submissions/{first}/transition/"]


async def test_reject_many_stops_at_a_fault_reports_and_a_rerun_finishes_once(
    sandbox: Sandbox,
) -> None:
    reopen_pilot(sandbox)
    async with clocked_app(sandbox).run_test(size=(120, 35)) as pilot:
        screen = await open_review(pilot)
        ids = [line.id for line in screen.shown[:3]]
        await pilot.press("space", "space", "space")
        await wait_for(pilot, lambda: screen.selected == set(ids))
        sandbox.faults.add(f"/api/v1/submissions/{ids[1]}/transition", "POST", status=503)
        await pilot.press("x")
        await _dialog(pilot, RejectFormScreen)
        await _fill_rejection(pilot, "FAILED_INSTRUCTIONS", PILOT_REASON)
        await pilot.press("ctrl+s")
        await _dialog(pilot, ConfirmSpendScreen)
        assert "Reject 3 submissions?" in screen_text(pilot.app)
        await pilot.press(*"REJECT", "enter")
        await _dialog(pilot, ReviewResultScreen)
        text = screen_text(pilot.app)
        assert "Rejected: 1" in text
        assert "Not done: 2" in text
        assert "not sent (stopped after an error)" in text
        assert [status(sandbox, i) for i in ids] == ["REJECTED", *["AWAITING REVIEW"] * 2]
        await pilot.press("enter")
        await wait_for(pilot, lambda: not screen.busy and screen.selected == set(ids[1:]))
        await pilot.press("x")
        await _dialog(pilot, RejectFormScreen)
        await _fill_rejection(pilot, "FAILED_INSTRUCTIONS", PILOT_REASON)
        await pilot.press("ctrl+s")
        await _dialog(pilot, ConfirmSpendScreen)
        await pilot.press(*"REJECT", "enter")
        await wait_for(pilot, lambda: all(status(sandbox, i) == "REJECTED" for i in ids))
        for submission_id in ids:
            assert len(succeeded_posts(sandbox, f"{submission_id}/transition")) == 1


async def test_read_only_profile_shows_no_review_action_and_sends_nothing(
    sandbox: Sandbox,
) -> None:
    reopen_pilot(sandbox)
    app = read_only_app(sandbox)
    async with app.run_test(size=(120, 35)) as pilot:
        screen = await open_review(pilot)
        text = screen_text(app)
        footer = text.splitlines()[-1]
        for hidden in ("Approve", "Reject", "Select", "Not flagged"):
            assert hidden not in footer
        assert "Read-only profile" in text
        assert "✓" not in text, "no selection column"
        await pilot.press("space", "n", "a", "x")
        await pilot.pause()
        assert app.screen is screen
        assert not screen.selected
        assert [r.path for r in sandbox.request_log if r.method != "GET"] == []


async def test_entry_points_and_enter_opens_the_participants_responses(sandbox: Sandbox) -> None:
    study_id = reopen_pilot(sandbox)
    app = clocked_app(sandbox)
    async with app.run_test(size=(120, 35)) as pilot:
        screen = await open_review(pilot)
        participant = screen.shown[0].submission.participant_id
        await pilot.press("enter")
        await wait_for(pilot, loaded(app))
        viewer = app.screen
        assert isinstance(viewer, ResponsesScreen)
        await wait_for(pilot, lambda: viewer.state is not None and bool(viewer.state.query_text))
        assert viewer.state is not None
        assert viewer.state.query_text == f"participant:{participant}"
        assert {viewer.state.store.participant[i] for i in viewer.state.indices} == {participant}
        await pilot.press("S")  # the viewer's way back to the review of its batch's study
        await wait_for(pilot, lambda: _reviewing(app, study_id))
        await app.open_item("study", study_id)
        await wait_for(pilot, lambda: isinstance(app.screen, StudyDetailScreen))
        await wait_for(pilot, lambda: app.screen.study is not None)  # type: ignore[attr-defined]
        await pilot.press("S")
        await wait_for(pilot, lambda: _reviewing(app, study_id))


async def test_colon_submissions_and_the_monitor_open_the_review(sandbox: Sandbox) -> None:
    live = item_named(sandbox.world.studies, "Movie review sentiment")
    app = clocked_app(sandbox)
    async with app.run_test(size=(120, 35)) as pilot:
        monitor = await open_monitor(pilot)
        table = monitor.query_one(DataView)
        for _ in range(len(table.rows)):
            if table.cursor_key == live:
                break
            await pilot.press("down")
        assert table.cursor_key == live
        await pilot.press("S")
        await wait_for(pilot, lambda: _reviewing(app, live))
        await pilot.press("colon", *f"submissions {live}", "enter")
        await wait_for(pilot, lambda: _reviewing(app, live) and len(app.screen_stack) > 5)


def _reviewing(app: AtbApp, study_id: str) -> bool:
    screen = app.screen
    return isinstance(screen, SubmissionsScreen) and screen.study_id == study_id


async def test_bulk_approve_fault_reports_not_done_and_the_rerun_sends_each_once(
    sandbox: Sandbox,
) -> None:
    reopen_pilot(sandbox)
    async with clocked_app(sandbox).run_test(size=(120, 35)) as pilot:
        screen = await open_review(pilot)
        screen.poll_sleep = ClockSleep(sandbox)
        ids = [line.id for line in screen.shown[:4]]
        await pilot.press(*["space"] * 4)
        await wait_for(pilot, lambda: screen.selected == set(ids))
        sandbox.faults.add("/api/v1/submissions/bulk-approve", "POST", status=502)
        for attempt in range(2):
            await pilot.press("a")
            await _dialog(pilot, ConfirmSpendScreen)
            await pilot.press(*"APPROVE", "enter")
            if attempt == 0:
                await _dialog(pilot, ReviewResultScreen)
                text = screen_text(pilot.app)
                assert "Approved: 0" in text
                assert "Not done: 4" in text
                assert "outcome unknown" in text
                assert "Running it again is safe" in text
                await pilot.press("enter")
                await wait_for(pilot, lambda: not screen.busy and screen.selected == set(ids))
        await wait_for(pilot, lambda: all(status(sandbox, i) == "APPROVED" for i in ids))
        assert len(succeeded_posts(sandbox, "/bulk-approve")) == 1

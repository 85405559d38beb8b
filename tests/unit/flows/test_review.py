"""The review flow against the sandbox: approve, bulk-approve in chunks, reject, re-runs."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from atb_tui.api import ProlificClient
from atb_tui.api.errors import InvalidRejectionError
from atb_tui.flows import review
from atb_tui.flows.review import Rejection
from atb_tui.sandbox import Sandbox
from tests.helpers.review import REASON, REWARD, awaiting_study, posts, succeeded_posts
from tests.helpers.sandbox import FakeSleep


async def _ids(client: ProlificClient, study_id: str) -> list[str]:
    return [s.id for s in await client.studies.submissions(study_id)]


async def test_approve_one(sandbox: Sandbox, client: ProlificClient) -> None:
    study_id = awaiting_study(sandbox, 3)
    first = (await _ids(client, study_id))[0]
    result = await review.approve(client, [first], sleep=FakeSleep(sandbox))
    assert result.done == [first]
    assert (result.not_done, result.skipped) == ([], [])
    assert sandbox.world.submissions[first].status == "APPROVED"
    assert sandbox.world.studies[study_id].status == "AWAITING REVIEW", "two still to review"
    assert posts(sandbox, "/bulk-approve") == [], "one submission: its own transition"
    assert posts(sandbox, "/transition") == [f"/api/v1/submissions/{first}/transition/"]


async def test_a_refused_approval_is_reported_as_refused(
    sandbox: Sandbox, client: ProlificClient
) -> None:
    study_id = awaiting_study(sandbox, 2)
    first = (await _ids(client, study_id))[0]
    sandbox.faults.add(f"/api/v1/submissions/{first}/transition", "POST", status=400)
    result = await review.approve(client, [first], sleep=FakeSleep(sandbox))
    assert result.done == []
    assert [o.submission_id for o in result.not_done] == [first]
    assert result.not_done[0].reason.startswith("refused: ")
    assert sandbox.world.submissions[first].status == "AWAITING REVIEW"


async def test_bulk_approve_1500_sends_two_requests_and_completes_the_study(
    sandbox: Sandbox, client: ProlificClient
) -> None:
    study_id = awaiting_study(sandbox, 1500)
    ids = await _ids(client, study_id)
    progress: list[tuple[int, int]] = []
    sleep = FakeSleep(sandbox)
    result = await review.approve(
        client, ids, lambda d, t: progress.append((d, t)), study_id=study_id, sleep=sleep
    )
    assert len(posts(sandbox, "/bulk-approve")) == 2
    assert sorted(result.done) == sorted(ids)
    assert result.complete
    assert sleep.calls >= 1, "approvals land after the 200: the flow had to follow them"
    assert progress[-1] == (1500, 1500)
    assert sandbox.world.studies[study_id].status == "COMPLETED"
    again = await review.approve(client, ids, study_id=study_id, sleep=sleep)
    assert len(posts(sandbox, "/bulk-approve")) == 2, "nothing is sent twice"
    assert len(again.skipped) == 1500
    assert again.done == []


async def test_fault_mid_bulk_reports_progress_and_rerun_finishes(
    sandbox: Sandbox, client: ProlificClient
) -> None:
    study_id = awaiting_study(sandbox, 1500)
    ids = await _ids(client, study_id)
    sandbox.faults.add("/api/v1/submissions/bulk-approve", "POST", status=500, after=1)
    sleep = FakeSleep(sandbox)
    first = await review.approve(client, ids, study_id=study_id, sleep=sleep)
    assert len(first.done) == 1000
    assert len(first.not_done) == 500
    assert all("Injected fault" in o.reason or "outcome" in o.reason for o in first.not_done)
    assert not first.complete
    second = await review.approve(client, ids, study_id=study_id, sleep=sleep)
    assert len(second.skipped) == 1000
    assert sorted(second.done) == sorted(o.submission_id for o in first.not_done)
    assert len(succeeded_posts(sandbox, "/bulk-approve")) == 2, "each chunk accepted once"
    assert all(sandbox.world.submissions[i].status == "APPROVED" for i in ids)


async def test_reject_each_stops_on_first_error_and_rerun_sends_nothing_twice(
    sandbox: Sandbox, client: ProlificClient
) -> None:
    study_id = awaiting_study(sandbox, 4)
    ids = await _ids(client, study_id)
    items = [Rejection(i, "LOW_EFFORT", REASON) for i in ids[:3]]
    sandbox.faults.add(f"/api/v1/submissions/{ids[1]}/transition", "POST", status=503)
    first = await review.reject_each(client, items)
    assert first.done == [ids[0]]
    assert [o.submission_id for o in first.not_done] == ids[1:3]
    assert "not sent" in first.not_done[1].reason
    second = await review.reject_each(client, items, study_id=study_id)
    assert second.done == ids[1:3]
    assert [o.submission_id for o in second.skipped] == [ids[0]]
    for submission_id in ids[:3]:
        assert len(succeeded_posts(sandbox, f"{submission_id}/transition")) == 1
        assert sandbox.world.submissions[submission_id].status == "REJECTED"


@pytest.mark.parametrize(
    ("category", "message", "problem"),
    [
        ("LAZY", REASON, "not a rejection category"),
        ("", REASON, "Choose a rejection category"),
        ("LOW_EFFORT", "Too short.", "at least 100 characters"),
        ("LOW_EFFORT", " " * 120, "at least 100 characters"),
    ],
)
async def test_invalid_rejections_are_refused_before_sending(
    sandbox: Sandbox, client: ProlificClient, category: str, message: str, problem: str
) -> None:
    study_id = awaiting_study(sandbox, 2)
    ids = await _ids(client, study_id)
    items = [Rejection(ids[0], "LOW_EFFORT", REASON), Rejection(ids[1], category, message)]
    with pytest.raises(InvalidRejectionError, match=problem):
        await review.reject_each(client, items)
    with pytest.raises(InvalidRejectionError, match=problem):
        await client.submissions.reject(ids[1], category, message)
    assert posts(sandbox, "/transition") == [], "nothing was sent"


async def test_plan_and_money_and_response_counts(sandbox: Sandbox, client: ProlificClient) -> None:
    study_id = awaiting_study(sandbox, 5)
    study = await client.studies.get(study_id)
    rows = await review.load_submissions(client, study)
    assert len(rows) == 5
    assert sum(r.responses for r in rows) == 40
    flagged = rows[0].submission.participant_id
    plan = review.plan_approve_unflagged(
        rows, {flagged: "agrees with the majority 20% of the time"}
    )
    assert len(plan.approve) == 4
    assert [o.reason for o in plan.flagged] == ["agrees with the majority 20% of the time"]
    assert posts(sandbox, "/transition") == [], "a plan is only a suggestion"
    cost = await review.approval_cost(client, study, [r.submission for r in rows[1:]])
    assert cost.rewards == 4 * REWARD
    assert cost.total_cost > cost.rewards, "fees come from Prolific's calculator"


def test_days_left_before_auto_approve() -> None:
    done = datetime(2026, 11, 1, 12, tzinfo=UTC)
    assert review.days_left_before_auto_approve(done, done) == 21
    assert review.days_left_before_auto_approve(done, done + timedelta(days=20, hours=1)) == 1
    assert review.days_left_before_auto_approve(done, done + timedelta(days=30)) == 0
    assert review.days_left_before_auto_approve(None, done) is None


async def test_request_log_has_method_path_status_time_and_no_token(
    sandbox: Sandbox, client: ProlificClient
) -> None:
    study_id = awaiting_study(sandbox, 2)
    await review.approve(client, await _ids(client, study_id), sleep=FakeSleep(sandbox))
    entry = next(r for r in sandbox.request_log if r.path.endswith("/bulk-approve/"))
    assert (entry.method, entry.status) == ("POST", 200)
    assert entry.at == sandbox.clock.now() - timedelta(seconds=2), "before the one poll's wait"
    assert sandbox.token not in repr(sandbox.request_log)


async def test_unknown_ids_are_reported_not_sent(sandbox: Sandbox, client: ProlificClient) -> None:
    result = await review.approve(client, ["0" * 24], sleep=FakeSleep(sandbox))
    assert result.not_done == [review.Outcome("0" * 24, "not found in this study")]
    assert posts(sandbox, "/bulk-approve") == []

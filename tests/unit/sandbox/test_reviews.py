"""Sandbox submission review: the state machine, validation envelopes, async bulk approval."""

from __future__ import annotations

import httpx
import pytest

from atb_tui.sandbox import Sandbox
from tests.helpers.review import REASON, awaiting_study

SUBS = "/api/v1/submissions"


def _awaiting(sandbox: Sandbox, study_id: str) -> list[str]:
    world = sandbox.world
    return [
        s.id
        for s in world.submissions.values()
        if s.study_id == study_id and s.status == "AWAITING REVIEW"
    ]


@pytest.mark.parametrize(
    ("body", "field", "text"),
    [
        ({"action": "REJECT", "message": REASON}, "rejection_category", "required"),
        (
            {"action": "REJECT", "rejection_category": "LAZY", "message": REASON},
            "rejection_category",
            "not a valid choice",
        ),
        (
            {"action": "REJECT", "rejection_category": "LOW_EFFORT", "message": "short"},
            "message",
            "at least 100 characters",
        ),
        ({"action": "REJECT", "rejection_category": "OTHER"}, "message", "required"),
        ({"action": "DANCE"}, "action", "not supported"),
    ],
)
async def test_bad_rejections_get_the_classic_400(
    sandbox: Sandbox, api: httpx.AsyncClient, body: dict[str, str], field: str, text: str
) -> None:
    study_id = awaiting_study(sandbox, 2)
    target = _awaiting(sandbox, study_id)[0]
    answer = await api.post(f"{SUBS}/{target}/transition/", json=body)
    assert answer.status_code == 400
    error = answer.json()["error"]
    assert error["status"] == 400
    assert text in error["detail"][field][0]
    assert sandbox.world.submissions[target].status == "AWAITING REVIEW"


async def test_states_repeat_and_wrong_state(sandbox: Sandbox, api: httpx.AsyncClient) -> None:
    study_id = awaiting_study(sandbox, 2)
    first, second = _awaiting(sandbox, study_id)
    ok = await api.post(f"{SUBS}/{first}/transition/", json={"action": "APPROVE"})
    assert ok.json()["status"] == "APPROVED"
    again = await api.post(f"{SUBS}/{first}/transition/", json={"action": "APPROVE"})
    assert again.status_code == 400, "the sandbox refuses repeats (see reviews.py)"
    wrong = await api.post(
        f"{SUBS}/{first}/transition/",
        json={"action": "REJECT", "rejection_category": "OTHER", "message": REASON},
    )
    assert wrong.status_code == 400
    assert "APPROVED" in wrong.json()["error"]["detail"]
    assert sandbox.world.studies[study_id].status == "AWAITING REVIEW"
    await api.post(f"{SUBS}/{second}/transition/", json={"action": "APPROVE"})
    assert sandbox.world.studies[study_id].status == "COMPLETED"


async def test_rejecting_frees_the_place(sandbox: Sandbox, api: httpx.AsyncClient) -> None:
    study_id = awaiting_study(sandbox, 3)
    target = _awaiting(sandbox, study_id)[0]
    body = {"action": "REJECT", "rejection_category": "LOW_EFFORT", "message": REASON}
    answer = await api.post(f"{SUBS}/{target}/transition", json=body)
    assert answer.json()["status"] == "REJECTED"
    study = sandbox.world.studies[study_id]
    assert study.status == "ACTIVE", "the freed place is offered again"
    assert study.arrival_pending


async def test_bulk_approve_is_asynchronous(sandbox: Sandbox, api: httpx.AsyncClient) -> None:
    study_id = awaiting_study(sandbox, 3)
    ids = _awaiting(sandbox, study_id)
    answer = await api.post(f"{SUBS}/bulk-approve/", json={"submission_ids": ids})
    assert answer.status_code == 200
    assert isinstance(answer.json(), str)
    assert {sandbox.world.submissions[i].status for i in ids} == {"AWAITING REVIEW"}
    sandbox.advance(5)
    assert {sandbox.world.submissions[i].status for i in ids} == {"APPROVED"}
    assert sandbox.world.studies[study_id].status == "COMPLETED"


async def test_bulk_approve_by_participants(sandbox: Sandbox, api: httpx.AsyncClient) -> None:
    study_id = awaiting_study(sandbox, 3)
    target = sandbox.world.submissions[_awaiting(sandbox, study_id)[0]]
    body = {"study_id": study_id, "participant_ids": [target.participant_id]}
    assert (await api.post(f"{SUBS}/bulk-approve", json=body)).status_code == 200
    sandbox.advance(5)
    assert target.status == "APPROVED"
    assert len(_awaiting(sandbox, study_id)) == 2


@pytest.mark.parametrize(
    ("body", "text"),
    [
        ({"submission_ids": [f"id{n}" for n in range(1001)]}, "At most 1000"),
        ({"submission_ids": ["nope"]}, "Unknown submissions"),
        ({"submission_ids": []}, "may not be empty"),
        ({}, "Send submission_ids"),
    ],
)
async def test_bulk_approve_refusals(
    sandbox: Sandbox, api: httpx.AsyncClient, body: dict[str, object], text: str
) -> None:
    answer = await api.post(f"{SUBS}/bulk-approve/", json=body)
    assert answer.status_code == 400
    assert text in str(answer.json()["error"]["detail"])

"""Client side of review and export jobs: validation before sending, no blind retries,
the older 200 "complete" export answer, filters on the query string."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
import pytest

from atb_tui.api import ConflictError, OutcomeUnknownError, ProlificClient, ServerError
from atb_tui.api.errors import InvalidRejectionError
from atb_tui.api.models.submissions import RejectionCategory, rejection_problems
from tests.helpers.fake_api import FakeAPI

SUB = "/api/v1/submissions/s1/transition/"
EXPORT = "/api/v1/data-collection/batches/b1/export"
LONG = "x" * 100


def test_rejection_problems_are_worded_for_a_form() -> None:
    assert rejection_problems("LOW_EFFORT", LONG) == []
    assert len(RejectionCategory) == 12
    assert rejection_problems(None, "") == [
        "Choose a rejection category.",
        "The message to the participant needs at least 100 characters (0 so far).",
    ]
    assert "not a rejection category" in rejection_problems("low_effort", LONG)[0]


async def test_reject_checks_before_sending(client: ProlificClient, api: FakeAPI) -> None:
    with pytest.raises(InvalidRejectionError, match="99 so far"):
        await client.submissions.reject("s1", "OTHER", "x" * 99)
    with pytest.raises(ValueError, match="use reject"):
        await client.submissions.transition("s1", "REJECT")
    assert api.seen == []


async def test_bulk_approve_limit_is_checked_before_sending(
    client: ProlificClient, api: FakeAPI
) -> None:
    with pytest.raises(ValueError, match="at most 1000"):
        await client.submissions.bulk_approve([f"s{n}" for n in range(1001)])
    with pytest.raises(ValueError, match="at least one"):
        await client.submissions.bulk_approve([])
    assert api.seen == []


async def test_a_lost_transition_answer_is_not_retried(
    client: ProlificClient, api: FakeAPI
) -> None:
    api.on("POST", SUB, httpx.ReadError("connection reset"))
    with pytest.raises(OutcomeUnknownError):
        await client.submissions.transition("s1", "APPROVE")
    assert len(api.calls("POST", SUB)) == 1


async def test_a_5xx_bulk_approve_is_not_retried(client: ProlificClient, api: FakeAPI) -> None:
    path = "/api/v1/submissions/bulk-approve/"
    api.json("POST", path, {"error": {"detail": "boom"}}, status=503)
    with pytest.raises(ServerError):
        await client.submissions.bulk_approve(["s1"])
    assert len(api.calls("POST", path)) == 1


async def test_older_complete_answer_and_filters(client: ProlificClient, api: FakeAPI) -> None:
    old = {
        "status": "complete",
        "url": "https://s3.example/e.zip",
        "expires_at": "2026-12-01T00:00:00Z",
    }
    api.json("POST", EXPORT, old)
    job = await client.batches.request_export(
        "b1",
        study_id="st1",
        from_=datetime(2026, 11, 1, tzinfo=UTC),
        to=datetime(2026, 11, 2, tzinfo=UTC),
    )
    assert job.is_complete
    assert job.export_id is None
    assert api.seen[0].params == {
        "study_id": "st1",
        "from": "2026-11-01T00:00:00Z",
        "to": "2026-11-02T00:00:00Z",
    }
    with pytest.raises(ValueError, match="timezone-aware"):
        await client.batches.request_export("b1", from_=datetime(2026, 11, 1))
    with pytest.raises(ValueError, match="ends before it starts"):
        await client.batches.request_export(
            "b1", from_=datetime(2026, 11, 2, tzinfo=UTC), to=datetime(2026, 11, 1, tzinfo=UTC)
        )
    assert len(api.seen) == 1


async def test_delete_while_generating_says_why(client: ProlificClient, api: FakeAPI) -> None:
    api.json("DELETE", EXPORT + "/e1", {"message": "Conflict", "detail": "generating"}, status=409)
    with pytest.raises(ConflictError, match="still being generated"):
        await client.batches.delete_export("b1", "e1")


def test_submission_state_reads_either_participant_key() -> None:
    from atb_tui.api.models.submissions import SubmissionState

    short = SubmissionState.model_validate({"id": "s", "status": "APPROVED", "participant_id": "p"})
    detail = SubmissionState.model_validate({"id": "s", "status": "APPROVED", "participant": "p"})
    assert short.participant_ref == detail.participant_ref == "p"

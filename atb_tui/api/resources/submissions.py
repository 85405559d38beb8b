"""Submissions: read one, approve, reject, bulk-approve (reference addendum §11.2).

Transitions are POSTs that change money and people's records: they are never retried
blindly. A lost answer raises ``OutcomeUnknownError``; re-read the statuses (the review
flow does) before sending anything again.
"""

from __future__ import annotations

from collections.abc import Sequence

from atb_tui.api.models.submissions import (
    BULK_APPROVE_LIMIT,
    SubmissionAction,
    SubmissionState,
    checked_rejection,
)
from atb_tui.api.resources._base import Resource, nonempty, parse_as, seg

SUBMISSIONS = "/api/v1/submissions/"


class Submissions(Resource):
    """``/api/v1/submissions/``"""

    @staticmethod
    def _path(submission_id: str, *rest: str) -> str:
        return "/".join([SUBMISSIONS.rstrip("/"), seg(submission_id, "submission_id"), *rest, ""])

    async def get(self, submission_id: str) -> SubmissionState:
        """One submission (its current status)."""
        response = await self._requester.request("GET", self._path(submission_id))
        return parse_as(response, SubmissionState)

    async def transition(
        self, submission_id: str, action: SubmissionAction | str
    ) -> SubmissionState:
        """APPROVE a submission (pays the participant). For REJECT use :meth:`reject`."""
        chosen = SubmissionAction(action)
        if chosen is SubmissionAction.REJECT:
            raise ValueError("use reject(submission_id, category, message) to reject")
        return await self._send(submission_id, {"action": chosen.value})

    async def reject(self, submission_id: str, category: str, message: str) -> SubmissionState:
        """REJECT with a category and a message of at least 100 characters (checked here)."""
        checked_category, checked_message = checked_rejection(category, message)
        body = {
            "action": SubmissionAction.REJECT.value,
            "rejection_category": checked_category.value,
            "message": checked_message,
        }
        return await self._send(submission_id, body)

    async def _send(self, submission_id: str, body: dict[str, str]) -> SubmissionState:
        path = self._path(submission_id, "transition")
        response = await self._requester.request("POST", path, json_body=body)
        return parse_as(response, SubmissionState)

    async def bulk_approve(self, submission_ids: Sequence[str]) -> str:
        """Ask Prolific to approve up to 1,000 submissions; it works asynchronously, so the
        answer is only a message: follow the statuses to see the approvals land."""
        ids = [nonempty(i, "submission id") for i in submission_ids]
        if not ids:
            raise ValueError("bulk_approve needs at least one submission id")
        if len(ids) > BULK_APPROVE_LIMIT:
            raise ValueError(
                f"bulk_approve takes at most {BULK_APPROVE_LIMIT} ids per request "
                f"(got {len(ids)}); send them in chunks"
            )
        response = await self._requester.request(
            "POST", f"{SUBMISSIONS}bulk-approve/", json_body={"submission_ids": ids}
        )
        return parse_as(response, str)

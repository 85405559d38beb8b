"""Studies: create, publish and control, cost, submissions."""

from __future__ import annotations

import builtins
from collections.abc import AsyncIterator, Mapping
from datetime import UTC, datetime
from typing import Any

from atb_tui.api._pagination import fetch_all, iter_pages
from atb_tui.api.models._base import MinorUnits, ResponseModel
from atb_tui.api.models.common import Page
from atb_tui.api.models.enums import StudyAction
from atb_tui.api.models.studies import Study, StudyCost, StudyCreate, StudyUpdate, Submission
from atb_tui.api.resources._base import Resource, parse_as, seg

STUDIES = "/api/v1/studies/"


class _CostCalculation(ResponseModel):
    total_cost: MinorUnits


def _utc_timestamp(moment: datetime) -> str:
    """ISO 8601 in UTC with ``Z``; a naive datetime is refused as ambiguous."""
    if moment.tzinfo is None:
        raise ValueError("publish_at must be timezone-aware (e.g. datetime.now(UTC))")
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


class Studies(Resource):
    """``/api/v1/studies/``"""

    @staticmethod
    def _path(study_id: str, *rest: str) -> str:
        return "/".join([STUDIES.rstrip("/"), seg(study_id, "study_id"), *rest, ""])

    async def create(self, study: StudyCreate) -> Study:
        """A draft (UNPUBLISHED) study; nothing is spent until it is published."""
        response = await self._requester.request("POST", STUDIES, json_body=study.to_payload())
        return parse_as(response, Study)

    async def get(self, study_id: str) -> Study:
        """One study."""
        return parse_as(await self._requester.request("GET", self._path(study_id)), Study)

    async def list(self, state: str | None = None) -> builtins.list[Study]:
        """Every study, optionally only those in ``state`` (a ``StudyStatus``)."""
        params = {"state": state} if state else None
        return await fetch_all(self._requester, STUDIES, Study, params=params)

    async def update(self, study_id: str, changes: StudyUpdate | Mapping[str, Any]) -> Study:
        """Change a study; a mapping is validated like ``StudyUpdate``."""
        update = (
            changes if isinstance(changes, StudyUpdate) else StudyUpdate.model_validate(changes)
        )
        response = await self._requester.request(
            "PATCH", self._path(study_id), json_body=update.to_payload()
        )
        return parse_as(response, Study)

    async def transition(
        self, study_id: str, action: StudyAction | str, publish_at: datetime | None = None
    ) -> Study:
        """Publish, schedule, pause, start or stop. PUBLISH spends money: confirm first.

        Never repeated blindly: a lost answer raises ``OutcomeUnknownError``; re-read the study.
        """
        body: dict[str, Any] = {"action": StudyAction(action).value}
        if publish_at is not None:
            body["publish_at"] = _utc_timestamp(publish_at)
        response = await self._requester.request(
            "POST", self._path(study_id, "transition"), json_body=body
        )
        return parse_as(response, Study)

    async def cost(self, study_id: str, *, projected: bool = False) -> StudyCost:
        """What the study costs now, or (``projected``) will cost when all places are filled."""
        params = {"is_projected": "true"} if projected else None
        response = await self._requester.request("GET", self._path(study_id, "cost"), params=params)
        return parse_as(response, StudyCost)

    async def calculate_cost(self, reward: int, total_available_places: int) -> int:
        """Cost in minor units, fees and VAT included, of ``reward`` x places (no study needed)."""
        body = {"reward": reward, "total_available_places": total_available_places}
        response = await self._requester.request(
            "POST", "/api/v1/study-cost-calculator/", json_body=body, safe=True
        )
        return parse_as(response, _CostCalculation).total_cost

    def iter_submissions(self, study_id: str) -> AsyncIterator[Page[Submission]]:
        """The study's submissions, page by page."""
        return iter_pages(self._requester, self._path(study_id, "submissions"), Submission)

    async def submissions(self, study_id: str) -> builtins.list[Submission]:
        """Every submission of the study, across pages."""
        return await fetch_all(self._requester, self._path(study_id, "submissions"), Submission)

    async def submission_counts(self, study_id: str) -> dict[str, int]:
        """Submissions per status (keys are ``SubmissionStatus`` values, plus ``TOTAL``)."""
        path = self._path(study_id, "submissions", "counts")
        response = await self._requester.request("GET", path)
        counts: dict[str, float | None] = parse_as(response, dict[str, float | None])
        return {status: round(count) for status, count in counts.items() if count is not None}

"""Submission review payloads: transition actions, rejection categories, bulk approval.

The limits are checked before sending (SPEC ``SubmissionTransition``; reference addendum
§11.2), so a rejection that Prolific would refuse never leaves the machine.
"""

from __future__ import annotations

from enum import StrEnum

from atb_tui.api.errors import InvalidRejectionError
from atb_tui.api.models._base import ResponseModel

MIN_REJECTION_MESSAGE = 100
BULK_APPROVE_LIMIT = 1000


class SubmissionState(ResponseModel):
    """One submission as ``GET /submissions/{id}/`` and the transition answer it.

    The SPEC's ``Submission``/``SubmissionDetail`` name the participant ``participant`` (the
    study list says ``participant_id``) and type the times as plain strings, so both are
    read leniently: the review flow needs the id and the status."""

    id: str
    status: str
    participant_id: str | None = None
    participant: str | None = None
    study_id: str | None = None
    started_at: str | None = None
    completed_at: str | None = None

    @property
    def participant_ref(self) -> str | None:
        """The participant's id, whichever key the answer used."""
        return self.participant_id or self.participant


class SubmissionAction(StrEnum):
    """The review actions this client sends to ``/submissions/{id}/transition/``."""

    APPROVE = "APPROVE"
    REJECT = "REJECT"


class RejectionCategory(StrEnum):
    """Why a submission is rejected (SPEC ``SubmissionTransitionRejectionCategory``)."""

    TOO_QUICKLY = "TOO_QUICKLY"
    TOO_SLOWLY = "TOO_SLOWLY"
    FAILED_INSTRUCTIONS = "FAILED_INSTRUCTIONS"
    INCOMP_LONGITUDINAL = "INCOMP_LONGITUDINAL"
    FAILED_CHECK = "FAILED_CHECK"
    LOW_EFFORT = "LOW_EFFORT"
    MALINGERING = "MALINGERING"
    NO_CODE = "NO_CODE"
    BAD_CODE = "BAD_CODE"
    NO_DATA = "NO_DATA"
    UNSUPP_DEVICE = "UNSUPP_DEVICE"
    OTHER = "OTHER"


def rejection_problems(category: str | None, message: str | None) -> list[str]:
    """What is wrong with a rejection, in words a form can show as it is typed (empty if OK)."""
    problems = []
    if not category:
        problems.append("Choose a rejection category.")
    elif category not in RejectionCategory.__members__.values():
        choices = ", ".join(RejectionCategory)
        problems.append(f"{category!r} is not a rejection category; use one of: {choices}.")
    length = len((message or "").strip())
    if length < MIN_REJECTION_MESSAGE:
        problems.append(
            f"The message to the participant needs at least {MIN_REJECTION_MESSAGE} characters "
            f"({length} so far)."
        )
    return problems


def checked_rejection(category: str | None, message: str | None) -> tuple[RejectionCategory, str]:
    """The category and message to send, or ``InvalidRejectionError`` listing every problem."""
    problems = rejection_problems(category, message)
    if problems:
        raise InvalidRejectionError(" ".join(problems))
    return RejectionCategory(str(category)), str(message)

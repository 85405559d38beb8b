"""Submission review payloads: transition actions, rejection categories, bulk approval.

The limits are checked before sending (SPEC ``SubmissionTransition``; reference addendum
§11.2), so a rejection that Prolific would refuse never leaves the machine.
"""

from __future__ import annotations

from enum import StrEnum

from atb_tui.api.errors import InvalidRejectionError

MIN_REJECTION_MESSAGE = 100
BULK_APPROVE_LIMIT = 1000


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

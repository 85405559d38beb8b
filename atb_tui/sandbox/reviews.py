"""Submission review: APPROVE / REJECT one submission, and asynchronous bulk approval.

Choices where the reference is silent (addendum §11.2, SPEC ``transition-submission``):

* Only ``AWAITING REVIEW`` submissions can be approved or rejected; any other state is a
  classic 400 naming the current status — including a repeat (APPROVE on an APPROVED
  one). The SPEC calls the endpoint idempotent ("the second request will be ignored") but
  the reference lists repeats as UNCONFIRMED; the sandbox is strict so that a client that
  sends a transition twice is caught here rather than trusted to a server's leniency.
* REJECT needs ``rejection_category`` (one of the 12 SPEC values) and a ``message`` of at
  least 100 characters: a classic 400 with per-field errors otherwise.
* Rejecting frees the place, as Prolific does: a study in AWAITING REVIEW goes back to
  ACTIVE and another participant may take the place. A study whose submissions are all
  reviewed (and that has no free place) moves on to COMPLETED.
* Bulk approval answers 200 with a string at once; each submission becomes APPROVED a few
  simulated seconds later. More than :data:`BULK_LIMIT` ids is refused with a 400 (the
  SPEC only recommends the limit; refusing lets the sandbox catch a client that does not
  chunk). Unknown ids are a 400; ids not awaiting review are left as they are.
"""

from __future__ import annotations

from typing import Any

from atb_tui.sandbox import participants
from atb_tui.sandbox.errors import ClassicError, FieldErrors, describe
from atb_tui.sandbox.model import JSON, Submission
from atb_tui.sandbox.world import World

REJECTION_CATEGORIES = (
    "TOO_QUICKLY",
    "TOO_SLOWLY",
    "FAILED_INSTRUCTIONS",
    "INCOMP_LONGITUDINAL",
    "FAILED_CHECK",
    "LOW_EFFORT",
    "MALINGERING",
    "NO_CODE",
    "BAD_CODE",
    "NO_DATA",
    "UNSUPP_DEVICE",
    "OTHER",
)
TARGETS = {"APPROVE": "APPROVED", "REJECT": "REJECTED"}
MIN_MESSAGE = 100
BULK_LIMIT = 1000
BULK_DELAY = 2.0  # simulated seconds before a bulk approval shows in the statuses
BULK_MESSAGE = "The request to bulk approve is being processed."


def transition(world: World, item: Submission, body: JSON) -> None:
    """Apply APPROVE or REJECT to one submission, or raise the 400 that says why not."""
    action = body.get("action")
    if action not in TARGETS:
        raise ClassicError(
            400, {"action": [f"{describe(action)} is not supported here; use APPROVE or REJECT."]}
        )
    if item.status != "AWAITING REVIEW":
        raise ClassicError(
            400,
            f"Cannot {action} a submission that is {item.status}; only submissions "
            "AWAITING REVIEW can be approved or rejected.",
        )
    if action == "REJECT":
        _check_rejection(body)
    item.status = TARGETS[action]
    after_review(world, item.study_id)


def _check_rejection(body: JSON) -> None:
    errors = FieldErrors()
    category = body.get("rejection_category")
    if category is None:
        errors.add("rejection_category", "This field is required when rejecting.")
    elif category not in REJECTION_CATEGORIES:
        errors.add(
            "rejection_category",
            f"{describe(category)} is not a valid choice; use one of: "
            f"{', '.join(REJECTION_CATEGORIES)}.",
        )
    message = body.get("message")
    if not isinstance(message, str) or not message.strip():
        errors.add("message", "This field is required when rejecting.")
    elif len(message) < MIN_MESSAGE:
        errors.add(
            "message",
            f"Ensure this field has at least {MIN_MESSAGE} characters (it has {len(message)}).",
        )
    errors.raise_if_any()


def after_review(world: World, study_id: str) -> None:
    """A rejection frees a place (the study reopens); a fully reviewed study completes."""
    study = world.studies.get(study_id)
    if study is None:
        return
    participants.reopen(world, study)
    participants.settle(world, study)


def bulk_approve(world: World, body: JSON) -> int:
    """Schedule the approval of every target awaiting review; returns how many."""
    targets = _bulk_targets(world, body)
    waiting = [item for item in targets if item.status == "AWAITING REVIEW"]
    for item in waiting:
        world.schedule(world.now + BULK_DELAY, "bulk_approved", item.id)
    return len(waiting)


def finish_bulk_approval(world: World, submission_id: str) -> None:
    """Event: one submission of a bulk approval is approved (if still awaiting review)."""
    item = world.submissions.get(submission_id)
    if item is not None and item.status == "AWAITING REVIEW":
        item.status = "APPROVED"
        after_review(world, item.study_id)


def _bulk_targets(world: World, body: JSON) -> list[Submission]:
    ids = body.get("submission_ids")
    if ids is not None:
        return _by_ids(world, ids)
    study_id, people = body.get("study_id"), body.get("participant_ids")
    if not isinstance(study_id, str) or not isinstance(people, list):
        raise ClassicError(
            400,
            {
                "non_field_errors": [
                    "Send submission_ids, or study_id with participant_ids.",
                ]
            },
        )
    _check_size("participant_ids", people)
    if study_id not in world.studies:
        raise ClassicError(400, {"study_id": [f"No study {describe(study_id)}."]})
    wanted = {str(p) for p in people}
    return [
        s
        for s in world.submissions.values()
        if s.study_id == study_id and s.participant_id in wanted
    ]


def _by_ids(world: World, ids: Any) -> list[Submission]:
    if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
        raise ClassicError(400, {"submission_ids": ["Expected a list of submission ids."]})
    _check_size("submission_ids", ids)
    unknown = [i for i in ids if i not in world.submissions]
    if unknown:
        shown = ", ".join(unknown[:3]) + (" …" if len(unknown) > 3 else "")
        raise ClassicError(400, {"submission_ids": [f"Unknown submissions: {shown}."]})
    return [world.submissions[i] for i in dict.fromkeys(ids)]


def _check_size(key: str, values: list[Any]) -> None:
    if not values:
        raise ClassicError(400, {key: ["This list may not be empty."]})
    if len(values) > BULK_LIMIT:
        raise ClassicError(
            400, {key: [f"At most {BULK_LIMIT} ids per request (got {len(values)})."]}
        )

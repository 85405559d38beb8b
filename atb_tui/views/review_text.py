"""Words the review screens show: rejection categories, what rejecting means, run results."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from atb_tui.flows.review import Outcome, ReviewResult

# Prolific's 12 rejection categories (SPEC ``SubmissionTransitionRejectionCategory``), in the
# SPEC's order, each with what it means in plain words.
REJECTION_LABELS: dict[str, str] = {
    "TOO_QUICKLY": "Too quick: finished faster than the task can be done",
    "TOO_SLOWLY": "Too slow: took far longer than allowed",
    "FAILED_INSTRUCTIONS": "Did not follow the instructions",
    "INCOMP_LONGITUDINAL": "Did not complete every part of a longitudinal study",
    "FAILED_CHECK": "Failed an attention check",
    "LOW_EFFORT": "Low effort: careless or meaningless answers",
    "MALINGERING": "Malingering: answered falsely on purpose",
    "NO_CODE": "No completion code",
    "BAD_CODE": "Wrong completion code",
    "NO_DATA": "No data: nothing usable was recorded",
    "UNSUPP_DEVICE": "Used a device the study does not support",
    "OTHER": "Another reason (say which in the message)",
}

REJECTION_MEANS = (
    "Rejecting means the participant is not paid for this submission, and the rejection "
    "counts against their record on Prolific. Their place is freed, so someone else can take "
    "it. Reject only for a clear reason the participant can understand from your message."
)

APPROVAL_MEANS = (
    "Approving pays each participant their reward; Prolific's fees and VAT come on top. "
    "An approval cannot be undone."
)

LIST_LIMIT = 12  # per section; the rest is counted, so a run over thousands stays readable


def result_lines(result: ReviewResult, verb: str, participants: Mapping[str, str]) -> list[str]:
    """What a run did and did not do, section by section (`verb`: "Approved", "Rejected")."""
    lines = [f"{verb}: {len(result.done):,}"]
    lines += _listed([Outcome(i, "") for i in result.done], participants)
    if result.not_done:
        lines += ["", f"Not done: {len(result.not_done):,}"]
        lines += _listed(result.not_done, participants)
    if result.skipped:
        lines += ["", f"Nothing sent (already reviewed): {len(result.skipped):,}"]
        lines += _listed(result.skipped, participants)
    if not result.complete:
        lines += [
            "",
            "Running it again is safe: statuses are read first, and nothing is sent for a "
            "submission that is already approved or rejected.",
        ]
    return lines


def result_title(result: ReviewResult, verb: str) -> str:
    """ "Approved 12; 3 not done": the title of a run's result."""
    missing = "" if result.complete else f"; {len(result.not_done):,} not done"
    return f"{verb} {len(result.done):,}{missing}"


def _listed(outcomes: Sequence[Outcome], participants: Mapping[str, str]) -> list[str]:
    shown = [
        f"  {participants.get(o.submission_id, o.submission_id)}"
        + (f"  {o.reason}" if o.reason else "")
        for o in outcomes[:LIST_LIMIT]
    ]
    if len(outcomes) > LIST_LIMIT:
        shown.append(f"  … and {len(outcomes) - LIST_LIMIT:,} more")
    return shown

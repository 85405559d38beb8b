"""A sandbox study in AWAITING REVIEW with as many submissions as a test needs."""

from __future__ import annotations

from atb_tui.sandbox import Sandbox
from atb_tui.sandbox.model import Submission

REWARD = 50
REASON = (
    "Several answers were copied from the example text and the free-text reasons were empty, "
    "so we cannot use this submission."
)


def awaiting_study(sandbox: Sandbox, count: int) -> str:
    """A finished batch study whose ``count`` submissions all await review; returns its id.

    Built from the sandbox's bulk seeding (real responses for the first submissions), then
    topped up with submissions directly in the world: 1,500 simulated participants would
    otherwise take thousands of events."""
    batch_id = sandbox.seed_large_batch(responses=40)
    world = sandbox.world
    study = next(
        s for s in world.studies.values() if s.settings.get("data_collection_id") == batch_id
    )
    existing = [s for s in world.submissions.values() if s.study_id == study.id]
    for sub in existing[:count]:
        sub.status = "AWAITING REVIEW"
    for index in range(count - len(existing)):
        sub = Submission(
            world.new_object_id(),
            study.id,
            f"p{index:023d}",
            "AWAITING REVIEW",
            world.now - 3600,
            REWARD,
            completed_at=world.now - 1800,
        )
        world.submissions[sub.id] = sub
    study.status, study.completed_at = "AWAITING REVIEW", None
    study.settings["total_available_places"] = count
    return study.id


def posts(sandbox: Sandbox, fragment: str) -> list[str]:
    """Paths of the POSTs whose path contains ``fragment``, from the sandbox's request log."""
    return [r.path for r in sandbox.request_log if r.method == "POST" and fragment in r.path]


def succeeded_posts(sandbox: Sandbox, fragment: str) -> list[str]:
    """Like :func:`posts`, only those the sandbox answered with 200."""
    return [
        r.path
        for r in sandbox.request_log
        if r.method == "POST" and fragment in r.path and r.status == 200
    ]

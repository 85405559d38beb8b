"""Review steps: a study awaiting review (the demo pilot, or one as large as a test needs),
the review screen, and the approve/reject requests the sandbox saw.
"""

from __future__ import annotations

from textual.pilot import Pilot

from atb_tui.app import AtbApp
from atb_tui.sandbox import Sandbox
from atb_tui.sandbox.model import Submission
from atb_tui.screens.submissions import SubmissionsScreen
from tests.helpers.app import clocked_app, sandbox_of
from tests.helpers.navigation import open_workspace
from tests.helpers.sandbox import item_named, make_sandbox
from tests.helpers.waits import wait_for

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


PILOT_STUDY = "Movie review sentiment (pilot)"


def reopen_pilot(sandbox: Sandbox) -> str:
    """Put the demo's finished pilot back in AWAITING REVIEW (the seed approves it); its id."""
    study_id = item_named(sandbox.world.studies, PILOT_STUDY)
    for item in sandbox.world.submissions.values():
        if item.study_id == study_id:
            item.status = "AWAITING REVIEW"
    study = sandbox.world.studies[study_id]
    study.status, study.completed_at = "AWAITING REVIEW", None
    return study_id


def review_app() -> AtbApp:
    """The demo app with the pilot study awaiting review."""
    sandbox = make_sandbox()
    reopen_pilot(sandbox)
    return clocked_app(sandbox)


async def open_review(pilot: Pilot[None], study_id: str | None = None) -> SubmissionsScreen:
    """Open the review of the pilot study (or `study_id`) with its evidence loaded."""
    app = await open_workspace(pilot)
    await app.open_item(
        "submissions", study_id or item_named(sandbox_of(pilot).world.studies, PILOT_STUDY)
    )
    await wait_for(pilot, lambda: isinstance(app.screen, SubmissionsScreen))
    screen = app.screen
    assert isinstance(screen, SubmissionsScreen)
    await wait_for(pilot, lambda: screen.evidence is not None and len(screen.table.model) > 0)
    await pilot.pause()
    return screen


PILOT_REASON = (
    "Most answers were given in under two seconds and every review was rated the same, "
    "whatever it said. We cannot use these answers."
)

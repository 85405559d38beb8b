"""Screen states of the submissions review (issue 14): the table, the approve confirmation and
the reject form, each at 120x35 and 80x24.

`reopen_pilot` and `open_review` are shared with the Pilot tests (tests/ui/test_submissions.py).
"""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import Select, TextArea

from atb_tui.app import AtbApp
from atb_tui.sandbox import Sandbox
from atb_tui.screens.confirm_dialogs import ConfirmSpendScreen
from atb_tui.screens.reject_form import RejectFormScreen
from atb_tui.screens.submissions import SubmissionsScreen
from tests.helpers.app import clocked_app, sandbox_of
from tests.helpers.navigation import open_workspace
from tests.helpers.sandbox import make_sandbox
from tests.helpers.waits import wait_for
from tests.snapshots.scenarios import scenario

PILOT_STUDY = "Movie review sentiment (pilot)"
SIZES = ((120, 35), (80, 24))


def study_named(sandbox: Sandbox, name: str) -> str:
    """The id of the sandbox study called `name`."""
    return next(i for i, s in sandbox.world.studies.items() if s.settings.get("name") == name)


def reopen_pilot(sandbox: Sandbox) -> str:
    """Put the demo's finished pilot back in AWAITING REVIEW (the seed approves it); its id."""
    study_id = study_named(sandbox, PILOT_STUDY)
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
    await app.open_item("submissions", study_id or study_named(sandbox_of(pilot), PILOT_STUDY))
    await wait_for(pilot, lambda: isinstance(app.screen, SubmissionsScreen))
    screen = app.screen
    assert isinstance(screen, SubmissionsScreen)
    await wait_for(pilot, lambda: screen.evidence is not None and len(screen.table.model) > 0)
    await pilot.pause()
    return screen


REASON = (
    "Most answers were given in under two seconds and every review was rated the same, "
    "whatever it said. We cannot use these answers."
)


def _register(size: tuple[int, int]) -> None:
    width, height = size

    @scenario(f"review-list-{width}x{height}", "S on a study: submissions with evidence; "
              "n pre-selects the unflagged", size=size, build=review_app)  # fmt: skip
    async def listed(pilot: Pilot[None]) -> None:
        screen = await open_review(pilot)
        await pilot.press("n")
        await wait_for(pilot, lambda: bool(screen.selected))
        await pilot.pause()

    @scenario(f"review-approve-{width}x{height}", "a: approve states the count and the money "
              "and asks for the amount", size=size, build=review_app)  # fmt: skip
    async def approving(pilot: Pilot[None]) -> None:
        await open_review(pilot)
        await pilot.press("n", "a")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, ConfirmSpendScreen))
        await pilot.pause()

    @scenario(f"review-reject-{width}x{height}", "x: the reject form, category and message "
              "checked as typed", size=size, build=review_app)  # fmt: skip
    async def rejecting(pilot: Pilot[None]) -> None:
        await open_review(pilot)
        await pilot.press("x")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, RejectFormScreen))
        form = pilot.app.screen
        form.query_one(Select).value = "LOW_EFFORT"
        form.query_one(TextArea).load_text(REASON[:60])
        await pilot.pause()


for _size in SIZES:
    _register(_size)

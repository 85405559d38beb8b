"""Screen states of the submissions review (issue 14): the table, the approve confirmation and
the reject form, each at 120x35 and 80x24.

The steps (tests/helpers/review.py) are shared with the Pilot tests.
"""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import Select, TextArea

from atb_tui.screens.confirm_dialogs import ConfirmSpendScreen
from atb_tui.screens.reject_form import RejectFormScreen
from tests.helpers.review import PILOT_REASON, open_review, review_app
from tests.helpers.waits import wait_for
from tests.snapshots.scenarios import scenario

SIZES = ((120, 35), (80, 24))


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
        form.query_one(TextArea).load_text(PILOT_REASON[:60])
        await pilot.pause()


for _size in SIZES:
    _register(_size)

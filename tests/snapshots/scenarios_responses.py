"""Screen states of the response viewer (issue 13): each view at 120x35 and 80x24.

`open_viewer` (tests/helpers/responses.py) is shared with the Pilot tests.
"""

from __future__ import annotations

from textual.pilot import Pilot

from tests.helpers.app import clocked_app
from tests.helpers.responses import open_viewer
from tests.helpers.waits import wait_for
from tests.snapshots.scenarios import scenario


def _register(view: str, key: str, caption: str) -> None:
    for width, height in ((120, 35), (80, 24)):

        async def run(pilot: Pilot[None], key: str = key) -> None:
            screen = await open_viewer(pilot, "Sentiment - pilot")
            if key:
                await pilot.press(key)
            await wait_for(pilot, lambda: screen.table.model is screen.state.model())  # type: ignore[union-attr]
            await pilot.pause()

        scenario(f"responses-{view}-{width}x{height}", caption, size=(width, height),
                 build=clocked_app)(run)  # fmt: skip


_register("list", "", "v on a batch: every response, the detail pane below")
_register("tasks", "2", "2: one row per task, answers side by side, majority and agreement")
_register("summary", "3", "3: per instruction, answers as bars and the agreement figures")
_register("participants", "4", "4: per participant, speed, agreement and flags")


@scenario("responses-filter-error", "/: a filter with bad syntax says what is wrong",
          size=(120, 35), build=clocked_app)  # fmt: skip
async def filter_error(pilot: Pilot[None]) -> None:
    await open_viewer(pilot, "Sentiment - pilot")
    await pilot.press("slash", *"agree<high")
    await pilot.pause()

"""Screen states of the response viewer (issue 13): each view at 120x35 and 80x24.

`open_viewer` is shared with the Pilot tests (tests/ui/test_responses.py).
"""

from __future__ import annotations

from collections.abc import Callable

from textual.pilot import Pilot

from atb_tui.app import AtbApp
from atb_tui.screens.responses import ResponsesScreen
from tests.helpers.app import clocked_app, sandbox_of
from tests.helpers.navigation import open_workspace
from tests.helpers.sandbox import item_named
from tests.helpers.waits import wait_for
from tests.snapshots.scenarios import scenario


def loaded(app: AtbApp) -> Callable[[], bool]:
    """True once the viewer holds every response the first load found."""

    def done() -> bool:
        screen = app.screen
        return (
            isinstance(screen, ResponsesScreen)
            and screen.state is not None
            and screen.clock.updated_at is not None
            and bool(screen.datapoint_source)
        )

    return done


async def open_viewer(pilot: Pilot[None], name: str) -> ResponsesScreen:
    """Open the responses of the batch called `name` in Sentiment Lab, fully loaded."""
    app = await open_workspace(pilot)
    await app.open_item("responses", item_named(sandbox_of(pilot).world.batches, name))
    await wait_for(pilot, loaded(app), timeout=15)
    await pilot.pause()
    assert isinstance(app.screen, ResponsesScreen)
    return app.screen


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

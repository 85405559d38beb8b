"""Response viewer steps: open a batch's responses and wait until every one is loaded."""

from __future__ import annotations

from collections.abc import Callable

from textual.pilot import Pilot

from atb_tui.app import AtbApp
from atb_tui.screens.responses import ResponsesScreen
from tests.helpers.app import sandbox_of
from tests.helpers.navigation import open_workspace
from tests.helpers.sandbox import item_named
from tests.helpers.waits import wait_for


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
    await wait_for(pilot, loaded(app))
    await pilot.pause()
    assert isinstance(app.screen, ResponsesScreen)
    return app.screen

"""Response viewer steps: open a batch's responses and wait until every one is loaded."""

from __future__ import annotations

from collections.abc import Callable

from textual.pilot import Pilot

from atb_tui.app import AtbApp
from atb_tui.screens.responses import ResponsesScreen
from tests.helpers.navigation import open_batch_as


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
    screen = await open_batch_as(pilot, "responses", name, loaded)
    assert isinstance(screen, ResponsesScreen)
    return screen

"""Walking the app to a screen as a user would, waiting until each screen has loaded."""

from __future__ import annotations

from collections.abc import Callable

from textual.pilot import Pilot
from textual.screen import Screen

from atb_tui.app import AtbApp
from atb_tui.screens.api_log import ApiLogScreen
from atb_tui.screens.batch_detail import BatchDetailScreen
from atb_tui.screens.workspaces import WorkspacesScreen
from atb_tui.views.api_log import ApiLogModel
from atb_tui.widgets.data_view import DataView
from tests.helpers.app import sandbox_of
from tests.helpers.sandbox import WORKSPACE, item_named
from tests.helpers.waits import wait_for


async def workspaces_loaded(pilot: Pilot[None]) -> None:
    """Wait until the app shows the workspaces table."""
    app = pilot.app
    await wait_for(
        pilot, lambda: bool(app.screen.query(DataView)) and app.screen.query_one(DataView).loaded
    )


async def open_workspace(pilot: Pilot[None]) -> AtbApp:
    """Start the app and open Sentiment Lab."""
    app: AtbApp = pilot.app  # type: ignore[assignment]
    await wait_for(pilot, lambda: isinstance(app.screen, WorkspacesScreen))
    await app.open_workspace(*WORKSPACE)
    return app


async def open_area(pilot: Pilot[None], area: str) -> AtbApp:
    """Open an area of Sentiment Lab and wait for its table."""
    app = await open_workspace(pilot)
    await app.open_area(area)
    await wait_for(pilot, lambda: app.screen.query_one(DataView).loaded)
    return app


def batch_loaded(app: AtbApp) -> Callable[[], bool]:
    """A predicate: the batch detail screen shows its batch, legacy facts and table."""

    def loaded() -> bool:
        screen = app.screen
        return (
            isinstance(screen, BatchDetailScreen)
            and screen.current is not None
            and screen.legacy is not None
            and screen.query_one(DataView).loaded
        )

    return loaded


async def open_batch_as(
    pilot: Pilot[None], kind: str, name: str, loaded: Callable[[AtbApp], Callable[[], bool]]
) -> Screen[object]:
    """Open the batch called `name` in Sentiment Lab as `kind` (its detail, its responses…)
    and wait until `loaded(app)` holds."""
    app = await open_workspace(pilot)
    await app.open_item(kind, item_named(sandbox_of(pilot).world.batches, name))
    await wait_for(pilot, loaded(app))
    await pilot.pause()
    return app.screen


async def open_batch(pilot: Pilot[None], name: str) -> BatchDetailScreen:
    """Open the batch called `name` in Sentiment Lab and wait until it is shown."""
    screen = await open_batch_as(pilot, "batch", name, batch_loaded)
    assert isinstance(screen, BatchDetailScreen)
    return screen


async def press_for_api_log(pilot: Pilot[None]) -> ApiLogScreen:
    """ctrl+l, then wait until the API log panel lists the requests (not only until it is
    pushed: its table gets its model when it mounts)."""
    app = pilot.app
    await pilot.press("ctrl+l")

    def listed() -> bool:
        screen = app.screen
        return isinstance(screen, ApiLogScreen) and isinstance(screen.table.model, ApiLogModel)

    await wait_for(pilot, listed)
    assert isinstance(app.screen, ApiLogScreen)
    return app.screen

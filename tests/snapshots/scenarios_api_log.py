"""Screen states of the API log panel (issue 16): the requests behind opening the batches.

Times come from the sandbox's manual clock and every duration is 0 ms (a timer that never
moves), so the snapshots are deterministic. A 503 on the first batches request shows an error
row and its retry.
"""

from __future__ import annotations

from textual.pilot import Pilot

from atb_tui.app import AtbApp
from atb_tui.screens.api_log import ApiLogScreen, ApiRequestScreen
from atb_tui.session import Session
from tests.helpers.app import clocked_app
from tests.helpers.navigation import open_area, press_for_api_log
from tests.helpers.sandbox import make_sandbox
from tests.helpers.waits import wait_for
from tests.snapshots.scenarios import scenario

BATCHES = "/api/v1/data-collection/batches"


def logged_app() -> AtbApp:
    """The demo app on a manual clock, with a still timer and one 503 to retry."""
    sandbox = make_sandbox()
    sandbox.faults.add(BATCHES, "GET", kind="status", status=503, times=1)
    app = clocked_app(sandbox)
    demo_session = app.demo_session

    def still_session() -> Session:
        session = demo_session()
        session.client.request_log.timer = lambda: 0.0
        return session

    setattr(app, "demo_session", still_session)  # noqa: B010 (a method, replaced on purpose)
    return app


async def open_api_log(pilot: Pilot[None]) -> ApiLogScreen:
    """The batches of Sentiment Lab, then the API log key."""
    await open_area(pilot, "batches")
    screen = await press_for_api_log(pilot)
    await pilot.pause()
    return screen


@scenario("api-log", "API log: the requests behind opening the batches, one retried after a 503",
          size=(120, 35), build=logged_app)  # fmt: skip
async def api_log(pilot: Pilot[None]) -> None:
    await open_api_log(pilot)


@scenario("api-log-narrow", "API log at 80x24", size=(80, 24), build=logged_app)
async def api_log_narrow(pilot: Pilot[None]) -> None:
    await open_api_log(pilot)


@scenario("api-log-request", "API log: one request's bodies, pretty JSON",
          size=(120, 35), build=logged_app)  # fmt: skip
async def api_log_request(pilot: Pilot[None]) -> None:
    screen = await open_api_log(pilot)
    await pilot.press("enter")
    await wait_for(pilot, lambda: isinstance(screen.app.screen, ApiRequestScreen))
    await pilot.pause()

"""Issue 15, proof 5: the network goes away for 30 s while monitoring, then comes back.

The app talks to the sandbox through a transport that can be switched off (connections
refused, as when the server or the route is gone). Time is the sandbox's manual clock: the
test jumps straight to each moment a poll is due, so nothing waits 30 real seconds. The
monitor must keep the last data on screen, say it is offline, space its attempts out
further and further (measured on the fake clock), and resume by itself once the network is
back, without a key pressed.
"""

from __future__ import annotations

import itertools
from datetime import datetime

import httpx

from atb_tui.api import ProlificClient
from atb_tui.app import AppOptions, AtbApp
from atb_tui.sandbox import Sandbox
from atb_tui.screens.monitor import MonitorScreen
from atb_tui.session import Session
from atb_tui.storage.profiles import Profile, ProfileStore
from tests.helpers.app import build_app
from tests.helpers.monitor import open_monitor
from tests.helpers.sandbox import FAST_RETRY, make_sandbox
from tests.helpers.screen import screen_text
from tests.helpers.waits import wait_for

OUTAGE_SECONDS = 30


class Unplugged(httpx.AsyncBaseTransport):
    """The sandbox's transport behind a switch; records when (sandbox time) each request left."""

    def __init__(self, sandbox: Sandbox) -> None:
        self.inner = sandbox.transport()
        self.clock = sandbox.clock
        self.down = False
        self.refused: list[datetime] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if self.down:
            self.refused.append(self.clock.now())
            raise httpx.ConnectError("[Errno 111] Connection refused", request=request)
        return await self.inner.handle_async_request(request)


def unpluggable_app(sandbox: Sandbox, cable: Unplugged) -> AtbApp:
    """The app signed in to the sandbox through a saved profile; every request goes
    through `cable`."""
    ProfileStore().save(Profile("lab", api_url=sandbox.base_url), sandbox.token)

    def connect(profile: Profile, token: str) -> Session:
        client = ProlificClient(
            token,
            base_url=sandbox.base_url,
            transport=cable,
            presigned_transport=sandbox.transport(),
            retry=FAST_RETRY,
        )
        return Session(profile, client)

    options = AppOptions(
        profile="lab",
        env={},
        make_sandbox=lambda: sandbox,
        connect=connect,
        retry=FAST_RETRY,
        now=sandbox.clock.now,
    )
    return build_app(options)


async def poll_when_due(pilot: object, sandbox: Sandbox, screen: MonitorScreen) -> None:
    """Move the fake clock to the next due poll and wait until that poll is over."""
    clock = screen.clock
    assert clock.due_at is not None
    step = (clock.due_at - sandbox.clock.now()).total_seconds()
    updated, failures = clock.updated_at, clock.failures
    sandbox.advance(max(step, 0.0))
    await wait_for(  # type: ignore[arg-type]
        pilot, lambda: clock.updated_at != updated or clock.failures != failures
    )


async def test_monitor_rides_out_a_30_second_outage_and_resumes_by_itself() -> None:
    sandbox = make_sandbox()
    cable = Unplugged(sandbox)
    app = unpluggable_app(sandbox, cable)
    async with app.run_test(size=(120, 35)) as pilot:
        screen = await open_monitor(pilot)
        assert "Toxicity screen" in screen_text(app)
        cable.down = True
        went_down = sandbox.clock.now()
        polls: list[float] = []
        while (sandbox.clock.now() - went_down).total_seconds() < OUTAGE_SECONDS:
            await poll_when_due(pilot, sandbox, screen)
            polls.append((sandbox.clock.now() - went_down).total_seconds())
            text = screen_text(app)
            assert "offline" in text or "retrying" in text, text
            assert "Toxicity screen" in text  # the last data stays on screen
            assert "Traceback" not in text
        gaps = [later - earlier for earlier, later in itertools.pairwise(polls)]
        print(f"\nattempts during the outage at +{polls} s (fake clock); gaps {gaps}")
        assert len(polls) >= 3
        assert all(b >= a for a, b in itertools.pairwise(gaps)), "it backs off"
        assert gaps[-1] > gaps[0]
        assert screen.clock.failures == len(polls)
        assert len(cable.refused) >= len(polls)
        cable.down = False
        await poll_when_due(pilot, sandbox, screen)  # no key pressed: the next due poll
        await wait_for(pilot, lambda: screen.clock.failures == 0)
        await wait_for(pilot, lambda: "live · updated just now" in screen_text(app))
        assert "offline" not in screen_text(app)
        assert "READY" in screen_text(app)  # fresh data: Toxicity finished during the outage

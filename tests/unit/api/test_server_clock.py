"""The server's time from the Date header: parsing, fallbacks, and the sandbox's own clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
import pytest

from atb_tui.api import APIConnectionError, ProlificClient
from atb_tui.api.server_clock import ServerClock, parse_http_date
from tests.helpers.fake_api import FakeAPI
from tests.helpers.sandbox import START, make_sandbox, sandbox_client

LOCAL = datetime(2030, 1, 1, 12, 0, 0, 500_000, tzinfo=UTC)


def test_an_http_date_parses_to_utc() -> None:
    assert parse_http_date("Mon, 23 Nov 2026 09:00:00 GMT") == datetime(2026, 11, 23, 9, tzinfo=UTC)
    assert parse_http_date("Mon, 23 Nov 2026 10:00:00 +0100") == datetime(
        2026, 11, 23, 9, tzinfo=UTC
    )


@pytest.mark.parametrize("value", [None, "", "yesterday", "Mon, 99 Foo 2026 25:61:00 GMT", "0"])
def test_a_missing_or_garbage_date_is_none(value: str | None) -> None:
    assert parse_http_date(value) is None


def test_the_clock_follows_the_server_and_ignores_garbage() -> None:
    clock = ServerClock(lambda: LOCAL)
    assert clock.now() == LOCAL  # nothing heard yet: the local clock
    assert not clock.known
    clock.observe("garbage")
    assert clock.now() == LOCAL
    clock.observe("Mon, 23 Nov 2026 09:00:00 GMT")
    assert clock.known
    # The sub-second part of the local clock is kept: the header only has whole seconds.
    assert clock.now() == datetime(2026, 11, 23, 9, 0, 0, 500_000, tzinfo=UTC)
    clock.observe(None)  # a later response without Date keeps the last offset
    assert clock.now() == datetime(2026, 11, 23, 9, 0, 0, 500_000, tzinfo=UTC)


async def test_the_client_learns_the_sandbox_clock_not_the_wall_clock() -> None:
    sandbox = make_sandbox()  # a manual clock at START, far from the wall clock
    async with sandbox_client(sandbox) as client:
        await client.users.me()
        assert abs(client.server_now() - START) < timedelta(seconds=2)
        sandbox.clock.advance(3 * 3600)
        await client.workspaces.list()
        assert abs(client.server_now() - (START + timedelta(hours=3))) < timedelta(seconds=2)


async def test_offline_since_is_on_the_server_clock(client: ProlificClient, api: FakeAPI) -> None:
    me = "/api/v1/users/me/"
    dated = {"Date": "Mon, 23 Nov 2026 09:00:00 GMT"}
    api.on("GET", me, httpx.Response(200, json={"id": "u1"}, headers=dated))
    api.on("GET", me, httpx.ConnectError("down"))
    await client.users.me()
    with pytest.raises(APIConnectionError):
        await client.users.me()
    since = client.status.offline_since
    assert since is not None
    assert abs(since - START) < timedelta(minutes=5)  # not today's wall-clock time

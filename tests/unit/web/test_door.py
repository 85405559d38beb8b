"""The door of `atb-tui web`, without a browser: aiohttp's test client against the real
textual-serve routes with the door in front (no app is spawned: /ws is refused or never
reached)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from atb_tui.web.door import Door
from atb_tui.web.server import WebServer

PORT = 8123


@pytest.fixture
def door() -> Door:
    return Door.new(PORT)


@pytest.fixture
async def client(door: Door) -> AsyncIterator[TestClient[web.Request, web.Application]]:
    app = await WebServer("false", door, "atb-tui").build_app()
    async with TestClient(TestServer(app)) as test_client:
        yield test_client


Client = TestClient[web.Request, web.Application]


async def _enter(client: Client, door: Door, query: str = "") -> None:
    """Spend the token as a browser would (the client keeps the cookie)."""
    response = await client.get(f"/?token={door.token}{query}", allow_redirects=False)
    assert response.status == 303


@pytest.mark.parametrize("path", ["/", "/?token=wrong", "/static/js/textual.js", "/download/x"])
async def test_without_the_token_everything_is_refused(client: Client, path: str) -> None:
    response = await client.get(path, allow_redirects=False)
    assert response.status == 403
    assert "one-time token" in await response.text()
    assert "set-cookie" not in response.headers


async def test_the_websocket_without_the_cookie_is_refused(client: Client, door: Door) -> None:
    response = await client.get(f"/ws?token={door.token}", headers=_upgrade())
    assert response.status == 403
    assert not door.spent, "only the page may spend the token"


async def test_the_token_is_exchanged_for_a_strict_httponly_cookie(
    client: Client, door: Door
) -> None:
    response = await client.get(f"/?token={door.token}&fontsize=20", allow_redirects=False)
    assert response.status == 303
    assert response.headers["Location"] == "/?fontsize=20", "the token leaves the address bar"
    cookie = response.cookies[door.cookie_name]
    assert cookie.value == door.session != door.token
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Strict"
    assert cookie["path"] == "/"
    assert response.headers["Cache-Control"] == "no-store"


async def test_with_the_cookie_the_page_loads_and_names_no_secret(
    client: Client, door: Door
) -> None:
    response = await client.get(f"/?token={door.token}")  # follows the 303 with the cookie
    assert response.status == 200
    page = await response.text()
    host = f"{client.host}:{client.port}"
    assert f'data-session-websocket-url="ws://{host}/ws"' in page
    assert 'data-font-size="16"' in page
    assert door.token not in page
    assert door.session not in page  # HttpOnly: the page's scripts never see it
    static = await client.get("/static/js/textual.js")
    assert static.status == 200


async def test_the_page_uses_the_address_the_browser_used(client: Client, door: Door) -> None:
    # Behind `ssh -L 9000:127.0.0.1:8123` the browser asks for localhost:9000.
    await _enter(client, door)
    response = await client.get("/", headers={"Host": "localhost:9000"})
    page = await response.text()
    assert 'data-session-websocket-url="ws://localhost:9000/ws"' in page
    assert "http://localhost:9000/static/" in page


async def test_the_link_works_once(client: Client, door: Door) -> None:
    await _enter(client, door)
    client.session.cookie_jar.clear()  # a second browser
    response = await client.get(f"/?token={door.token}", allow_redirects=False)
    assert response.status == 403
    assert "already opened in another browser" in await response.text()


async def test_a_forged_cookie_is_refused(client: Client, door: Door) -> None:
    client.session.cookie_jar.update_cookies({door.cookie_name: door.token})
    response = await client.get("/")
    assert response.status == 403


async def test_the_websocket_from_another_site_is_refused(client: Client, door: Door) -> None:
    await _enter(client, door)
    response = await client.get("/ws", headers={**_upgrade(), "Origin": "http://evil.example"})
    assert response.status == 403
    assert "another site" in await response.text()


async def test_the_websocket_with_the_cookie_gets_through(door: Door) -> None:
    # A stand-in /ws that echoes (textual-serve's would spawn an app): the door alone decides.
    app = web.Application(middlewares=[door.middleware])
    app.router.add_get("/", _page)
    app.router.add_get("/ws", _echo)
    async with TestClient(TestServer(app)) as client:
        await _enter(client, door)
        origin = f"http://{client.host}:{client.port}"
        async with client.ws_connect("/ws", headers={"Origin": origin}) as websocket:
            await websocket.send_str("ping")
            assert await websocket.receive_str() == "ping"


async def _page(request: web.Request) -> web.Response:
    return web.Response(text="page")


async def _echo(request: web.Request) -> web.WebSocketResponse:
    websocket = web.WebSocketResponse()
    await websocket.prepare(request)
    async for message in websocket:
        await websocket.send_str(message.data)
    return websocket


def _upgrade() -> dict[str, str]:
    return {
        "Connection": "Upgrade",
        "Upgrade": "websocket",
        "Sec-WebSocket-Version": "13",
        "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==",
    }

"""textual-serve's server, behind the door, on a socket we bound, stopping its apps on exit.

Each websocket (each page load) starts its own copy of the app as a subprocess; textual-serve
builds the aiohttp application and relays the terminal. What we change:

- every request goes through `Door.middleware` (textual-serve has no authentication);
- the page's websocket and static URLs use the address the browser used, not the bind
  address, so `ssh -L 9000:127.0.0.1:8000` works too;
- no logo, no access log (the link's token would be in it), no Rich logging set-up;
- on Ctrl+C or SIGTERM the open sessions are ended, which tells each app to quit.
"""

from __future__ import annotations

import asyncio
import signal
import socket
from typing import Any

import aiohttp_jinja2
from aiohttp import web
from textual_serve.server import Server, to_int

from atb_tui.web.door import Door

SESSION_STOP_SECONDS = 5.0  # an app asked to quit gets this long before the server exits anyway
DEFAULT_FONT_SIZE = 16


class WebServer(Server):
    """A textual-serve `Server` for one command, guarded by `door`."""

    def __init__(self, command: str, door: Door, title: str) -> None:
        super().__init__(command, title=title)
        self.door = door
        self._sessions: set[asyncio.Task[Any]] = set()

    async def build_app(self) -> web.Application:
        """textual-serve's routes with the door in front of all of them."""
        app = await self._make_app()
        app.middlewares.append(self.door.middleware)
        app.on_shutdown.append(self._end_sessions)
        return app

    async def on_startup(self, app: web.Application) -> None:
        """Upstream prints a logo and the command; `atb-tui web` prints the link itself."""

    @aiohttp_jinja2.template("app_index.html")
    async def handle_index(self, request: web.Request) -> dict[str, Any]:
        """The page, with URLs built from the address the browser used."""
        origin = f"{request.scheme}://{request.host}"
        websocket_scheme = "wss" if request.scheme == "https" else "ws"
        return {
            "font_size": to_int(request.query.get("fontsize", ""), DEFAULT_FONT_SIZE),
            "app_websocket_url": f"{websocket_scheme}://{request.host}/ws",
            "config": {"static": {"url": f"{origin}/static/"}},
            "application": {"name": self.title},
        }

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """Upstream's session, remembered so shutdown can end it (and so quit its app)."""
        task = asyncio.current_task()
        assert task is not None  # aiohttp runs every handler in a task
        self._sessions.add(task)
        try:
            return await super().handle_websocket(request)
        finally:
            self._sessions.discard(task)

    async def _end_sessions(self, app: web.Application) -> None:
        # Cancelling a session makes textual-serve close its websocket and send its app "quit".
        sessions = list(self._sessions)
        for task in sessions:
            task.cancel()
        if sessions:
            await asyncio.wait(sessions, timeout=SESSION_STOP_SECONDS)


async def serve_until_stopped(server: WebServer, sock: socket.socket) -> None:
    """Serve on `sock` until SIGINT or SIGTERM, then end the sessions and return."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    runner = web.AppRunner(
        await server.build_app(), access_log=None, handle_signals=False, shutdown_timeout=1.0
    )
    await runner.setup()
    try:
        await web.SockSite(runner, sock).start()
        await stop.wait()
    finally:
        await runner.cleanup()

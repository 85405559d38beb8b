"""An ``httpx.ASGITransport`` that fails like a socket when the sandbox drops a connection."""

from __future__ import annotations

import httpx

from atb_tui.sandbox.asgi import SandboxDrop


class SandboxTransport(httpx.ASGITransport):
    """In-process transport to the sandbox (also used for its presigned URLs).

    A ``drop`` fault has no socket to close in process, so the app raises
    :class:`SandboxDrop`; this transport turns it into the same exception httpx raises
    when a real server closes the connection without answering."""

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Run the request through the app, mapping dropped connections to httpx errors."""
        try:
            return await super().handle_async_request(request)
        except SandboxDrop:
            raise httpx.RemoteProtocolError(
                "Server disconnected without sending a response.", request=request
            ) from None

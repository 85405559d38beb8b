"""``ProlificClient``: one async client for the whole AI Task Builder API.

Resources hang off it as attributes (``client.batches.create(...)``). It owns two httpx
clients: one for the API, which adds the token only for the API origin, and one for
presigned storage URLs, which has no credentials at all. Use it as an async context manager
(or call ``aclose``) so both are closed.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import datetime
from types import TracebackType
from typing import Self

import httpx

import atb_tui
from atb_tui.api._config import resolve_base_url, resolve_token
from atb_tui.api._requester import OriginBoundTokenAuth, Requester
from atb_tui.api._sender import Sender
from atb_tui.api._transfer import PresignedTransfer
from atb_tui.api.request_log import RequestLog
from atb_tui.api.resources.accounts import Projects, Users, Workspaces
from atb_tui.api.resources.batches import Batches
from atb_tui.api.resources.collections import Collections
from atb_tui.api.resources.datasets import Datasets
from atb_tui.api.resources.instructions import Instructions
from atb_tui.api.resources.studies import Studies
from atb_tui.api.resources.submissions import Submissions
from atb_tui.api.retry import RetryPolicy
from atb_tui.api.server_clock import ServerClock
from atb_tui.api.status import ConnectionStatus, StatusListener, StatusTracker

USER_AGENT = f"atb-tui/{atb_tui.__version__}"


class ProlificClient:
    """The Prolific API client.

    ``token`` defaults to ``PROLIFIC_TOKEN`` and ``base_url`` to ``PROLIFIC_URL`` or
    ``https://api.prolific.com`` (plain ``http://`` only for loopback hosts). ``transport``
    carries API requests (the sandbox plugs an ``httpx.ASGITransport`` in);
    ``presigned_transport`` carries uploads and downloads. ``sleep`` is awaited between
    retries (tests pass a fake one so they never wait). ``server_clock`` tells the server's
    time (default: estimated from each response's ``Date`` header). ``request_log`` receives a
    record of every attempt (the API log panel, ``--http-log``); by default the client keeps
    its own.
    """

    def __init__(
        self,
        token: str | None = None,
        *,
        base_url: str | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        presigned_transport: httpx.AsyncBaseTransport | None = None,
        retry: RetryPolicy | None = None,
        timeout: float = 30.0,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        server_clock: ServerClock | None = None,
        request_log: RequestLog | None = None,
    ) -> None:
        secret = resolve_token(token)
        self._base_url = resolve_base_url(base_url)
        # The server's time, learnt from each Date header (an in-process sandbox passes its own).
        self._server_clock = server_clock or ServerClock()
        self._tracker = StatusTracker(self._server_clock.now)
        self.request_log = request_log if request_log is not None else RequestLog()
        self.request_log.add_redaction(secret.redact)
        sender = Sender(retry or RetryPolicy(), self._tracker, sleep, self.request_log)
        self._api_http = httpx.AsyncClient(
            base_url=self._base_url,
            transport=transport,
            timeout=timeout,
            headers={"User-Agent": USER_AGENT, "Accept": "application/json"},
            auth=OriginBoundTokenAuth(secret, httpx.URL(self._base_url)),
            follow_redirects=False,
        )
        # No auth, no default credentials: storage rejects foreign Authorization headers.
        self._presigned_http = httpx.AsyncClient(
            transport=presigned_transport,
            timeout=timeout,
            headers={"User-Agent": USER_AGENT},
            follow_redirects=True,
        )
        requester = Requester(self._api_http, sender, secret, self._server_clock)
        transfer = PresignedTransfer(self._presigned_http, sender)
        self.users = Users(requester)
        self.workspaces = Workspaces(requester)
        self.projects = Projects(requester)
        self.datasets = Datasets(requester, transfer)
        self.batches = Batches(requester, transfer)
        self.instructions = Instructions(requester)
        self.collections = Collections(requester, transfer)
        self.studies = Studies(requester)
        self.submissions = Submissions(requester)

    @property
    def base_url(self) -> str:
        """The API's base URL, without a trailing slash."""
        return self._base_url

    def server_now(self) -> datetime:
        """The server's time now, from the last response's ``Date`` (see api/server_clock.py)."""
        return self._server_clock.now()

    @property
    def status(self) -> ConnectionStatus:
        """The current connection status."""
        return self._tracker.status

    def add_listener(self, listener: StatusListener) -> Callable[[], None]:
        """Call ``listener(status)`` on every status change; returns an unsubscribe function.

        Listeners run synchronously in the event loop; exceptions they raise are logged."""
        return self._tracker.add_listener(listener)

    async def aclose(self) -> None:
        """Close both HTTP clients (safe to call twice)."""
        await self._api_http.aclose()
        await self._presigned_http.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.aclose()

    def __repr__(self) -> str:
        return f"ProlificClient(base_url={self._base_url!r})"

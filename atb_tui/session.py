"""Who the app is talking to: a profile and its API client (in the demo, on the sandbox).

The client is built the first time something uses it, not when the session is made: building
it imports httpx, pydantic and every model (and, in the demo, the sandbox and its seeded
world), and the first screen is painted before any of that is needed.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from typing import TYPE_CHECKING

from atb_tui.api.status import ConnectionStatus, StatusListener
from atb_tui.storage.profiles import Profile

if TYPE_CHECKING:
    from atb_tui.api import ProlificClient, RetryPolicy
    from atb_tui.flows.datasets import RecentDatasets
    from atb_tui.sandbox import Sandbox

SANDBOX_PROFILE = Profile(name="sandbox", api_url="http://sandbox.localhost", sandbox=True)


class Session:
    """A signed-in connection. The client is shared by every screen.

    Give either a ready ``client`` or ``build``, which makes it on first use."""

    def __init__(
        self,
        profile: Profile,
        client: ProlificClient | None = None,
        *,
        build: Callable[[], ProlificClient] | None = None,
    ) -> None:
        if (client is None) == (build is None):
            raise ValueError("a session needs exactly one of client and build")
        self.profile = profile
        self._client = client
        self._build = build
        self._listeners: list[StatusListener] = []
        self._on_built: list[Callable[[ProlificClient], None]] = []

    @cached_property
    def recent_datasets(self) -> RecentDatasets:
        """Datasets this session read lately: a form offers settled ones without reading
        each again (flows/datasets.py)."""
        from atb_tui.flows.datasets import RecentDatasets  # the API's models: not at start-up

        return RecentDatasets()

    @property
    def read_only(self) -> bool:
        return self.profile.read_only

    @property
    def client(self) -> ProlificClient:
        """The API client, built now if nothing has used it yet."""
        if self._client is None:
            assert self._build is not None
            self._client = self._build()
            for listener in self._listeners:
                self._client.add_listener(listener)
            for callback in self._on_built:
                callback(self._client)
        return self._client

    @property
    def status(self) -> ConnectionStatus:
        """The connection's state; a client that was never used has sent nothing yet."""
        return self._client.status if self._client is not None else ConnectionStatus()

    def add_listener(self, listener: StatusListener) -> None:
        """Call ``listener`` on every change of the connection's status (see the client)."""
        if self._client is not None:
            self._client.add_listener(listener)
        else:
            self._listeners.append(listener)

    def when_built(self, callback: Callable[[ProlificClient], None]) -> None:
        """Call ``callback`` with the client once it exists (now, if it already does), so
        wiring it up (the request log) never builds it before the first frame."""
        if self._client is not None:
            callback(self._client)
        else:
            self._on_built.append(callback)

    async def close(self) -> None:
        if self._client is not None:
            await self._client.aclose()


def sandbox_session(sandbox: Callable[[], Sandbox], retry: RetryPolicy | None = None) -> Session:
    """A session on an in-process sandbox: no sockets, presigned URLs served by it too.

    ``sandbox`` is called when the client is first used, so the demo's world is created and
    seeded after the first frame."""
    return Session(SANDBOX_PROFILE, build=lambda: _sandbox_client(sandbox(), retry))


def _sandbox_client(sandbox: Sandbox, retry: RetryPolicy | None) -> ProlificClient:
    from atb_tui.api import ProlificClient
    from atb_tui.api.server_clock import ExactServerClock

    return ProlificClient(
        sandbox.token,
        base_url=sandbox.base_url,
        transport=sandbox.transport(),
        presigned_transport=sandbox.transport(),
        retry=retry,
        server_clock=ExactServerClock(sandbox.clock.now),
    )


def remote_session(profile: Profile, token: str) -> Session:
    """A session on a real (or served) Prolific API; the client is made on first use.

    The token and URL are checked now, so a bad one is refused here, not by the first request
    (raises ``ConfigurationError``)."""
    from atb_tui.api._config import resolve_base_url, resolve_token

    resolve_token(token)
    resolve_base_url(profile.api_url)

    def build() -> ProlificClient:
        from atb_tui.api import ProlificClient

        return ProlificClient(token, base_url=profile.api_url)

    return Session(profile, build=build)

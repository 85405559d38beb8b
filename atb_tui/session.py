"""Who the app is talking to: a profile, its API client and, in the demo, the sandbox."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from atb_tui.api import ProlificClient, RetryPolicy
from atb_tui.api.server_clock import ExactServerClock
from atb_tui.storage.profiles import Profile

if TYPE_CHECKING:
    from atb_tui.sandbox import Sandbox

SANDBOX_PROFILE = Profile(name="sandbox", api_url="http://sandbox.localhost", sandbox=True)


@dataclass
class Session:
    """A signed-in connection. The client is shared by every screen."""

    profile: Profile
    client: ProlificClient
    sandbox: Sandbox | None = None

    @property
    def read_only(self) -> bool:
        return self.profile.read_only

    async def close(self) -> None:
        await self.client.aclose()


def sandbox_session(sandbox: Sandbox, retry: RetryPolicy | None = None) -> Session:
    """A session on an in-process sandbox: no sockets, presigned URLs served by it too."""
    client = ProlificClient(
        sandbox.token,
        base_url=sandbox.base_url,
        transport=sandbox.transport(),
        presigned_transport=sandbox.transport(),
        retry=retry,
        server_clock=ExactServerClock(sandbox.clock.now),
    )
    return Session(SANDBOX_PROFILE, client, sandbox)


def remote_session(profile: Profile, token: str) -> Session:
    """A session on a real (or served) Prolific API."""
    return Session(profile, ProlificClient(token, base_url=profile.api_url))

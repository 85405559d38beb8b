"""Issue 15, proof 2 (last part): plain http:// to a host that is not loopback is refused
before a single request leaves, wherever the URL comes from; the refusal never names the
token. Loopback hosts (the sandbox served locally) are accepted."""

from __future__ import annotations

import httpx
import pytest

from atb_tui.api import InsecureURLError, ProlificClient
from atb_tui.session import remote_session
from atb_tui.storage.errors import StorageError
from atb_tui.storage.profiles import Profile
from tests.helpers.leaks import distinctive_token

REFUSED = [
    "http://api.prolific.com",
    "http://10.0.0.5:8080",
    "http://[2001:db8::1]/",
    "http://127.0.0.1.example.com",
    "HTTP://API.EXAMPLE.COM/api",
]
ACCEPTED = ["http://127.0.0.1:8765", "http://localhost:8765", "http://[::1]:8765"]


class Recording(httpx.AsyncBaseTransport):
    """Counts what would have gone out; answers 200 with an empty JSON object."""

    def __init__(self) -> None:
        self.sent: list[httpx.Request] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.sent.append(request)
        return httpx.Response(200, json={"id": "u1", "email": "a@b.c"})


@pytest.mark.parametrize("url", REFUSED)
async def test_plain_http_to_a_remote_host_is_refused_before_any_request(
    url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    token, wire = distinctive_token(), Recording()
    with pytest.raises(InsecureURLError) as given:
        ProlificClient(token, base_url=url, transport=wire)
    monkeypatch.setenv("PROLIFIC_URL", url)
    with pytest.raises(InsecureURLError) as from_env:
        ProlificClient(token, transport=wire)
    with pytest.raises(StorageError) as as_profile:  # a profile cannot even hold such a URL
        remote_session(Profile("remote", api_url=url), token)
    assert wire.sent == []
    for caught in (given, from_env):
        assert "http://" in caught.value.message
        assert token not in str(caught.value)
    assert "https://" in str(as_profile.value)


@pytest.mark.parametrize("url", ACCEPTED)
async def test_plain_http_to_loopback_is_accepted(url: str) -> None:
    wire = Recording()
    async with ProlificClient(distinctive_token(), base_url=url, transport=wire) as client:
        await client.users.me()
    assert [r.url.host for r in wire.sent] == [httpx.URL(url).host]

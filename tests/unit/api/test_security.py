"""Token handling and URL safety: the token goes only to the API origin and is never shown."""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable

import httpx
import pytest

import atb_tui
from atb_tui.api import (
    ConfigurationError,
    InsecureURLError,
    MalformedResponseError,
    MissingTokenError,
    ProlificClient,
    ProlificError,
    RetryPolicy,
)
from atb_tui.api._config import Secret, is_loopback_host
from tests.helpers.fake_api import TOKEN, FakeAPI

ME = "/api/v1/users/me/"
USER = {"id": "u1", "email": "r@example.com"}


def test_missing_token_is_a_clear_error() -> None:
    with pytest.raises(MissingTokenError, match="PROLIFIC_TOKEN"):
        ProlificClient()
    with pytest.raises(MissingTokenError):
        ProlificClient("   ")


def test_token_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PROLIFIC_TOKEN", f"  {TOKEN}\n")
    client = ProlificClient()
    assert client.base_url == "https://api.prolific.com"


def test_malformed_token_is_refused_without_echoing_it() -> None:
    bad = "abc def\nInjected: header"
    with pytest.raises(MissingTokenError) as caught:
        ProlificClient(bad)
    assert "abc" not in str(caught.value)


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8765",
        "http://127.9.9.9",
        "http://[::1]:8000",
        "http://localhost:1",
        "http://sandbox.localhost",
        "https://api.prolific.com/",
        "https://example.org",
    ],
)
def test_https_and_loopback_http_are_accepted(url: str) -> None:
    client = ProlificClient(TOKEN, base_url=url)
    assert client.base_url == url.rstrip("/")


@pytest.mark.parametrize(
    "url",
    ["http://api.prolific.com", "http://10.0.0.1", "http://localhost.evil.com", "http://[::2]"],
)
def test_plain_http_to_other_hosts_is_refused(url: str) -> None:
    with pytest.raises(InsecureURLError, match="plain http://"):
        ProlificClient(TOKEN, base_url=url)


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("ftp://x", "https://"),
        ("https://", "no host"),
        ("https://u:p@x", "user name"),
        ("https://x/?a=1", "query"),
        ("not a url", "no host"),
    ],
)
def test_unusable_urls_are_refused(url: str, problem: str) -> None:
    with pytest.raises(ConfigurationError, match=problem):
        ProlificClient(TOKEN, base_url=url)


def test_prolific_url_overrides_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PROLIFIC_URL", "http://127.0.0.1:9999/")
    assert ProlificClient(TOKEN).base_url == "http://127.0.0.1:9999"
    monkeypatch.setenv("PROLIFIC_URL", "http://prolific.example")
    with pytest.raises(InsecureURLError):
        ProlificClient(TOKEN)


def test_loopback_detection() -> None:
    assert is_loopback_host("127.0.0.1")
    assert is_loopback_host("LOCALHOST.")
    assert is_loopback_host("a.b.localhost")
    assert is_loopback_host("[::1]")
    assert not is_loopback_host("localhost.com")
    assert not is_loopback_host("192.168.1.1")


def test_token_never_appears_in_repr_or_str() -> None:
    client = ProlificClient(TOKEN)
    secret = Secret(TOKEN)
    shown = " ".join([repr(client), str(client), repr(vars(client)), repr(secret), str(secret)])
    assert TOKEN not in shown
    assert "api.prolific.com" in repr(client)


async def test_headers_user_agent_and_authorization_go_to_the_api(
    client: ProlificClient, api: FakeAPI
) -> None:
    api.json("GET", ME, USER)
    await client.users.me()
    headers = api.seen[0].headers
    assert headers["authorization"] == f"Token {TOKEN}"
    assert headers["user-agent"] == f"atb-tui/{atb_tui.__version__}"
    assert TOKEN not in repr(headers)


async def test_pagination_link_to_another_origin_is_refused_without_sending_the_token(
    client: ProlificClient, api: FakeAPI
) -> None:
    page = {
        "results": [{"id": "w1", "title": "W"}],
        "_links": {"next": {"href": "https://evil.example/api/v1/workspaces/?page=2"}},
    }
    api.json("GET", "/api/v1/workspaces/", page)
    with pytest.raises(MalformedResponseError, match="another site"):
        await client.workspaces.list()
    assert len(api.seen) == 1


async def test_token_absent_from_errors_tracebacks_and_logs(
    make_client: Callable[..., ProlificClient], api: FakeAPI, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="atb_tui.api")
    echo = {"error": {"title": "Unauthorized", "detail": f"Token {TOKEN} is not valid"}}
    api.on(
        "GET",
        ME,
        httpx.ReadError(f"reset while sending Token {TOKEN}"),
        httpx.Response(401, json=echo),
    )
    client = make_client(api.handler, retry=RetryPolicy(max_attempts=2, jitter=False))
    with pytest.raises(ProlificError) as caught:
        await client.users.me()
    error = caught.value
    rendered = "".join(traceback.format_exception(error.__class__, error, None))
    assert TOKEN not in f"{error} {error!r} {rendered}"
    assert "[redacted]" in str(error)
    assert caplog.records, "requests are logged at debug level"
    for record in caplog.records:
        assert TOKEN not in record.getMessage()
        assert "authorization" not in record.getMessage().lower()
    messages = [record.getMessage() for record in caplog.records]
    assert f"GET {ME} -> 401" in messages[-1]

"""Where the client connects and with which token, checked before anything is sent."""

from __future__ import annotations

import ipaddress
import os
import re
from typing import TYPE_CHECKING

from atb_tui.api.errors import ConfigurationError, InsecureURLError, MissingTokenError

if TYPE_CHECKING:
    import httpx

DEFAULT_BASE_URL = "https://api.prolific.com"
TOKEN_ENV = "PROLIFIC_TOKEN"
URL_ENV = "PROLIFIC_URL"
MIN_REDACTED_LENGTH = 8
_TOKEN_SHAPE = re.compile(r"[!-~]+")  # printable ASCII without spaces: safe in a header


class Secret:
    """A string that never shows itself in ``repr``/``str`` (so never in logs or tracebacks)."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        """The actual value, for the one place that needs it (the Authorization header)."""
        return self._value

    def redact(self, text: str) -> str:
        """``text`` with every occurrence of the secret replaced.

        Values shorter than ``MIN_REDACTED_LENGTH`` are left alone: replacing a 3-letter test
        token would mangle ordinary words, and real tokens are far longer."""
        if len(self._value) < MIN_REDACTED_LENGTH:
            return text
        return text.replace(self._value, "[redacted]")

    def __repr__(self) -> str:
        return "Secret('[redacted]')"

    __str__ = __repr__


def resolve_token(token: str | None) -> Secret:
    """The given token, else ``PROLIFIC_TOKEN``; refuse a missing or malformed one."""
    source = "The token given" if token is not None else f"{TOKEN_ENV}"
    value = token if token is not None else os.environ.get(TOKEN_ENV)
    if value is None or not value.strip():
        raise MissingTokenError(
            f"No Prolific API token: set {TOKEN_ENV} or sign in with a profile. "
            "Create a token in the Prolific app under Settings, API tokens."
        )
    value = value.strip()
    if not _TOKEN_SHAPE.fullmatch(value):
        raise MissingTokenError(
            f"{source} contains spaces or characters a token cannot have; paste it again."
        )
    return Secret(value)


def is_loopback_host(host: str) -> bool:
    """127.0.0.0/8, ::1, ``localhost`` and ``*.localhost`` (RFC 6761 keeps those local)."""
    name = host.strip("[]").rstrip(".").lower()
    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def check_transport_security(url: httpx.URL, what: str) -> None:
    """Refuse anything but HTTPS, except plain HTTP to a loopback host."""
    if url.scheme == "https":
        return
    if url.scheme == "http" and is_loopback_host(url.host):
        return
    if url.scheme == "http":
        raise InsecureURLError(
            f"{what} uses plain http:// for {url.host}; only https:// is allowed "
            "(http:// is accepted for localhost and 127.0.0.1)."
        )
    raise ConfigurationError(f"{what} must start with https:// (got {url.scheme or 'no'} scheme).")


def resolve_base_url(base_url: str | None) -> str:
    """The given URL, else ``PROLIFIC_URL``, else the real API; validated and without ``/``."""
    import httpx  # here, not at the top: the CLI reads this module's names before any request

    raw = base_url if base_url is not None else os.environ.get(URL_ENV) or DEFAULT_BASE_URL
    try:
        url = httpx.URL(raw.strip())
    except httpx.InvalidURL as error:
        raise ConfigurationError(f"The API URL {raw!r} is not a valid URL.") from error
    if not url.host:
        raise ConfigurationError(f"The API URL {raw!r} has no host (expected https://host).")
    if url.userinfo:
        raise ConfigurationError("The API URL must not contain a user name or password.")
    if url.query or url.fragment:
        raise ConfigurationError("The API URL must not contain a query or fragment.")
    check_transport_security(url, "The API URL")
    return str(url).rstrip("/")


def origin_of(url: httpx.URL) -> tuple[str, str, int | None]:
    """Scheme, host and effective port: requests go with the token only to this origin."""
    default_port = {"http": 80, "https": 443}.get(url.scheme)
    return url.scheme, url.host.lower(), url.port or default_port

"""Requests to the Prolific API: auth bound to the API origin, retries, error mapping, parsing."""

from __future__ import annotations

import json
from collections.abc import Generator, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

import httpx
from pydantic import BaseModel, TypeAdapter, ValidationError

from atb_tui.api._config import Secret, origin_of
from atb_tui.api._error_bodies import error_from_response
from atb_tui.api._recording import api_url
from atb_tui.api._sender import Call, Sender
from atb_tui.api.errors import MalformedResponseError
from atb_tui.api.retry import RETRYABLE_STATUSES, parse_retry_after
from atb_tui.api.server_clock import ServerClock

M = TypeVar("M", bound=BaseModel)
T = TypeVar("T")
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "PATCH", "DELETE"})
QueryParams = Mapping[str, str | int | bool]


class OriginBoundTokenAuth(httpx.Auth):
    """Adds ``Authorization: Token ...`` only to requests for the API origin."""

    def __init__(self, token: Secret, api_url: httpx.URL) -> None:
        self._token = token
        self._origin = origin_of(api_url)

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        """Attach the token when the request goes to the API origin, and only then."""
        if origin_of(request.url) == self._origin:
            request.headers["Authorization"] = f"Token {self._token.reveal()}"
        yield request


@dataclass(frozen=True, slots=True)
class ApiResponse:
    """A successful API response, read in full."""

    endpoint: str
    status_code: int
    headers: httpx.Headers
    content: bytes

    def json(self) -> Any:
        """The decoded body; a body that is not JSON raises ``MalformedResponseError``."""
        try:
            return json.loads(self.content)
        except ValueError as error:
            raise self.malformed("the body is not JSON") from error

    def malformed(self, reason: str) -> MalformedResponseError:
        """An error saying this endpoint answered something we cannot read."""
        return MalformedResponseError(
            f"Prolific answered {self.endpoint} with something this app cannot read: {reason}.",
            endpoint=self.endpoint,
            status_code=self.status_code,
        )


_ADAPTERS: dict[Any, TypeAdapter[Any]] = {}


def _adapter(shape: Any) -> TypeAdapter[Any]:
    """A cached validator for ``shape`` (building one per response would dominate big lists)."""
    adapter = _ADAPTERS.get(shape)
    if adapter is None:
        adapter = _ADAPTERS[shape] = TypeAdapter(shape)
    return adapter


def _summarise(error: ValidationError) -> str:
    problems = [
        f"{'.'.join(str(part) for part in issue['loc']) or 'body'}: {issue['msg']}"
        for issue in error.errors()[:3]
    ]
    more = f" (and {error.error_count() - 3} more)" if error.error_count() > 3 else ""
    return "; ".join(problems) + more


def parse_as(response: ApiResponse, shape: type[T], payload: Any = None) -> T:
    """Validate the body (or ``payload``) as ``shape``; a mismatch is ``MalformedResponseError``."""
    data = response.json() if payload is None else payload
    try:
        result: T = _adapter(shape).validate_python(data)
    except ValidationError as error:
        raise response.malformed(_summarise(error)) from error
    return result


class Requester:
    """Sends API requests through the retry loop and raises our errors for error statuses."""

    def __init__(
        self,
        http: httpx.AsyncClient,
        sender: Sender,
        token: Secret,
        clock: ServerClock | None = None,
    ) -> None:
        self._http = http
        self._sender = sender
        self._token = token
        self.host = http.base_url.host
        self.clock = clock or ServerClock()  # learns the server's time from each Date header

    async def request(
        self,
        method: str,
        path: str,
        *,
        params: QueryParams | None = None,
        json_body: Any = None,
        content: bytes | None = None,
        headers: Mapping[str, str] | None = None,
        safe: bool | None = None,
    ) -> ApiResponse:
        """Send one logical request; ``safe`` overrides the method's default retry class."""
        route = httpx.URL(path).path
        endpoint = f"{method} {route}"
        call = Call(
            endpoint=endpoint,
            host=self.host,
            safe=method in SAFE_METHODS if safe is None else safe,
            retry_statuses=RETRYABLE_STATUSES,
            url=api_url(path, params),
            path=route,
        )

        async def attempt() -> httpx.Response:
            return await self._http.request(
                method, path, params=params, json=json_body, content=content, headers=headers
            )

        response = await self._sender.send(call, attempt)
        self.clock.observe(response.headers.get("date"))
        return self._checked(endpoint, response)

    def _checked(self, endpoint: str, response: httpx.Response) -> ApiResponse:
        status = response.status_code
        if status >= 400:
            raise error_from_response(
                status,
                response.content,
                response.headers.get("content-type", ""),
                endpoint,
                self._token.redact,
                retry_after=parse_retry_after(response.headers.get("retry-after")),
            )
        result = ApiResponse(endpoint, status, response.headers, response.content)
        if status >= 300:
            raise result.malformed(f"an unexpected redirect ({status})")
        return result

    def same_origin_url(self, href: str, endpoint: str) -> str:
        """The absolute URL of a pagination link, refusing links to another origin."""
        url = self._http.base_url.join(href)
        if origin_of(url) != origin_of(self._http.base_url):
            raise MalformedResponseError(
                f"Prolific answered {endpoint} with a next-page link to another site ({url.host}).",
                endpoint=endpoint,
            )
        return str(url)

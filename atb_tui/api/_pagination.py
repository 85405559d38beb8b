"""Fetch every page of a list endpoint, whichever way that endpoint paginates.

Classic endpoints send ``_links.next.href``; data-collection endpoints send
``{"results": [...], "meta": {"count": N}}`` and may or may not honour ``limit``/``offset``.
We follow ``next`` when given; otherwise, while fewer than ``count`` items have arrived, we ask
for the rest with ``offset``. The first request carries no ``limit`` unless asked, so a server
that returns everything at once costs exactly one request.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from atb_tui.api._requester import ApiResponse, QueryParams, Requester, parse_as
from atb_tui.api.models.common import Page


class Identified(Protocol):
    """Anything with an ``id`` (used to notice a server repeating a page)."""

    @property
    def id(self) -> str: ...


ItemT = TypeVar("ItemT", bound=Identified)


@dataclass(frozen=True, slots=True)
class _RawPage:
    results: list[Any]
    count: int | None
    next_href: str | None


def _read_page(response: ApiResponse) -> _RawPage:
    body = response.json()
    if isinstance(body, list):  # tolerated: some endpoints have been seen to send a bare list
        return _RawPage(body, None, None)
    if not isinstance(body, Mapping) or not isinstance(body.get("results", []), list | None):
        raise response.malformed("expected an object with a 'results' list")
    count = _mapping(body, "meta").get("count")
    href = _mapping(_mapping(body, "_links"), "next").get("href")
    return _RawPage(
        body.get("results") or [],
        count if isinstance(count, int) else None,
        href if isinstance(href, str) and href else None,
    )


def _mapping(parent: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    """``parent[key]`` if it is an object, else an empty one."""
    value = parent.get(key)
    return value if isinstance(value, Mapping) else {}


async def iter_pages(
    requester: Requester,
    path: str,
    item_type: type[ItemT],
    *,
    params: QueryParams | None = None,
    page_size: int | None = None,
) -> AsyncIterator[Page[ItemT]]:
    """Yield each page of ``path`` as parsed items until the list is exhausted."""
    base_params: dict[str, str | int | bool] = dict(params or {})
    if page_size is not None:
        base_params["limit"] = page_size
    url: str = path
    query: QueryParams | None = base_params
    seen: set[str] = set()
    fetched = 0
    while True:
        response = await requester.request("GET", url, params=query)
        raw = _read_page(response)
        parsed: list[ItemT] = parse_as(response, list[item_type], raw.results)  # type: ignore[valid-type]
        fresh = _drop_seen(parsed, seen)
        if parsed and not fresh:
            raise response.malformed("the server sent the same page twice (offset ignored?)")
        fetched += len(parsed)
        yield Page(items=fresh, total=raw.count)
        if raw.next_href:
            # No params: httpx would replace the link's own query with them.
            url, query = requester.same_origin_url(raw.next_href, response.endpoint), None
        elif parsed and raw.count is not None and fetched < raw.count:
            limit = page_size or len(parsed)
            url, query = path, {**base_params, "offset": fetched, "limit": limit}
        else:
            return


def _drop_seen(items: list[ItemT], seen: set[str]) -> list[ItemT]:
    """Items not yielded before (a live list can shift between offset pages); updates ``seen``."""
    fresh = []
    for item in items:
        if item.id not in seen:
            seen.add(item.id)
            fresh.append(item)
    return fresh


async def fetch_all(
    requester: Requester,
    path: str,
    item_type: type[ItemT],
    *,
    params: QueryParams | None = None,
) -> list[ItemT]:
    """Every item of ``path``, across all pages."""
    items: list[ItemT] = []
    async for page in iter_pages(requester, path, item_type, params=params):
        items.extend(page.items)
    return items

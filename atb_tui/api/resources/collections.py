"""Collections (early access): pages of content and questions without a dataset."""

from __future__ import annotations

import builtins
from collections.abc import AsyncIterator

from atb_tui.api._pagination import fetch_all, iter_pages
from atb_tui.api.models.collections import (
    Collection,
    CollectionCreate,
    CollectionResponse,
    CollectionUpdate,
)
from atb_tui.api.models.common import Page
from atb_tui.api.resources._base import DATA_COLLECTION, nonempty, parse_as, seg
from atb_tui.api.resources._exports import ExportingResource

COLLECTIONS = f"{DATA_COLLECTION}/collections"


class Collections(ExportingResource):
    """``/api/v1/data-collection/collections``"""

    def _path(self, object_id: str, *rest: str) -> str:
        return "/".join([COLLECTIONS, seg(object_id, "collection_id"), *rest])

    async def list(self, workspace_id: str) -> builtins.list[Collection]:
        """Every collection of a workspace."""
        params = {"workspace_id": nonempty(workspace_id, "workspace_id")}
        return await fetch_all(self._requester, COLLECTIONS, Collection, params=params)

    async def create(self, collection: CollectionCreate) -> Collection:
        """A new collection (never repeated blindly)."""
        response = await self._requester.request(
            "POST", COLLECTIONS, json_body=collection.to_payload()
        )
        return parse_as(response, Collection)

    async def get(self, collection_id: str) -> Collection:
        """One collection with its pages."""
        return parse_as(await self._requester.request("GET", self._path(collection_id)), Collection)

    async def replace(self, collection_id: str, collection: CollectionUpdate) -> Collection:
        """Replace name, task details and pages (keep ids to keep pages and items)."""
        response = await self._requester.request(
            "PUT", self._path(collection_id), json_body=collection.to_payload()
        )
        return parse_as(response, Collection)

    def iter_responses(
        self, collection_id: str, *, page_size: int | None = None
    ) -> AsyncIterator[Page[CollectionResponse]]:
        """The collection's responses, page by page (Prolific marks this "coming soon")."""
        path = self._path(collection_id, "responses")
        return iter_pages(self._requester, path, CollectionResponse, page_size=page_size)

    async def responses(self, collection_id: str) -> builtins.list[CollectionResponse]:
        """Every response of the collection."""
        path = self._path(collection_id, "responses")
        return await fetch_all(self._requester, path, CollectionResponse)

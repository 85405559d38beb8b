"""Routes: AI Task Builder collections — list, create, get, replace (PUT), responses, export.

A collection is a fixed set of pages every participant answers (no dataset, no setup).
Page items are instructions (same rules as batch instructions, plus a required ``order``)
or content blocks (``image`` with an HTTPS url, ``rich_text`` in HTML or Markdown).
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from atb_tui.sandbox import render
from atb_tui.sandbox.errors import ClassicError, FieldErrors, FlatError, not_found
from atb_tui.sandbox.ids import iso
from atb_tui.sandbox.instruction_rules import instruction_problems, normalise_instruction
from atb_tui.sandbox.markdown import to_html
from atb_tui.sandbox.model import INSTRUCTION_TYPES, JSON, Collection
from atb_tui.sandbox.routes_batches import task_details
from atb_tui.sandbox.web import (
    Endpoint,
    context,
    data_list,
    json_response,
    page_window,
    read_object,
    text_field,
)
from atb_tui.sandbox.world import World

# What Prolific answers when Collections (early access) is not enabled for the workspace
# (the Go CLI recognises it by "request failed" + "permission" + "feature").
FEATURE_NOT_ENABLED = "You do not currently have permission to access this feature."


def require_feature(world: World, workspace_id: str | None) -> None:
    """403 when the workspace does not have Collections enabled."""
    space = world.workspaces.get(str(workspace_id))
    if space is not None and not space.collections_enabled:
        raise FlatError(403, FEATURE_NOT_ENABLED, "Request failed")


def find_collection(world: World, collection_id: str) -> Collection:
    """The collection, or a flat 404 (403 when its workspace lost the feature)."""
    item = world.collections.get(collection_id)
    if item is None:
        raise not_found("collection", flat=True)
    require_feature(world, item.workspace_id)
    return item


class _PageBuilder:
    """Validates pages and builds their stored form, keeping ids and dates of kept entries."""

    def __init__(
        self, world: World, collection_id: str, previous: list[JSON], errors: FieldErrors
    ) -> None:
        self.world, self.collection_id, self.errors = world, collection_id, errors
        self.known: dict[str, JSON] = {}
        for page in previous:
            self.known[page["id"]] = page
            self.known.update({item["id"]: item for item in page["page_items"]})

    def stamp(self, entry: JSON, where: str) -> JSON:
        given = entry.get("id")
        if given is not None and given not in self.known:
            self.errors.add(f"{where}.id", "Unknown id: omit 'id' to create a new entry.")
        kept = self.known.get(str(given), {})
        return {
            "id": kept.get("id") or self.world.new_uuid(),
            "created_at": kept.get("created_at") or iso(self.world.now),
            "created_by": self.world.user.id,
            "schema_version": 1,
        }

    def pages(self, pages: Any) -> list[JSON]:
        if not isinstance(pages, list) or not pages:
            self.errors.add("collection_items", "At least one page is required.")
            return []
        return [self.page(page, f"collection_items[{n}]") for n, page in enumerate(pages)]

    def page(self, page: Any, where: str) -> JSON:
        items = page.get("page_items") if isinstance(page, dict) else None
        if not isinstance(items, list) or not items:
            self.errors.add(f"{where}.page_items", "Each page needs at least one item.")
            return {}
        built = self.stamp(page, where)
        if isinstance(page.get("order"), int):
            built["order"] = page["order"]
        built["page_items"] = [
            self.item(item, built["id"], f"{where}.page_items[{n}]") for n, item in enumerate(items)
        ]
        return built

    def item(self, item: Any, page_id: str, where: str) -> JSON:
        kind = item.get("type") if isinstance(item, dict) else None
        if kind in INSTRUCTION_TYPES:
            return self.instruction(item, where)
        if kind in ("image", "rich_text"):
            return self.block(item, page_id, where)
        self.errors.add(
            f"{where}.type",
            f"Must be one of: {', '.join((*INSTRUCTION_TYPES, 'image', 'rich_text'))}.",
        )
        return {}

    def instruction(self, item: JSON, where: str) -> JSON:
        problems = instruction_problems(item)
        if isinstance(item.get("order"), bool) or not isinstance(item.get("order"), int):
            problems.append(("order", "This field is required (an integer)."))
        for name, message in problems:
            self.errors.add(f"{where}.{name}" if name else where, message)
        if problems:
            return {}
        base = {**normalise_instruction(item), **self.stamp(item, where), "order": item["order"]}
        return {**base, "parent_id": self.collection_id, "parent_type": "collection"}

    def block(self, item: JSON, page_id: str, where: str) -> JSON:
        built = {
            **self.stamp(item, where),
            "type": item["type"],
            "parent_id": page_id,
            "parent_type": "collection",
        }
        built["order"] = item.get("order", 0)
        if item["type"] == "image":
            if not isinstance(item.get("url"), str) or not item["url"].startswith("https://"):
                self.errors.add(f"{where}.url", "Image 'url' must be an HTTPS URL.")
            if not isinstance(item.get("alt_text"), str) or not item["alt_text"].strip():
                self.errors.add(f"{where}.alt_text", "This field is required.")
            built.update({k: item[k] for k in ("url", "alt_text", "caption") if k in item})
            return built
        content = item.get("content")
        if not isinstance(content, str) or not content.strip():
            self.errors.add(f"{where}.content", "This field is required.")
            content = ""
        built["content"] = to_html(content) if item.get("content_format") == "markdown" else content
        return built


async def list_collections(request: Request) -> Response:
    """GET /api/v1/data-collection/collections?workspace_id= (required); limit/offset honoured."""
    world = context(request).world
    workspace_id = request.query_params.get("workspace_id")
    if not workspace_id:
        raise ClassicError(400, {"workspace_id": ["This query parameter is required."]})
    require_feature(world, workspace_id)
    items = [
        render.collection(c) for c in world.collections.values() if c.workspace_id == workspace_id
    ]
    return json_response(data_list(items, page_window(request)))


async def create_collection(request: Request) -> Response:
    """POST /api/v1/data-collection/collections — 201."""
    world = context(request).world
    body = await read_object(request)
    errors = FieldErrors()
    name = text_field(body, "name", errors, required=True)
    workspace_id = text_field(body, "workspace_id", errors, required=True)
    if workspace_id and workspace_id not in world.workspaces:
        errors.add("workspace_id", "Workspace not found.")
    require_feature(world, workspace_id)
    details = task_details(body.get("task_details"), errors) or {}
    collection_id = world.new_uuid()
    pages = _PageBuilder(world, collection_id, [], errors).pages(body.get("collection_items"))
    errors.raise_if_any()
    me = world.user.id
    item = Collection(
        collection_id, str(workspace_id), str(name), details, pages, world.now, me, world.now, me
    )
    world.collections[item.id] = item
    return json_response(render.collection(item), 201)


async def get_collection(request: Request) -> Response:
    """GET /api/v1/data-collection/collections/{collection_id}"""
    world = context(request).world
    return json_response(
        render.collection(find_collection(world, request.path_params["collection_id"]))
    )


async def replace_collection(request: Request) -> Response:
    """PUT /api/v1/data-collection/collections/{collection_id} — full replacement."""
    world = context(request).world
    item = find_collection(world, request.path_params["collection_id"])
    body = await read_object(request)
    errors = FieldErrors()
    name = text_field(body, "name", errors, required=True)
    details = task_details(body.get("task_details"), errors) or {}
    pages = _PageBuilder(world, item.id, item.pages, errors).pages(body.get("collection_items"))
    errors.raise_if_any()
    item.name, item.task_details, item.pages = str(name), details, pages
    item.last_modified_at, item.last_modified_by = world.now, world.user.id
    return json_response(render.collection(item))


async def get_responses(request: Request) -> Response:
    """GET .../collections/{collection_id}/responses — limit/offset honoured."""
    world = context(request).world
    item = find_collection(world, request.path_params["collection_id"])
    rows = [render.collection_response(r) for r in world.responses_of(item.id)]
    return json_response(data_list(rows, page_window(request)))


_BASE = "/api/v1/data-collection/collections"
ROUTES: list[tuple[str, str, Endpoint]] = [
    ("GET", _BASE, list_collections),
    ("POST", _BASE, create_collection),
    ("GET", _BASE + "/{collection_id}", get_collection),
    ("PUT", _BASE + "/{collection_id}", replace_collection),
    ("GET", _BASE + "/{collection_id}/responses", get_responses),
]

"""Saving collections against the sandbox: create, replace keeping ids, 403 when not enabled."""

from __future__ import annotations

import pytest

from atb_tui.api import PermissionDeniedError, ProlificClient
from atb_tui.flows.collections import save_collection
from atb_tui.logic.instructions import FreeText, new_instruction
from atb_tui.sandbox import Sandbox
from atb_tui.views.collection_draft import ContentBlock, DraftPage, draft_from_collection
from tests.helpers.sandbox import WS_ID


async def test_replace_keeps_the_ids_of_kept_items(
    sandbox: Sandbox, client: ProlificClient
) -> None:
    (stored,) = await client.collections.list(WS_ID)
    draft = draft_from_collection(stored)
    kept_ids = [item.id for item in draft.pages[0].items]
    draft.pages[0].items.append(FreeText(description="Anything else?"))
    draft.add_page(1)
    draft.pages[1].items.append(
        ContentBlock("image", url="https://example.org/a.png", alt_text="A film still")
    )
    saved = await save_collection(client, WS_ID, stored.id, draft)
    assert saved.collection is not None
    assert saved.draft is not None
    pages = sandbox.world.collections[stored.id].pages
    assert [item["id"] for item in pages[0]["page_items"]][:2] == kept_ids
    assert len(pages) == 2
    assert pages[1]["page_items"][0]["type"] == "image"
    assert saved.draft.pages[0].items[2].id is not None  # the new question got its id


async def test_create_then_a_refused_draft_sends_nothing(
    sandbox: Sandbox, client: ProlificClient
) -> None:
    draft = draft_from_collection((await client.collections.list(WS_ID))[0])
    draft.name = "Copy"
    draft.pages = [DraftPage([new_instruction("multiple_choice")])]
    draft.pages[0].items[0] = FreeText(description="Your favourite film?")
    created = await save_collection(client, WS_ID, None, draft)
    assert created.collection is not None
    assert sandbox.world.collections[created.collection.id].name == "Copy"
    requests = len(sandbox.request_log)
    draft.pages.append(DraftPage())
    refused = await save_collection(client, WS_ID, created.collection.id, draft)
    assert refused.refused
    assert len(sandbox.request_log) == requests


async def test_a_workspace_without_collections_gets_a_403(
    sandbox: Sandbox, client: ProlificClient
) -> None:
    sandbox.world.workspaces[WS_ID].collections_enabled = False
    with pytest.raises(PermissionDeniedError) as caught:
        await client.collections.list(WS_ID)
    assert caught.value.feature_not_enabled

"""Collections: create, read, full replacement keeping ids, validation, list limits."""

from __future__ import annotations

from typing import Any

import httpx

from tests.helpers.raw_api import DC, TASK_DETAILS, workspace_id


def _pages() -> list[dict[str, Any]]:
    return [
        {
            "order": 0,
            "page_items": [
                {
                    "type": "rich_text",
                    "content": "# Brief\n\nWrite *one* line.",
                    "content_format": "markdown",
                    "order": 0,
                },
                {"type": "free_text", "description": "Your prompt", "order": 1},
                {
                    "type": "image",
                    "url": "https://example.org/a.png",
                    "alt_text": "A cat",
                    "order": 2,
                },
            ],
        }
    ]


async def test_create_get_and_replace_keep_ids(bare_api: httpx.AsyncClient) -> None:
    body = {
        "name": "Prompts",
        "workspace_id": await workspace_id(bare_api),
        "task_details": TASK_DETAILS,
        "collection_items": _pages(),
    }
    created = await bare_api.post(f"{DC}/collections", json=body)
    assert created.status_code == 201
    collection = created.json()
    items = collection["collection_items"][0]["page_items"]
    assert items[0]["content"] == "<h1>Brief</h1><p>Write <em>one</em> line.</p>"
    assert items[1]["parent_type"] == "collection"
    assert items[1]["order"] == 1
    assert collection["schema_version"] == 1
    fetched = (await bare_api.get(f"{DC}/collections/{collection['id']}/")).json()
    assert fetched == collection
    page = collection["collection_items"][0]
    replacement = {
        "name": "Prompts v2",
        "task_details": TASK_DETAILS,
        "collection_items": [
            {"id": page["id"], "page_items": [{**items[1], "description": "Edited"}]}
        ],
    }
    replaced = (
        await bare_api.put(f"{DC}/collections/{collection['id']}/", json=replacement)
    ).json()
    assert replaced["collection_items"][0]["id"] == page["id"]
    kept = replaced["collection_items"][0]["page_items"]
    assert len(kept) == 1
    assert kept[0]["id"] == items[1]["id"]
    assert kept[0]["description"] == "Edited"
    listed = (
        await bare_api.get(
            f"{DC}/collections", params={"workspace_id": str(body["workspace_id"]), "limit": 1}
        )
    ).json()
    assert listed["meta"]["count"] == 1
    assert listed["results"][0]["name"] == "Prompts v2"


async def test_invalid_collections_name_the_offending_fields(bare_api: httpx.AsyncClient) -> None:
    bad_pages = [
        {
            "page_items": [
                {"type": "free_text", "description": "no order"},
                {"type": "image", "url": "http://insecure", "alt_text": ""},
                {"type": "poll"},
            ]
        },
        {"page_items": []},
    ]
    body = {
        "name": "",
        "workspace_id": await workspace_id(bare_api),
        "task_details": {},
        "collection_items": bad_pages,
    }
    response = await bare_api.post(f"{DC}/collections", json=body)
    detail = response.json()["error"]["detail"]
    assert response.status_code == 400
    assert {
        "name",
        "task_details.task_name",
        "collection_items[0].page_items[0].order",
        "collection_items[0].page_items[1].url",
        "collection_items[0].page_items[1].alt_text",
        "collection_items[0].page_items[2].type",
        "collection_items[1].page_items",
    } <= set(detail)

"""Multi-step API flows shared by sandbox tests (each step is a real HTTP call)."""

from __future__ import annotations

from typing import Any

import httpx

from atb_tui.sandbox import Sandbox

DC = "/api/v1/data-collection"
TASK_DETAILS = {
    "task_name": "Rate reviews",
    "task_introduction": "<p>Read each review.</p>",
    "task_steps": "<ol><li>Read</li><li>Answer</li></ol>",
}
SENTIMENT = {
    "type": "multiple_choice",
    "created_by": "tester",
    "description": "Sentiment?",
    "answer_limit": 1,
    "options": [
        {"label": "Positive", "value": "positive"},
        {"label": "Negative", "value": "negative"},
    ],
}
WHY = {"type": "free_text", "created_by": "tester", "description": "Why?"}


def reviews_csv(rows: int, *, grouped_by: int = 0) -> bytes:
    header = "review,META_label" + (",META_TASK_GROUP_ID" if grouped_by else "")
    lines = [header]
    for n in range(rows):
        label = "positive" if n % 3 else "negative"
        line = f"Review {n} says it was {label},{label}"
        lines.append(line + (f",g{n // grouped_by}" if grouped_by else ""))
    return ("\n".join(lines) + "\n").encode()


async def workspace_id(api: httpx.AsyncClient) -> str:
    response = await api.get("/api/v1/workspaces/")
    return str(response.json()["results"][0]["id"])


async def upload(
    sb: Sandbox, api: httpx.AsyncClient, dataset_id: str, name: str, body: bytes
) -> dict[str, Any]:
    ticket = await api.get(f"{DC}/datasets/{dataset_id}/upload-url/{name}")
    assert ticket.status_code == 201, ticket.text
    payload: dict[str, Any] = ticket.json()
    async with httpx.AsyncClient(transport=sb.transport()) as storage:
        put = await storage.put(
            payload["upload_url"], content=body, headers={"Content-Type": payload["content_type"]}
        )
    assert put.status_code == 200, put.text
    return payload


async def ready_dataset(
    sb: Sandbox, api: httpx.AsyncClient, csv_bytes: bytes, name: str = "data.csv"
) -> str:
    workspace = await workspace_id(api)
    created = await api.post(f"{DC}/datasets", json={"name": "Reviews", "workspace_id": workspace})
    assert created.status_code == 201, created.text
    dataset_id = str(created.json()["id"])
    await upload(sb, api, dataset_id, name, csv_bytes)
    sb.advance(15)
    return dataset_id


async def batch_with_instructions(
    api: httpx.AsyncClient, dataset_id: str | None, instructions: list[dict[str, Any]]
) -> str:
    body: dict[str, Any] = {
        "name": "Batch",
        "workspace_id": await workspace_id(api),
        "task_details": TASK_DETAILS,
    }
    if dataset_id:
        body["dataset_id"] = dataset_id
    created = await api.post(f"{DC}/batches", json=body)
    assert created.status_code == 201, created.text
    batch_id = str(created.json()["id"])
    if instructions:
        added = await api.post(
            f"{DC}/batches/{batch_id}/instructions", json={"instructions": instructions}
        )
        assert added.status_code == 201, added.text
    return batch_id


async def ready_batch(
    sb: Sandbox, api: httpx.AsyncClient, rows: int = 12, per_group: int = 3, grouped_by: int = 0
) -> str:
    dataset_id = await ready_dataset(sb, api, reviews_csv(rows, grouped_by=grouped_by))
    batch_id = await batch_with_instructions(api, dataset_id, [SENTIMENT, WHY])
    setup = await api.post(
        f"{DC}/batches/{batch_id}/setup",
        json={"dataset_id": dataset_id, "tasks_per_group": per_group},
    )
    assert setup.status_code == 202, setup.text
    sb.advance(15)
    return batch_id


async def draft_study(
    api: httpx.AsyncClient, batch_id: str, per_task: int = 2, **extra: Any
) -> dict[str, Any]:
    body = {
        "name": "Rate reviews",
        "description": "<p>Short task</p>",
        "data_collection_method": "AI_TASK_BUILDER_BATCH",
        "data_collection_id": batch_id,
        "data_collection_metadata": {"annotators_per_task": per_task},
        "reward": 100,
        "estimated_completion_time": 3,
        "prolific_id_option": "not_required",
        **extra,
    }
    created = await api.post("/api/v1/studies/", json=body)
    assert created.status_code == 201, created.text
    result: dict[str, Any] = created.json()
    return result

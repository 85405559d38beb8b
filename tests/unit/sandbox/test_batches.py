"""Batches: create/update/duplicate, legacy instructions, batch_items, setup, sync."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from atb_tui.sandbox import Sandbox
from tests.helpers.raw_api import (
    DC,
    SENTIMENT,
    TASK_DETAILS,
    WHY,
    batch_with_instructions,
    ready_batch,
    ready_dataset,
    reviews_csv,
    workspace_id,
)

DEPRECATION = {"deprecation": "true", "sunset": "Tue, 01 Sep 2026 23:59:59 GMT"}


async def test_create_batch_returns_201_with_the_documented_fields(
    bare: Sandbox, bare_api: httpx.AsyncClient
) -> None:
    dataset_id = await ready_dataset(bare, bare_api, reviews_csv(4))
    body = {
        "name": "B",
        "workspace_id": await workspace_id(bare_api),
        "task_details": TASK_DETAILS,
        "dataset_id": dataset_id,
    }
    batch = (await bare_api.post(f"{DC}/batches", json=body)).json()
    assert batch["status"] == "UNINITIALISED"
    assert (
        batch["total_task_count"],
        batch["total_instruction_count"],
        batch["total_task_groups"],
    ) == (0, 0, 0)
    assert batch["datasets"] == [
        {"id": dataset_id, "total_datapoint_count": 4, "filename": "data.csv"}
    ]
    assert batch["task_details"] == TASK_DETAILS
    assert batch["batch_items"] is None


async def test_create_batch_reports_every_missing_field(bare_api: httpx.AsyncClient) -> None:
    response = await bare_api.post(
        f"{DC}/batches", json={"task_details": {"task_name": "x"}, "dataset_id": "nope"}
    )
    assert response.status_code == 400
    assert set(response.json()["error"]["detail"]) == {
        "name",
        "workspace_id",
        "task_details.task_introduction",
        "task_details.task_steps",
        "dataset_id",
    }


async def test_setup_guards(bare: Sandbox, bare_api: httpx.AsyncClient) -> None:
    no_dataset = await batch_with_instructions(bare_api, None, [SENTIMENT])
    assert (
        "no dataset" in (await bare_api.post(f"{DC}/batches/{no_dataset}/setup")).json()["detail"]
    )
    created = await bare_api.post(
        f"{DC}/datasets", json={"name": "d", "workspace_id": await workspace_id(bare_api)}
    )
    pending = await batch_with_instructions(bare_api, created.json()["id"], [SENTIMENT])
    not_ready = await bare_api.post(f"{DC}/batches/{pending}/setup")
    assert not_ready.status_code == 400
    assert "not ready (status UNINITIALISED)" in not_ready.json()["detail"]
    dataset_id = await ready_dataset(bare, bare_api, reviews_csv(5))
    bare_batch = await batch_with_instructions(bare_api, dataset_id, [])
    assert (
        "no instructions"
        in (await bare_api.post(f"{DC}/batches/{bare_batch}/setup")).json()["detail"]
    )
    bad = await bare_api.post(f"{DC}/batches/{bare_batch}/setup", json={"tasks_per_group": 0})
    assert bad.status_code == 400
    assert "tasks_per_group" in bad.json()["error"]["detail"]


async def test_setup_turns_datapoints_into_tasks_and_groups(
    bare: Sandbox, bare_api: httpx.AsyncClient
) -> None:
    batch_id = await ready_batch(bare, bare_api, rows=10, per_group=3)
    batch = (await bare_api.get(f"{DC}/batches/{batch_id}")).json()
    assert (batch["status"], batch["total_task_count"], batch["total_task_groups"]) == (
        "READY",
        10,
        4,
    )
    assert batch["total_instruction_count"] == 2
    groups = [bare.world.groups[g] for g in bare.world.batches[batch_id].group_ids]
    assert sorted(len(g.task_ids) for g in groups) == [1, 3, 3, 3]
    assert len(set((await bare_api.get(f"{DC}/batches/{batch_id}/tasks")).json())) == 10
    frozen = await bare_api.post(f"{DC}/batches/{batch_id}/instructions", json=[WHY])
    assert frozen.status_code == 400
    assert "can no longer be changed" in frozen.json()["detail"]
    again = await bare_api.post(f"{DC}/batches/{batch_id}/setup")
    assert again.status_code == 400
    assert "already been set up" in again.json()["detail"]


async def test_grouping_column_takes_precedence_over_tasks_per_group(
    bare: Sandbox, bare_api: httpx.AsyncClient
) -> None:
    batch_id = await ready_batch(bare, bare_api, rows=10, per_group=5, grouped_by=4)
    batch = (await bare_api.get(f"{DC}/batches/{batch_id}")).json()
    assert (batch["total_task_count"], batch["total_task_groups"]) == (10, 3)
    keys = [bare.world.groups[g].key for g in bare.world.batches[batch_id].group_ids]
    assert keys == ["g0", "g1", "g2"]


async def test_setup_is_processing_for_a_few_seconds(
    bare: Sandbox, bare_api: httpx.AsyncClient
) -> None:
    dataset_id = await ready_dataset(bare, bare_api, reviews_csv(3))
    batch_id = await batch_with_instructions(bare_api, dataset_id, [SENTIMENT])
    assert (await bare_api.post(f"{DC}/batches/{batch_id}/setup", json={})).content == b"{}"
    assert (await bare_api.get(f"{DC}/batches/{batch_id}/status")).json() == {
        "status": "PROCESSING"
    }
    bare.advance(1)
    assert (await bare_api.get(f"{DC}/batches/{batch_id}/status")).json() == {
        "status": "PROCESSING"
    }
    bare.advance(5)
    assert (await bare_api.get(f"{DC}/batches/{batch_id}/status")).json() == {"status": "READY"}


async def test_duplicate_shares_the_dataset_or_drops_it(
    bare: Sandbox, bare_api: httpx.AsyncClient
) -> None:
    batch_id = await ready_batch(bare, bare_api, rows=4)
    shared = (await bare_api.post(f"{DC}/batches/{batch_id}/duplicate")).json()
    assert shared["name"] == "Batch (Copy)"
    assert shared["status"] == "UNINITIALISED"
    assert shared["datasets"][0]["id"] == bare.world.batches[batch_id].dataset_id
    assert shared["total_instruction_count"] == 2
    assert shared["total_task_count"] == 0
    fresh = await bare_api.post(
        f"{DC}/batches/{batch_id}/duplicate", json={"name": "New", "upload_new_dataset": True}
    )
    assert fresh.status_code == 201
    assert fresh.json()["datasets"] == []
    assert fresh.json()["name"] == "New"
    copied_ids = {i["id"] for i in bare.world.batches[shared["id"]].instructions}
    assert copied_ids.isdisjoint({i["id"] for i in bare.world.batches[batch_id].instructions})


async def test_update_batch_changes_only_what_is_sent(
    bare: Sandbox, bare_api: httpx.AsyncClient
) -> None:
    batch_id = await batch_with_instructions(bare_api, None, [SENTIMENT])
    updated = (await bare_api.patch(f"{DC}/batches/{batch_id}", json={"name": "Renamed"})).json()
    assert updated["name"] == "Renamed"
    assert updated["task_details"] == TASK_DETAILS
    bad = await bare_api.patch(
        f"{DC}/batches/{batch_id}", json={"task_details": {"task_name": "only"}}
    )
    assert bad.status_code == 400


async def test_instruction_endpoints_carry_deprecation_headers_even_on_errors(
    bare_api: httpx.AsyncClient,
) -> None:
    batch_id = await batch_with_instructions(bare_api, None, [])
    path = f"{DC}/batches/{batch_id}/instructions"
    created = await bare_api.post(path, json={"instructions": [SENTIMENT, WHY]})
    listed = await bare_api.get(path)
    failed = await bare_api.post(path, json={"instructions": [{"type": "free_text"}]})
    for response in (created, listed, failed):
        assert {k: response.headers[k] for k in DEPRECATION} == DEPRECATION
    assert created.status_code == 201
    assert [i["description"] for i in created.json()] == [
        "Sentiment?",
        "Why?",
    ]
    first = created.json()[0]
    assert first["batch_id"] == first["parent_id"] == batch_id
    assert first["parent_type"] == "batch"
    assert first["created_by"] == "tester"
    assert first["disable_dropdown"] is False
    assert listed.json()["meta"] == {"count": 2}
    assert failed.status_code == 400
    assert "instructions[0].description" in failed.json()["error"]["detail"]


async def test_bare_array_body_and_put_replacement(bare_api: httpx.AsyncClient) -> None:
    batch_id = await batch_with_instructions(bare_api, None, [])
    path = f"{DC}/batches/{batch_id}/instructions"
    created = (await bare_api.post(path, json=[SENTIMENT, WHY])).json()
    kept = {**SENTIMENT, "id": created[0]["id"], "description": "Overall sentiment?"}
    replaced = await bare_api.put(
        path, json={"instructions": [kept, {**WHY, "description": "Anything else?"}]}
    )
    assert replaced.status_code == 200
    body = replaced.json()
    assert body[0]["id"] == created[0]["id"]
    assert body[0]["created_at"] == created[0]["created_at"]
    assert body[1]["id"] != created[1]["id"]
    unknown = await bare_api.put(path, json={"instructions": [{**WHY, "id": "missing"}]})
    assert unknown.status_code == 400
    assert "instructions[0].id" in unknown.json()["error"]["detail"]


def _mc(**changes: Any) -> dict[str, Any]:
    return {**SENTIMENT, **changes}


@pytest.mark.parametrize(
    ("instruction", "field"),
    [
        (_mc(answer_limit=3), "answer_limit"),
        (_mc(answer_limit=0), "answer_limit"),
        (_mc(options=[]), "options"),
        (
            _mc(
                options=[
                    {"label": "A", "value": "a", "exclusive": True},
                    {"label": "B", "value": "b"},
                ]
            ),
            "options",
        ),
        (
            _mc(answer_limit=-1, options=[{"label": "A", "value": "a", "exclusive": True}]),
            "options",
        ),
        (_mc(options=[{"label": "A", "value": "a"}, {"label": "B", "value": "a"}]), "options"),
        ({**WHY, "validation": {"type": "string", "min": 5, "max": 2}}, "validation"),
        ({**WHY, "validation": {"type": "string", "min": -1}}, "validation.min"),
        (
            {
                "type": "free_text_with_unit",
                "description": "d",
                "unit_options": [{"label": "kg", "value": "kg"}],
                "unit_position": "middle",
            },
            "unit_position",
        ),
        (
            {
                "type": "free_text_with_unit",
                "description": "d",
                "unit_options": [{"label": "kg", "value": "kg"}],
                "unit_position": "suffix",
                "default_unit": "lb",
            },
            "default_unit",
        ),
        (
            {
                "type": "multiple_choice_with_free_text",
                "description": "d",
                "answer_limit": 1,
                "options": [{"label": "A", "value": "a"}],
            },
            "options[0].heading",
        ),
        (
            {"type": "file_upload", "description": "d", "accepted_file_types": ["png"]},
            "accepted_file_types",
        ),
        (
            {"type": "file_upload", "description": "d", "min_file_count": 3, "max_file_count": 2},
            "max_file_count",
        ),
        ({"type": "file_upload", "description": "d", "max_file_size_mb": 0}, "max_file_size_mb"),
        ({"type": "video_narration", "description": "d"}, "type"),
    ],
)
async def test_instruction_rules_from_the_reference(
    bare_api: httpx.AsyncClient, instruction: dict[str, Any], field: str
) -> None:
    batch_id = await batch_with_instructions(bare_api, None, [])
    response = await bare_api.post(
        f"{DC}/batches/{batch_id}/instructions", json={"instructions": [instruction]}
    )
    assert response.status_code == 400
    assert f"instructions[0].{field}" in response.json()["error"]["detail"]


async def _v4_dataset(sb: Sandbox, api: httpx.AsyncClient) -> str:
    schema = {"strict": True, "fields": {"text": {"type": "text"}, "src": {"type": "metadata"}}}
    created = await api.post(
        f"{DC}/datasets",
        json={"name": "v4", "workspace_id": await workspace_id(api), "schema": schema},
    )
    dataset_id = str(created.json()["id"])
    body = b"".join(b'{"text": "t%d", "src": "s"}\n' % n for n in range(5))
    assert (await api.post(f"{DC}/datasets/{dataset_id}/datapoints", content=body)).json()[
        "accepted"
    ] == 5
    return dataset_id


async def test_batch_items_validation_reports_coordinates(
    bare: Sandbox, bare_api: httpx.AsyncClient
) -> None:
    dataset_id = await _v4_dataset(bare, bare_api)
    layout = [
        {
            "rows": [
                {
                    "columns": [
                        {
                            "items": [
                                {"type": "dataset_field", "field": "text"},
                                {"type": "dataset_field", "field": "text"},
                            ]
                        }
                    ]
                },
                {
                    "columns": [
                        {"items": [{"type": "image", "url": "http://x/y.png", "alt_text": "a"}]},
                        {"items": [_mc(answer_limit=5), {"type": "dataset_field", "field": "src"}]},
                    ]
                },
            ]
        }
    ]
    body = {
        "name": "L",
        "workspace_id": await workspace_id(bare_api),
        "task_details": TASK_DETAILS,
        "dataset_id": dataset_id,
        "batch_items": layout,
    }
    response = await bare_api.post(f"{DC}/batches", json=body)
    assert response.status_code == 422
    error = response.json()
    assert error["type"] == "INVALID_BATCH_ITEMS"
    assert "4 issues" in error["message"]
    where = [(i["page"], i["row"], i["column"], i["item"], i["type"]) for i in error["issues"]]
    assert where == [
        (0, 0, 0, 1, "dataset_field"),
        (0, 1, 0, 0, "image"),
        (0, 1, 1, 0, "multiple_choice"),
        (0, 1, 1, 1, "dataset_field"),
    ]
    assert error["issues"][0]["field"] == "text"
    assert "more than once" in error["issues"][0]["message"]
    assert error["issues"][3]["field"] == "src"
    assert "cannot be shown" in error["issues"][3]["message"]


async def test_dataset_field_needs_a_v4_dataset(bare_api: httpx.AsyncClient) -> None:
    body = {
        "name": "L",
        "workspace_id": await workspace_id(bare_api),
        "task_details": TASK_DETAILS,
        "batch_items": [
            {"rows": [{"columns": [{"items": [{"type": "dataset_field", "field": "text"}]}]}]}
        ],
    }
    response = await bare_api.post(f"{DC}/batches", json=body)
    assert response.status_code == 422
    assert "V4 dataset" in response.json()["issues"][0]["message"]
    empty = await bare_api.post(f"{DC}/batches", json={**body, "batch_items": []})
    assert empty.status_code == 422
    assert empty.json()["issues"][0]["type"] == "page"


async def test_batch_items_batch_refuses_legacy_instructions_and_keeps_ids(
    bare: Sandbox, bare_api: httpx.AsyncClient
) -> None:
    dataset_id = await _v4_dataset(bare, bare_api)
    layout = [
        {
            "rows": [
                {
                    "columns": [
                        {
                            "items": [
                                {
                                    "type": "rich_text",
                                    "content": "**Read** this",
                                    "content_format": "markdown",
                                },
                                {"type": "dataset_field", "field": "text"},
                                _mc(),
                            ]
                        }
                    ]
                }
            ]
        }
    ]
    body = {
        "name": "L",
        "workspace_id": await workspace_id(bare_api),
        "task_details": TASK_DETAILS,
        "dataset_id": dataset_id,
        "batch_items": layout,
    }
    batch = (await bare_api.post(f"{DC}/batches", json=body)).json()
    items = batch["batch_items"][0]["rows"][0]["columns"][0]["items"]
    assert items[0]["content"] == "<p><strong>Read</strong> this</p>"
    assert batch["total_instruction_count"] == 1
    legacy = await bare_api.post(
        f"{DC}/batches/{batch['id']}/instructions", json={"instructions": [WHY]}
    )
    assert legacy.status_code == 422
    assert "batch_items" in legacy.json()["detail"]
    assert legacy.headers["deprecation"] == "true"
    page = batch["batch_items"][0]
    page["rows"][0]["columns"][0]["items"] = [items[2]]
    patched = (
        await bare_api.patch(f"{DC}/batches/{batch['id']}", json={"batch_items": [page]})
    ).json()
    assert patched["batch_items"][0]["id"] == page["id"]
    assert patched["batch_items"][0]["rows"][0]["columns"][0]["items"][0]["id"] == items[2]["id"]
    forged = await bare_api.patch(
        f"{DC}/batches/{batch['id']}", json={"batch_items": [{**page, "id": "made-up"}]}
    )
    assert forged.status_code == 422
    assert "Unknown id" in forged.json()["issues"][0]["message"]


async def test_sync_adds_appended_datapoints_to_a_ready_v4_batch(
    bare: Sandbox, bare_api: httpx.AsyncClient
) -> None:
    dataset_id = await _v4_dataset(bare, bare_api)
    batch_id = await batch_with_instructions(bare_api, dataset_id, [SENTIMENT])
    await bare_api.post(f"{DC}/batches/{batch_id}/setup", json={"tasks_per_group": 2})
    bare.advance(10)
    assert (await bare_api.get(f"{DC}/batches/{batch_id}")).json()["total_task_groups"] == 3
    await bare_api.post(
        f"{DC}/datasets/{dataset_id}/datapoints",
        content=b'{"text": "new1", "src": "s"}\n{"text": "new2", "src": "s"}\n',
    )
    job = await bare_api.post(f"{DC}/batches/{batch_id}/sync")
    assert job.status_code == 202
    assert job.json()["status"] in ("queued", "processing")
    bare.advance(5)
    done = (await bare_api.get(f"{DC}/batches/{batch_id}/syncs/{job.json()['sync_id']}")).json()
    assert (
        done["status"],
        done["tasks_created"],
        done["groups_created"],
        done["groups_expanded"],
    ) == ("complete", 2, 1, 0)
    batch = (await bare_api.get(f"{DC}/batches/{batch_id}")).json()
    assert (batch["total_task_count"], batch["total_task_groups"]) == (7, 4)


async def test_sync_refuses_v3_batches_with_the_flat_envelope(
    bare: Sandbox, bare_api: httpx.AsyncClient
) -> None:
    batch_id = await ready_batch(bare, bare_api, rows=3)
    response = await bare_api.post(f"{DC}/batches/{batch_id}/sync")
    assert response.status_code == 400
    assert response.json()["message"] == "Bad Request"
    assert "V4" in response.json()["detail"]

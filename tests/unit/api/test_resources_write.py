"""Write methods send the documented bodies to the documented paths."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone

import httpx
import pytest
from pydantic import ValidationError

from atb_tui.api import ProlificClient
from atb_tui.api.models import (
    BatchCreate,
    BatchUpdate,
    CollectionCreate,
    CollectionUpdate,
    DatasetSchema,
    FreeTextInput,
    MultipleChoiceInput,
    StudyAction,
    StudyCreate,
    StudyUpdate,
)
from tests.helpers.fake_api import FakeAPI
from tests.helpers.payloads import BATCH, COLLECTION, DATASET, DC, NOW, STUDY, SYNC, TASK_DETAILS

INSTRUCTION = {
    "id": "q1",
    "type": "free_text",
    "description": "Why?",
    "created_at": NOW,
    "created_by": "me",
    "parent_id": "b1",
    "parent_type": "batch",
}


async def test_dataset_create_with_and_without_schema(client: ProlificClient, api: FakeAPI) -> None:
    api.json("POST", f"{DC}/datasets", DATASET, status=201)
    await client.datasets.create("w1", "Data")
    schema = DatasetSchema(strict=True, fields={"text": {"type": "text"}})
    await client.datasets.create("w1", "Data", schema)
    assert [s.json() for s in api.seen] == [
        {"name": "Data", "workspace_id": "w1"},
        {
            "name": "Data",
            "workspace_id": "w1",
            "schema": {"strict": True, "fields": {"text": {"type": "text"}}},
        },
    ]
    with pytest.raises(ValueError, match="name"):
        await client.datasets.create("w1", " ")


async def test_append_datapoints_sends_json_lines(client: ProlificClient, api: FakeAPI) -> None:
    path = f"{DC}/datasets/d1/datapoints"
    api.json(
        "POST",
        path,
        {
            "accepted": 1,
            "rejected": 1,
            "errors": [{"record_index": 2, "field": "_raw", "reason": "bad JSON"}],
        },
    )
    result = await client.datasets.append_datapoints(
        "d1", [{"text": "héllo"}, {"text": "b", "n": 2}]
    )
    assert (result.accepted, result.rejected, result.errors[0].record_index) == (1, 1, 2)
    seen = api.seen[0]
    assert seen.headers["content-type"] == "application/x-ndjson"
    assert [json.loads(line) for line in seen.body.decode().splitlines()] == [
        {"text": "héllo"},
        {"text": "b", "n": 2},
    ]
    await client.datasets.append_datapoints("d1", '{"text": "a"}\n\n{"text": "b"}\n')
    assert api.seen[1].body == b'{"text": "a"}\n{"text": "b"}\n'
    with pytest.raises(ValueError, match="no records"):
        await client.datasets.append_datapoints("d1", "\n \n")
    with pytest.raises(ValueError, match="at most 1000"):
        await client.datasets.append_datapoints("d1", [{"i": i} for i in range(1001)])
    assert len(api.seen) == 2


async def test_update_schema_patches_and_returns_the_migration(
    client: ProlificClient, api: FakeAPI
) -> None:
    api.json(
        "PATCH", f"{DC}/datasets/d1", {**DATASET, "schema_version": 4, "migration_job_id": "j1"}
    )
    schema = DatasetSchema(fields={"text": {"type": "text"}})
    dataset = await client.datasets.update_schema("d1", schema)
    assert dataset.migration_job_id == "j1"
    assert api.seen[0].json() == {"schema": {"strict": False, "fields": {"text": {"type": "text"}}}}


async def test_batch_create_update_setup_and_duplicate_bodies(
    client: ProlificClient, api: FakeAPI
) -> None:
    api.json("POST", f"{DC}/batches", BATCH, status=201)
    api.json("PATCH", f"{DC}/batches/b1", BATCH)
    api.on("POST", f"{DC}/batches/b1/setup", httpx.Response(202, json={}))
    api.json("POST", f"{DC}/batches/b1/duplicate", {**BATCH, "id": "b2"}, status=201)

    await client.batches.create(
        BatchCreate(name="Batch", workspace_id="w1", task_details=TASK_DETAILS)
    )
    await client.batches.update("b1", BatchUpdate(name="Renamed", auto_sync_enabled=True))
    await client.batches.setup("b1")
    await client.batches.setup("b1", dataset_id="d1", tasks_per_group=3)
    copy = await client.batches.duplicate("b1")
    await client.batches.duplicate("b1", name="Copy", upload_new_dataset=True)

    assert copy.id == "b2"
    assert [s.json() for s in api.seen] == [
        {"name": "Batch", "workspace_id": "w1", "task_details": TASK_DETAILS},
        {"name": "Renamed", "auto_sync_enabled": True},
        {},
        {"dataset_id": "d1", "tasks_per_group": 3},
        {},
        {"name": "Copy", "upload_new_dataset": True},
    ]
    with pytest.raises(ValueError, match="tasks_per_group"):
        await client.batches.setup("b1", tasks_per_group=0)


async def test_exports_and_syncs_are_posted(client: ProlificClient, api: FakeAPI) -> None:
    api.json(
        "POST", f"{DC}/batches/b1/export", {"status": "generating", "export_id": "e1"}, status=202
    )
    api.json(
        "POST",
        f"{DC}/collections/c1/export",
        {"status": "complete", "url": "https://e.example/c.zip", "expires_at": NOW},
    )
    api.json("POST", f"{DC}/batches/b1/sync", SYNC, status=202)
    generating = await client.batches.request_export("b1")
    ready = await client.collections.request_export("c1")
    sync = await client.batches.sync("b1")
    assert (generating.export_id, generating.is_complete) == ("e1", False)
    assert ready.is_complete
    assert ready.export_id is None
    assert sync.status == "queued"
    assert [s.method for s in api.seen] == ["POST"] * 3


async def test_instructions_get_create_replace_with_deprecation(
    client: ProlificClient, api: FakeAPI
) -> None:
    path = f"{DC}/batches/b1/instructions"
    deprecation = {"Deprecation": "true", "Sunset": "Tue, 01 Sep 2026 23:59:59 GMT"}
    api.on(
        "GET",
        path,
        httpx.Response(
            200, json={"results": [INSTRUCTION], "meta": {"count": 1}}, headers=deprecation
        ),
    )
    api.on("POST", path, httpx.Response(201, json=[INSTRUCTION], headers=deprecation))
    api.on("PUT", path, httpx.Response(200, json=[INSTRUCTION]))

    fetched = await client.instructions.get("b1")
    assert [i.id for i in fetched.instructions] == ["q1"]
    assert fetched.deprecation is not None
    assert fetched.deprecation.sunset == datetime(2026, 9, 1, 23, 59, 59, tzinfo=UTC)
    assert (
        str(fetched.deprecation) == "This endpoint is deprecated and stops working on 01 Sep 2026."
    )

    choice = MultipleChoiceInput(
        description="Pick",
        answer_limit=1,
        options=[{"label": "A", "value": "a"}, {"label": "B", "value": "b"}],
    )
    as_dict = {"type": "free_text", "description": "Why?"}  # validated like a model
    created = await client.instructions.create("b1", [choice, as_dict])  # type: ignore[list-item]
    assert created.instructions[0].description == "Why?"
    assert api.seen[1].json() == {
        "instructions": [choice.to_payload(), {"type": "free_text", "description": "Why?"}]
    }

    replaced = await client.instructions.replace("b1", [fetched.instructions[0].to_input()])
    assert replaced.deprecation is None
    assert api.seen[2].json() == {
        "instructions": [{"type": "free_text", "id": "q1", "description": "Why?"}]
    }
    with pytest.raises(ValidationError):
        await client.instructions.create("b1", [{"type": "free_text"}])  # type: ignore[list-item]
    with pytest.raises(ValueError, match="at least one"):
        await client.instructions.create("b1", [])


async def test_collection_create_and_replace(client: ProlificClient, api: FakeAPI) -> None:
    path = f"{DC}/collections"
    api.json("POST", path, COLLECTION, status=201)
    api.json("PUT", f"{path}/c1", COLLECTION)
    pages = [{"page_items": [FreeTextInput(description="Tell us")]}]
    await client.collections.create(
        CollectionCreate(
            workspace_id="w1", name="Coll", task_details=TASK_DETAILS, collection_items=pages
        )
    )
    await client.collections.replace(
        "c1", CollectionUpdate(name="Coll 2", task_details=TASK_DETAILS, collection_items=pages)
    )
    created, replaced = (s.json() for s in api.seen)
    assert created["workspace_id"] == "w1"
    assert created["collection_items"] == [
        {"page_items": [{"type": "free_text", "description": "Tell us", "order": 0}]}
    ]
    assert "workspace_id" not in replaced
    assert replaced["name"] == "Coll 2"


async def test_study_create_update_transition_and_cost(
    client: ProlificClient, api: FakeAPI
) -> None:
    api.json("POST", "/api/v1/studies/", STUDY, status=201)
    api.json("PATCH", "/api/v1/studies/s1/", STUDY)
    api.json("POST", "/api/v1/studies/s1/transition/", {**STUDY, "status": "SCHEDULED"})
    cost = {
        "rewards": {
            "rewards": {"amount": 1500, "currency": "GBP"},
            "fees": {"amount": 495},
            "tax": {"amount": 99},
        }
    }
    api.json("GET", "/api/v1/studies/s1/cost/", cost)

    study = StudyCreate(
        name="Study",
        description="d",
        reward=150,
        estimated_completion_time=5,
        data_collection_method="AI_TASK_BUILDER_BATCH",
        data_collection_id="b1",
        data_collection_metadata={"annotators_per_task": 3},
    )
    await client.studies.create(study)
    await client.studies.update("s1", StudyUpdate(total_available_places=20))
    await client.studies.update("s1", {"internal_name": "x"})
    plus_two = timezone(timedelta(hours=2))
    scheduled = await client.studies.transition(
        "s1", "SCHEDULE_PUBLISH", publish_at=datetime(2026, 5, 1, 12, 0, tzinfo=plus_two)
    )
    await client.studies.transition("s1", StudyAction.PAUSE)
    total = await client.studies.cost("s1", projected=True)

    assert scheduled.status == "SCHEDULED"
    assert total.total == 2094
    assert total.currency == "GBP"
    bodies = [s.json() for s in api.seen[:5]]
    assert bodies[0]["data_collection_metadata"] == {"annotators_per_task": 3}
    assert bodies[1:5] == [
        {"total_available_places": 20},
        {"internal_name": "x"},
        {"action": "SCHEDULE_PUBLISH", "publish_at": "2026-05-01T10:00:00Z"},
        {"action": "PAUSE"},
    ]
    assert api.seen[5].params == {"is_projected": "true"}
    with pytest.raises(ValueError, match="timezone-aware"):
        await client.studies.transition("s1", "SCHEDULE_PUBLISH", publish_at=datetime(2026, 5, 1))
    with pytest.raises(ValueError, match="EXPLODE"):
        await client.studies.transition("s1", "EXPLODE")
    with pytest.raises(ValidationError):
        await client.studies.update("s1", {"colour": "red"})


async def test_calculate_cost(client: ProlificClient, api: FakeAPI) -> None:
    api.json("POST", "/api/v1/study-cost-calculator/", {"total_cost": 1980.4})
    assert await client.studies.calculate_cost(150, 10) == 1980
    assert api.seen[0].json() == {"reward": 150, "total_available_places": 10}

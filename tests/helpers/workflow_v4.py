"""V4 datasets, ``batch_items`` layouts, syncs and collections, through ``ProlificClient``."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from atb_tui.api import BatchItemsError, ProlificClient
from atb_tui.api.models import (
    BatchCreate,
    BatchUpdate,
    CollectionCreate,
    CollectionUpdate,
    DatasetFieldType,
    DatasetSchema,
    DatasetSchemaField,
    RichTextBlockInput,
)
from atb_tui.api.models.layout import (
    BatchColumnInput,
    BatchPageInput,
    BatchRowInput,
    CollectionPageInput,
    DatasetFieldItemInput,
)
from atb_tui.sandbox import Sandbox
from tests.helpers.workflow import (
    SENTIMENT,
    TASK_DETAILS,
    WHY,
    first_workspace,
    poll,
    wait_for_export,
)
from tests.helpers.workflow_review import export_jobs

SCHEMA = DatasetSchema(
    strict=True,
    fields={
        "text": DatasetSchemaField(type=DatasetFieldType.TEXT, label="Text"),
        "source": DatasetSchemaField(type=DatasetFieldType.METADATA),
    },
)
GOOD_RECORDS = 4
RECORDS = [
    {"text": "first", "source": "a"},
    {"source": "b"},  # strict schema: text is required
    "not json at all",
    {"text": "second", "source": "c", "extra": 1},  # not in the schema
    {"text": "third", "source": "d"},
    {"text": "fourth", "source": "e"},
    {"text": "fifth", "source": "f"},
]
PLAIN_SENTIMENT = SENTIMENT.model_copy(update={"created_by": None})


def _jsonl(path: Path) -> Path:
    lines = [r if isinstance(r, str) else json.dumps(r) for r in RECORDS]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def layout(*items: object) -> list[BatchPageInput]:
    """One page, one row, one column holding ``items``."""
    column = BatchColumnInput.model_validate({"items": list(items)})
    return [BatchPageInput(rows=[BatchRowInput(columns=[column])])]


async def v4_dataset(sandbox: Sandbox, client: ProlificClient, workspace_id: str, tmp: Path) -> str:
    """A V4 dataset filled by a JSONL upload with some bad records, then an append."""
    dataset = await client.datasets.create(workspace_id, "V4 reviews", schema=SCHEMA)
    assert dataset.dataset_schema is not None
    assert set(dataset.dataset_schema.fields) == {"text", "source"}
    ticket = await client.datasets.upload(dataset.id, _jsonl(tmp / "records.jsonl"))
    assert ticket.import_id is not None
    import_id = ticket.import_id

    async def import_state() -> str:
        return (await client.datasets.import_status(dataset.id, import_id)).status

    assert await poll(sandbox, import_state, {"complete", "partial", "failed"}) == "partial"
    job = await client.datasets.import_status(dataset.id, import_id)
    assert (job.accepted_count, job.rejected_count) == (GOOD_RECORDS, 3)
    located = {(e.record_index, e.field) for e in job.errors}
    assert located == {(1, "text"), (2, "_raw"), (3, "extra")}
    appended = await client.datasets.append_datapoints(
        dataset.id, [{"text": "sixth", "source": "g"}, {"source": "h"}]
    )
    assert (appended.accepted, appended.rejected) == (1, 1)
    assert appended.errors[0].record_index == 2, "append errors are one-based"
    assert (await client.datasets.get(dataset.id)).total_datapoint_count == GOOD_RECORDS + 1
    return dataset.id


async def change_schema(sandbox: Sandbox, client: ProlificClient, dataset_id: str) -> None:
    """A schema change starts a migration job that finishes."""
    relaxed = SCHEMA.model_copy(update={"strict": False})
    changed = await client.datasets.update_schema(dataset_id, relaxed)
    assert changed.migration_job_id is not None
    job_id = changed.migration_job_id

    async def migration_state() -> str:
        return (await client.datasets.schema_migration(dataset_id, job_id)).status

    assert await poll(sandbox, migration_state, {"complete", "partial", "failed"}) == "complete"


async def bad_layout_is_located(client: ProlificClient, workspace_id: str, dataset_id: str) -> None:
    """A metadata field shown to participants is refused with its position."""
    bad = BatchCreate(
        name="Bad layout",
        workspace_id=workspace_id,
        task_details=TASK_DETAILS,
        dataset_id=dataset_id,
        batch_items=layout(DatasetFieldItemInput(field="text"), PLAIN_SENTIMENT)
        + layout(DatasetFieldItemInput(field="source")),
    )
    with pytest.raises(BatchItemsError) as caught:
        await client.batches.create(bad)
    issue = caught.value.issues[0]
    assert (issue.page, issue.row, issue.column, issue.item) == (1, 0, 0, 0)
    assert (issue.type, issue.field) == ("dataset_field", "source")
    assert "page 2, row 1, column 1, item 1" in str(issue)


async def layout_batch(
    sandbox: Sandbox, client: ProlificClient, workspace_id: str, dataset_id: str
) -> str:
    """A batch_items batch: create, update keeping ids, duplicate, set up, sync."""
    batch = await client.batches.create(
        BatchCreate(
            name="Layout batch",
            workspace_id=workspace_id,
            task_details=TASK_DETAILS,
            dataset_id=dataset_id,
            batch_items=layout(DatasetFieldItemInput(field="text"), PLAIN_SENTIMENT),
        )
    )
    assert batch.batch_items is not None
    page = batch.batch_items[0]
    question = next(item for item in page.items if item.is_instruction)
    kept = BatchPageInput(
        id=page.id,
        rows=[
            BatchRowInput(
                columns=[
                    BatchColumnInput.model_validate(
                        {"items": [DatasetFieldItemInput(field="text"), question.to_input()]}
                    )
                ]
            )
        ],
    )
    changes = BatchUpdate(name="Layout batch v2", batch_items=[kept], auto_sync_enabled=False)
    updated = await client.batches.update(batch.id, changes)
    assert updated.name == "Layout batch v2"
    assert updated.batch_items is not None
    assert updated.batch_items[0].id == page.id
    assert question.id in {item.id for item in updated.batch_items[0].items}
    bare = await client.batches.duplicate(batch.id, upload_new_dataset=True)
    assert bare.dataset_id is None
    assert bare.id != batch.id
    await client.batches.setup(batch.id, tasks_per_group=2)
    await poll(sandbox, lambda: client.batches.status(batch.id), {"READY", "ERROR"})
    await sync_appended(sandbox, client, batch.id, dataset_id)
    return batch.id


async def sync_appended(
    sandbox: Sandbox, client: ProlificClient, batch_id: str, dataset_id: str
) -> None:
    """Datapoints appended after setup become tasks through a sync job."""
    before = (await client.batches.get(batch_id)).total_task_count
    await client.datasets.append_datapoints(dataset_id, '{"text": "late", "source": "z"}\n')
    job = await client.batches.sync(batch_id)
    assert job.status in {"queued", "processing", "complete"}

    async def sync_state() -> str:
        return (await client.batches.sync_status(batch_id, job.sync_id)).status

    assert await poll(sandbox, sync_state, {"complete", "failed"}) == "complete"
    assert (await client.batches.get(batch_id)).total_task_count == before + 1


async def collections_flow(
    sandbox: Sandbox, client: ProlificClient, workspace_id: str, tmp: Path
) -> None:
    """Collections: create, list, get, replace (keeping page ids), responses, export."""
    intro = RichTextBlockInput(content="**Tell us** about your day", content_format="markdown")
    created = await client.collections.create(
        CollectionCreate(
            workspace_id=workspace_id,
            name="Diary",
            task_details=TASK_DETAILS,
            collection_items=[CollectionPageInput(page_items=[intro, WHY])],
        )
    )
    assert created.id in {c.id for c in await client.collections.list(workspace_id)}
    fetched = await client.collections.get(created.id)
    assert fetched.collection_items[0].page_items[0].content == (
        "<p><strong>Tell us</strong> about your day</p>"
    )
    page_id = fetched.collection_items[0].id
    replaced = await client.collections.replace(
        created.id,
        CollectionUpdate(
            name="Diary v2",
            task_details=TASK_DETAILS,
            collection_items=[CollectionPageInput(id=page_id, page_items=[intro, PLAIN_SENTIMENT])],
        ),
    )
    assert (replaced.name, replaced.collection_items[0].id) == ("Diary v2", page_id)
    assert await client.collections.responses(created.id) == []
    pages = [page async for page in client.collections.iter_responses(created.id)]
    assert sum(len(page.items) for page in pages) == 0
    job = await wait_for_export(sandbox, client.collections, created.id)
    assert job.is_complete
    saved = await client.collections.download_export(job, tmp)
    assert zipfile.is_zipfile(saved)
    await export_jobs(sandbox, client.collections, created.id)


async def v4_workflow(sandbox: Sandbox, client: ProlificClient, tmp_path: Path) -> None:
    """Everything V4 and layout-related, in one account."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    workspace_id = await first_workspace(client)
    dataset_id = await v4_dataset(sandbox, client, workspace_id, tmp_path)
    await bad_layout_is_located(client, workspace_id, dataset_id)
    await layout_batch(sandbox, client, workspace_id, dataset_id)
    await change_schema(sandbox, client, dataset_id)
    await collections_flow(sandbox, client, workspace_id, tmp_path)

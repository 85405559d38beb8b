"""World objects → the JSON bodies Prolific returns (field names and shapes from the spec)."""

from __future__ import annotations

import json

from atb_tui.sandbox.batches import instructions_of
from atb_tui.sandbox.datasets import hidden_keys
from atb_tui.sandbox.ids import iso
from atb_tui.sandbox.model import (
    JSON,
    Batch,
    Collection,
    Dataset,
    ImportJob,
    MigrationJob,
    Project,
    ResponseRecord,
    SyncJob,
    Workspace,
)
from atb_tui.sandbox.money import balance
from atb_tui.sandbox.world import World


def user(world: World) -> JSON:
    """``GET /users/me/``: the spec's ``User`` plus the fields the CLI reads."""
    me = world.user
    first = next(iter(world.workspaces.values()), None)
    money = balance(world, first) if first else {"total_balance": 0, "available_balance": 0}
    return {
        "id": me.id,
        "email": me.email,
        "first_name": me.first_name,
        "last_name": me.last_name,
        "name": f"{me.first_name} {me.last_name}",
        "username": me.email,
        "user_type": "researcher",
        "currency_code": me.currency_code,
        "balance": money["total_balance"],
        "available_balance": money["available_balance"],
        "date_joined": iso(me.date_joined),
    }


def _member(world: World) -> JSON:
    me = world.user
    name = f"{me.first_name} {me.last_name}"
    return {"id": me.id, "name": name, "email": me.email, "roles": ["WORKSPACE_ADMIN"]}


def workspace(world: World, space: Workspace, *, short: bool) -> JSON:
    """``WorkspaceShort`` (lists) or ``Workspace`` (detail, with projects and wallet)."""
    body: JSON = {
        "id": space.id,
        "title": space.title,
        "description": space.description,
        "owner": space.owner_id,
        "users": [_member(world)],
        "naivety_distribution_rate": space.naivety_distribution_rate,
        "currency_code": space.currency_code,
    }
    if not short:
        mine = [p for p in world.projects.values() if p.workspace_id == space.id]
        body["projects"] = [project(world, p, short=True) for p in mine]
        body["wallet"] = space.wallet_id
    return body


def project(world: World, item: Project, *, short: bool) -> JSON:
    """``ProjectShort`` or ``Project``."""
    body: JSON = {
        "id": item.id,
        "title": item.title,
        "description": item.description,
        "owner": item.owner_id,
        "type": item.type,
        "public_details": None,
        "users": [_member(world)],
        "naivety_distribution_rate": None,
    }
    if not short:
        body.update(
            workspace=item.workspace_id, is_longitudinal=item.is_longitudinal, longitudinal=None
        )
    return body


def dataset(world: World, item: Dataset) -> JSON:
    """``AITaskBuilderDataset``: V3 fields or V4 fields, never both."""
    body: JSON = {
        "id": item.id,
        "name": item.name,
        "created_at": iso(item.created_at),
        "created_by": item.created_by,
        "workspace_id": item.workspace_id,
        "total_datapoint_count": len(item.datapoints),
        "schema_version": item.schema_version,
    }
    if item.schema_version == 3:
        body["status"] = item.status
        body["filename"] = item.filename
        body["has_predetermined_grouping_id"] = (
            "META_TASK_GROUP_ID" in item.columns if item.columns else None
        )
        if item.error_reason:
            body["error_reason"] = item.error_reason
    else:
        body["schema"] = item.schema
        body["imports"] = [import_job(world.imports[i]) for i in item.import_ids]
    return body


def import_job(job: ImportJob) -> JSON:
    """``DatasetImportJob``: counts only once the job has finished."""
    body: JSON = {
        "dataset_id": job.dataset_id,
        "import_id": job.id,
        "type": "file_upload",
        "filename": job.filename,
        "created_at": iso(job.created_at),
        "updated_at": iso(job.updated_at),
        "status": job.status,
    }
    if job.status in ("complete", "partial", "failed"):
        body.update(
            accepted_count=job.accepted_count, rejected_count=job.rejected_count, errors=job.errors
        )
    if job.reason and job.status in ("failed", "pending_schema"):
        body["reason"] = job.reason
    return body


def migration(job: MigrationJob) -> JSON:
    """``SchemaMigrationJob``."""
    body: JSON = {
        "dataset_id": job.dataset_id,
        "job_id": job.id,
        "schema_version": job.schema_version,
        "created_at": iso(job.created_at),
        "updated_at": iso(job.updated_at),
        "status": job.status,
    }
    if job.status != "processing":
        body.update(
            reprocessed_count=job.reprocessed_count,
            failed_count=job.failed_count,
            errors=job.errors,
        )
    if job.reason:
        body["reason"] = job.reason
    return body


def sync(job: SyncJob) -> JSON:
    """``SyncJob``."""
    body: JSON = {
        "batch_id": job.batch_id,
        "dataset_id": job.dataset_id,
        "sync_id": job.id,
        "created_at": iso(job.created_at),
        "updated_at": iso(job.updated_at),
        "status": job.status,
    }
    if job.status == "complete":
        body.update(
            tasks_created=job.tasks_created,
            datapoints_processed=job.datapoints_processed,
            groups_created=job.groups_created,
            groups_expanded=job.groups_expanded,
        )
    if job.reason:
        body["reason"] = job.reason
    return body


def batch(world: World, item: Batch) -> JSON:
    """``AITaskBuilderBatch`` (a superset of the create variant, so used for both)."""
    attached = world.datasets.get(item.dataset_id or "")
    datasets = []
    if attached is not None:
        count = len(attached.datapoints)
        datasets.append(
            {"id": attached.id, "total_datapoint_count": count, "filename": attached.filename or ""}
        )
    return {
        "id": item.id,
        "created_at": iso(item.created_at),
        "created_by": item.created_by,
        "datasets": datasets,
        "name": item.name,
        "status": item.status,
        "total_task_count": len(item.task_ids),
        "total_instruction_count": len(instructions_of(item)),
        "workspace_id": item.workspace_id,
        "schema_version": 1,
        "task_details": item.task_details,
        "total_task_groups": len(item.group_ids),
        "batch_items": item.batch_items,
        "auto_sync_enabled": item.auto_sync_enabled,
        "tasks_per_group": item.tasks_per_group,
    }


def response(record: ResponseRecord) -> JSON:
    """``AITaskBuilderTaskResponse``."""
    return {
        "id": record.id,
        "created_at": iso(record.created_at),
        "batch_id": record.parent_id,
        "participant_id": record.participant_id,
        "submission_id": record.submission_id,
        "task_id": record.task_id,
        "response": {
            "instruction_id": record.instruction_id,
            "type": record.type,
            "answer": record.answer,
        },
        "metadata": record.metadata,
        "schema_version": 1,
    }


def collection_response(record: ResponseRecord) -> JSON:
    """``CollectionResponse``."""
    return {
        "id": record.id,
        "created_at": iso(record.created_at),
        "collection_id": record.parent_id,
        "participant_id": record.participant_id,
        "submission_id": record.submission_id,
        "response": {
            "instruction_id": record.instruction_id,
            "type": record.type,
            "answer": record.answer,
        },
    }


def response_page(world: World, parent_id: str, offset: int, limit: int | None) -> bytes:
    """A pre-serialised ``{"results": [...], "meta": {"count"}}`` page of batch responses.

    Records are serialised the first time a page includes them and cached (they never
    change), so serving any slice of a 100k-response batch is a list slice and a join."""
    records = world.responses_of(parent_id)
    cache = world.response_json.setdefault(parent_id, [])
    cache.extend([b""] * (len(records) - len(cache)))
    stop = len(records) if limit is None else min(len(records), offset + limit)
    for index in range(offset, stop):
        if not cache[index]:
            cache[index] = json.dumps(response(records[index]), separators=(",", ":")).encode()
    page = cache[offset:stop] if offset < stop else []
    return b'{"results":[' + b",".join(page) + b'],"meta":{"count":%d}}' % len(records)


def collection(item: Collection) -> JSON:
    """``Collection``."""
    return {
        "id": item.id,
        "schema_version": 1,
        "created_at": iso(item.created_at),
        "created_by": item.created_by,
        "workspace_id": item.workspace_id,
        "name": item.name,
        "task_details": item.task_details,
        "collection_items": item.pages,
        "last_modified_at": iso(item.last_modified_at),
        "last_modified_by": item.last_modified_by,
        "item_count": len(item.pages),
    }


def datapoint_view(dataset_item: Dataset, values: JSON) -> tuple[JSON, JSON]:
    """Split a datapoint into what participants see and the hidden metadata."""
    hidden = hidden_keys(dataset_item)
    shown = {k: v for k, v in values.items() if k not in hidden}
    return shown, {k: v for k, v in values.items() if k in hidden}

"""Batches: create, update, duplicate, legacy instructions, setup into tasks, and sync.

Lifecycle (reference §4.2): ``UNINITIALISED`` → setup (202) → ``PROCESSING`` → ``READY``
(or ``ERROR``). Setup pairs every datapoint with the instructions to make one task per
datapoint, then groups tasks: by the ``META_TASK_GROUP_ID`` column / ``task_group_id``
field when present, otherwise randomly in groups of ``tasks_per_group`` (the last group
may be partial). Sync (V4) adds tasks for datapoints appended since setup, topping up the
open partial group first.
"""

from __future__ import annotations

from typing import Any

from atb_tui.sandbox.batch_items import layout_instructions
from atb_tui.sandbox.datasets import v4_ready
from atb_tui.sandbox.errors import FlatError
from atb_tui.sandbox.ids import iso
from atb_tui.sandbox.model import JSON, Batch, Dataset, SyncJob, Task, TaskGroup
from atb_tui.sandbox.world import World


def setup_delay(tasks: int) -> float:
    """Seconds batch setup takes: a few seconds, longer for very large datasets."""
    return min(12.0, 2.5 + tasks / 5000)


def create_batch(world: World, name: str, workspace_id: str, task_details: JSON) -> Batch:
    """A new, empty batch (``UNINITIALISED``)."""
    batch = Batch(world.new_uuid(), name, workspace_id, world.now, world.user.id, task_details)
    world.batches[batch.id] = batch
    return batch


def instructions_of(batch: Batch) -> list[JSON]:
    """What participants answer for each task: legacy instructions or layout instruction items."""
    if batch.batch_items is not None:
        return layout_instructions(batch.batch_items)
    return batch.instructions


def instruction_views(batch: Batch) -> list[JSON]:
    """Instructions as ``AITaskBuilderInstruction`` objects (layout items gain parent fields)."""
    if batch.batch_items is None:
        return batch.instructions
    parent = {"batch_id": batch.id, "parent_id": batch.id, "parent_type": "batch"}
    stamp = {"created_at": iso(batch.created_at), "created_by": batch.created_by}
    return [{**stamp, **item, **parent} for item in layout_instructions(batch.batch_items)]


def schema_of(world: World, dataset_id: str | None) -> JSON | None:
    """The V4 schema of a dataset, which ``dataset_field`` items refer to."""
    dataset = world.datasets.get(dataset_id or "")
    return dataset.schema if dataset is not None and dataset.schema_version == 4 else None


def instruction_object(world: World, batch: Batch, item: JSON, existing: JSON | None) -> JSON:
    """A stored legacy instruction: the normalised item plus identity and parent fields."""
    return {
        **item,
        "id": existing["id"] if existing else world.new_uuid(),
        "created_at": existing["created_at"] if existing else iso(world.now),
        "created_by": item.get("created_by") or world.user.id,
        "batch_id": batch.id,
        "parent_id": batch.id,
        "parent_type": "batch",
    }


def guard_editable(batch: Batch, what: str) -> None:
    """Instructions and layout are frozen once a batch has been set up."""
    if batch.status != "UNINITIALISED":
        raise FlatError(
            400, f"The batch has been set up ({batch.status}); its {what} can no longer be changed."
        )


def duplicate_batch(world: World, source: Batch, name: str | None, new_dataset: bool) -> Batch:
    """A copy with the same settings and instructions; shares the dataset unless told not to."""
    copy = create_batch(
        world, name or f"{source.name} (Copy)", source.workspace_id, dict(source.task_details)
    )
    copy.dataset_id = None if new_dataset else source.dataset_id
    copy.auto_sync_enabled = source.auto_sync_enabled
    copy.instructions = [
        {
            **instruction,
            "id": world.new_uuid(),
            "created_at": iso(world.now),
            "batch_id": copy.id,
            "parent_id": copy.id,
        }
        for instruction in source.instructions
    ]
    if source.batch_items is not None:
        copy.batch_items = _fresh_ids(world, source.batch_items)
    return copy


def _fresh_ids(world: World, value: Any) -> Any:
    if isinstance(value, list):
        return [_fresh_ids(world, item) for item in value]
    if isinstance(value, dict):
        copied = {key: _fresh_ids(world, item) for key, item in value.items()}
        if "id" in value:
            copied["id"] = world.new_uuid()
        return copied
    return value


def start_setup(world: World, batch: Batch, dataset_id: str | None, tasks_per_group: int) -> None:
    """Check the preconditions, then start generating tasks (batch becomes ``PROCESSING``)."""
    if batch.status in ("PROCESSING", "READY"):
        raise FlatError(400, f"The batch has already been set up (status {batch.status}).")
    dataset = world.datasets.get(dataset_id or batch.dataset_id or "")
    if dataset is None:
        raise FlatError(400, "The batch has no dataset: attach one or pass dataset_id.")
    _require_usable(world, dataset)
    if not instructions_of(batch):
        raise FlatError(400, "The batch has no instructions: add them before setup.")
    batch.dataset_id, batch.tasks_per_group = dataset.id, tasks_per_group
    batch.status, batch.error_reason = "PROCESSING", None
    world.schedule(world.now + setup_delay(len(dataset.datapoints)), "batch_setup_done", batch.id)


def _require_usable(world: World, dataset: Dataset) -> None:
    if dataset.schema_version == 3 and dataset.status != "READY":
        raise FlatError(400, f"The dataset is not ready (status {dataset.status}); wait for READY.")
    if dataset.schema_version == 4 and not v4_ready(dataset):
        raise FlatError(
            400, "The V4 dataset has no datapoints yet: wait for an import to complete."
        )


def finish_setup(world: World, batch_id: str) -> None:
    """Event: turn the dataset's datapoints into tasks and task groups."""
    batch = world.batches[batch_id]
    dataset = world.datasets.get(batch.dataset_id or "")
    if dataset is None or not dataset.datapoints:
        batch.status, batch.error_reason = "ERROR", "The dataset has no datapoints."
        return
    add_tasks(world, batch, [dp.id for dp in dataset.datapoints], dataset)
    batch.status = "READY"


def add_tasks(
    world: World, batch: Batch, datapoint_ids: list[str], dataset: Dataset
) -> tuple[int, int]:
    """Create tasks for ``datapoint_ids`` and place them in groups; returns (created, expanded)."""
    keys = {dp.id: dp.group_key for dp in dataset.datapoints}
    if any(keys.get(i) is not None for i in datapoint_ids):
        return _add_keyed(world, batch, datapoint_ids, keys)
    order = list(datapoint_ids)
    world.rng_for("grouping", batch.id, len(batch.task_ids)).shuffle(order)
    created = 0
    for datapoint_id in order:
        group = _open_group(world, batch)
        if group is None:
            group = _new_group(world, batch, None)
            created += 1
        _new_task(world, batch, datapoint_id, group)
    return created, 0  # the spec: groups_expanded is 0 for tasks-per-group batches


def _open_group(world: World, batch: Batch) -> TaskGroup | None:
    if not batch.group_ids:
        return None
    last = world.groups[batch.group_ids[-1]]
    return last if len(last.task_ids) < batch.tasks_per_group else None


def _add_keyed(
    world: World, batch: Batch, datapoint_ids: list[str], keys: dict[str, str | None]
) -> tuple[int, int]:
    by_key = {world.groups[g].key: world.groups[g] for g in batch.group_ids}
    existing = set(batch.group_ids)
    created, expanded = 0, set[str]()
    for datapoint_id in datapoint_ids:
        key = keys.get(datapoint_id) or ""
        group = by_key.get(key)
        if group is None:
            group = by_key[key] = _new_group(world, batch, key)
            created += 1
        elif group.id in existing:
            expanded.add(group.id)
        _new_task(world, batch, datapoint_id, group)
    return created, len(expanded)


def _new_group(world: World, batch: Batch, key: str | None) -> TaskGroup:
    group = TaskGroup(world.new_uuid(), batch.id, [], key)
    world.groups[group.id] = group
    batch.group_ids.append(group.id)
    return group


def _new_task(world: World, batch: Batch, datapoint_id: str, group: TaskGroup) -> None:
    task = Task(world.new_uuid(), batch.id, datapoint_id, group.id)
    world.tasks[task.id] = task
    batch.task_ids.append(task.id)
    group.task_ids.append(task.id)


def request_sync(world: World, batch: Batch) -> SyncJob:
    """Queue a sync of datapoints appended since setup (V4 batches that are ``READY``)."""
    dataset = world.datasets.get(batch.dataset_id or "")
    if batch.status != "READY" or dataset is None or dataset.schema_version != 4:
        detail = "only a READY batch with an attached V4 dataset can be synced"
        raise FlatError(400, f"Batch cannot be synced: {detail}.", "Bad Request")
    running = [
        s
        for s in world.syncs.values()
        if s.batch_id == batch.id and s.status in ("queued", "processing")
    ]
    job = SyncJob(world.new_uuid(), batch.id, dataset.id, world.now, world.now)
    job.status = "queued" if running else "processing"
    world.syncs[job.id] = job
    world.schedule(world.now + 2.0 * (len(running) + 1), "sync_done", job.id)
    return job


def finish_sync(world: World, sync_id: str) -> None:
    """Event: create tasks for datapoints the batch does not have yet."""
    job = world.syncs[sync_id]
    batch, dataset = world.batches[job.batch_id], world.datasets[job.dataset_id]
    have = {world.tasks[t].datapoint_id for t in batch.task_ids}
    fresh = [dp.id for dp in dataset.datapoints if dp.id not in have]
    created, expanded = add_tasks(world, batch, fresh, dataset)
    job.tasks_created, job.datapoints_processed = len(fresh), len(fresh)
    job.groups_created, job.groups_expanded = created, expanded
    job.status, job.updated_at = "complete", world.now
    for queued in world.syncs.values():
        if queued.batch_id == batch.id and queued.status == "queued":
            queued.status = "processing"
            break


def auto_sync(world: World, dataset_id: str) -> None:
    """Event: a dataset grew; batches with ``auto_sync_enabled`` sync themselves."""
    for batch in world.batches.values():
        if batch.auto_sync_enabled and batch.dataset_id == dataset_id and batch.status == "READY":
            request_sync(world, batch)

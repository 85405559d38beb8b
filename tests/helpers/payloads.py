"""Payloads the API returns, shared by the client's read and write tests."""

from __future__ import annotations

DC = "/api/v1/data-collection"
NOW = "2025-01-01T00:00:00Z"
TASK_DETAILS = {"task_name": "t", "task_introduction": "<p>i</p>", "task_steps": "<p>s</p>"}
BATCH = {
    "id": "b1",
    "name": "Batch",
    "status": "READY",
    "workspace_id": "w1",
    "datasets": [],
    "total_task_count": 10,
    "total_instruction_count": 2,
    "task_details": TASK_DETAILS,
}
DATASET = {
    "id": "d1",
    "name": "Data",
    "workspace_id": "w1",
    "created_at": NOW,
    "created_by": "u",
    "total_datapoint_count": 0,
    "schema_version": 3,
    "status": "UNINITIALISED",
}
STUDY = {"id": "s1", "name": "Study", "status": "UNPUBLISHED", "reward": 150}
COLLECTION = {
    "id": "c1",
    "name": "Coll",
    "schema_version": 1,
    "workspace_id": "w1",
    "task_details": TASK_DETAILS,
    "collection_items": [],
}
SYNC = {
    "batch_id": "b1",
    "dataset_id": "d1",
    "sync_id": "y1",
    "status": "queued",
    "created_at": NOW,
    "updated_at": NOW,
}

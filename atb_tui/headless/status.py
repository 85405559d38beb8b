"""`atb-tui status`: a workspace's batches, datasets being processed and live studies, once.

JSON keys (stable, see the README): `workspace` {id, title}; `batches` [{id, name, status,
tasks, task_groups, dataset_ids}]; `datasets` [{id, name, status, datapoints, detail}];
`studies` [{id, name, status, batch_id, places, done, submissions}] where `done` counts
finished submissions and `submissions` maps each submission status to its count.
"""

from __future__ import annotations

import argparse
from typing import Any

from atb_tui.api.models import Workspace
from atb_tui.flows.workspace_status import WorkspaceStatus, workspace_status
from atb_tui.headless.common import Connection, Context, connect, resolve_workspace, table
from atb_tui.headless.common import run as run_command


def run(args: argparse.Namespace) -> int:
    """Run the command; returns the exit code."""
    return run_command(status, args)


async def status(args: argparse.Namespace, context: Context) -> int:
    async with connect(args, context) as connection:
        workspace = await resolve_workspace(connection, args.workspace)
        found = await workspace_status(
            connection.client, workspace.id, _remembered(connection, workspace)
        )
    if args.json:
        context.json(to_json(workspace, found))
    else:
        for line in describe(workspace, found):
            context.out(line)
    return 0


def _remembered(connection: Connection, workspace: Workspace) -> list[str]:
    """Datasets the app remembers for this profile and workspace (uploads not in a batch yet)."""
    if connection.profile is None:
        return []
    from atb_tui.storage.state import StateStore

    known = StateStore().known_datasets(connection.profile.name, workspace.id)
    return [item.dataset_id for item in known]


def to_json(workspace: Workspace, found: WorkspaceStatus) -> dict[str, Any]:
    """The documented JSON shape (see the module docstring)."""
    return {
        "workspace": {"id": workspace.id, "title": workspace.title},
        "batches": [
            {
                "id": batch.id,
                "name": batch.name,
                "status": batch.status,
                "tasks": batch.total_task_count,
                "task_groups": batch.total_task_groups or 0,
                "dataset_ids": [d.id for d in batch.datasets],
            }
            for batch, _ in found.batches
        ],
        "datasets": [
            {
                "id": dataset.id,
                "name": dataset.name,
                "status": row.status,
                "datapoints": dataset.total_datapoint_count,
                "detail": row.detail,
            }
            for dataset, row in found.datasets
        ],
        "studies": [
            {
                "id": item.study.id,
                "name": item.study.name,
                "status": item.row.status,
                "batch_id": item.study.data_collection_id,
                "places": item.study.total_available_places or 0,
                "done": item.row.done or 0,
                "submissions": {k: v for k, v in item.counts.items() if k != "TOTAL"},
            }
            for item in found.studies
        ],
    }


def describe(workspace: Workspace, found: WorkspaceStatus) -> list[str]:
    """The same, as tables for a person."""
    lines = [f"Workspace {workspace.title} ({workspace.id})", ""]
    batch_rows = [[r.name, r.status, r.progress, r.item_id] for _, r in found.batches]
    lines += _section("Batches", ["Name", "Status", "Tasks", "ID"], batch_rows)
    dataset_rows = [[r.name, r.status, r.progress, r.detail, r.item_id] for _, r in found.datasets]
    lines += _section(
        "Datasets being processed", ["Name", "Status", "Size", "Detail", "ID"], dataset_rows
    )
    study_rows = [
        [s.row.name, s.row.status, s.row.progress, s.row.detail, s.row.item_id]
        for s in found.studies
    ]
    lines += _section(
        "Live studies", ["Name", "Status", "Progress", "Submissions", "ID"], study_rows
    )
    return lines[:-1]  # no blank line at the very end


def _section(title: str, headers: list[str], rows: list[list[str]]) -> list[str]:
    if not rows:
        return [f"{title}: none", ""]
    return [f"{title} ({len(rows)})", *table(headers, rows), ""]

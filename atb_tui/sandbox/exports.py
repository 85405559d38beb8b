"""Export jobs (batch and collection ZIPs) and the batch report CSV.

An export is a snapshot: it includes the responses that existed when it finished
generating, narrowed by the job's filters (one study, a window on response time). The job
lifecycle (requests, the cap, deletion) is in :mod:`atb_tui.sandbox.export_jobs`.
ZIP layout (reference §4.12): ``responses-by-submission.jsonl``,
``responses-by-task.jsonl``, ``batch.json``, ``README.md`` (collections:
``responses.jsonl``, ``collection.json``, ``README.md``).
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections import defaultdict

from atb_tui.sandbox import render
from atb_tui.sandbox.batches import instructions_of
from atb_tui.sandbox.ids import iso
from atb_tui.sandbox.model import JSON, Batch, Collection, ExportJob, ResponseRecord
from atb_tui.sandbox.world import World

URL_LIFETIME = 3600


def export_delay(responses: int) -> float:
    """A few seconds, a little more for big batches."""
    return min(15.0, 3.0 + responses / 20000)


def finish_export(world: World, export_id: str) -> None:
    """Event: the ZIP is ready; it covers the responses recorded up to now."""
    job = world.exports[export_id]
    job.status, job.completed_at = "complete", world.now
    job.response_count = len(world.responses_of(job.parent_id))


def included(world: World, job: ExportJob, records: list[ResponseRecord]) -> list[ResponseRecord]:
    """The records a job's ZIP holds: its snapshot, narrowed by its filters."""
    chosen = []
    for record in records[: job.response_count]:
        if job.from_at is not None and record.created_at < job.from_at:
            continue
        if job.to_at is not None and record.created_at > job.to_at:
            continue
        if job.study_id is not None:
            submission = world.submissions.get(record.submission_id)
            if submission is None or submission.study_id != job.study_id:
                continue
        chosen.append(record)
    return chosen


def export_filename(job: ExportJob) -> str:
    """The name the ZIP downloads as."""
    return f"{job.parent_kind}-{job.parent_id}-export.zip"


# -- report CSV ----------------------------------------------------------------------------


REPORT_PEOPLE_COLUMNS = [
    "task_id",
    "task_group_id",
    "participant_id",
    "submission_id",
    "responded_at",
]


def report_csv(world: World, batch: Batch, response_count: int) -> bytes:
    """The batch report: dataset columns, then who answered, then one column per instruction.

    One row per (task, submission): everything one participant said about one datapoint."""
    instructions = instructions_of(batch)
    titles = _unique_titles([i.get("description") or i["id"] for i in instructions])
    dataset = world.datasets.get(batch.dataset_id or "")
    columns = list(dataset.columns) if dataset and dataset.columns else _schema_columns(dataset)
    values = {dp.id: dp.values for dp in dataset.datapoints} if dataset else {}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*columns, *REPORT_PEOPLE_COLUMNS, *titles])
    for (task_id, _), records in _by_task_and_submission(world, batch.id, response_count).items():
        task = world.tasks.get(task_id or "")
        shown = values.get(task.datapoint_id, {}) if task else {}
        answers = {r.instruction_id: format_answer(r.answer) for r in records}
        people = [
            task_id,
            task.group_id if task else "",
            records[0].participant_id,
            records[0].submission_id,
            iso(records[-1].created_at),
        ]
        cells = (answers.get(i["id"], "") for i in instructions)
        writer.writerow([*(shown.get(c, "") for c in columns), *people, *cells])
    return out.getvalue().encode("utf-8")


def _schema_columns(dataset: object) -> list[str]:
    schema = getattr(dataset, "schema", None) or {}
    return list(schema.get("fields", {}))


def _unique_titles(titles: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    unique = []
    for title in titles:
        seen[title] = seen.get(title, 0) + 1
        unique.append(title if seen[title] == 1 else f"{title} ({seen[title]})")
    return unique


def _by_task_and_submission(
    world: World, parent_id: str, count: int
) -> dict[tuple[str | None, str], list[ResponseRecord]]:
    grouped: dict[tuple[str | None, str], list[ResponseRecord]] = defaultdict(list)
    for record in world.responses_of(parent_id)[:count]:
        grouped[(record.task_id, record.submission_id)].append(record)
    return grouped


def format_answer(answer: list[JSON]) -> str:
    """One CSV cell for an answer list (choices joined with ``|``)."""
    parts = []
    for item in answer:
        if "file_name" in item:
            parts.append(str(item["file_name"]))
        elif "unit" in item:
            parts.append(f"{item['value']} {item['unit']}")
        elif "explanation" in item:
            parts.append(f"{item['value']}: {item['explanation']}")
        else:
            parts.append(str(item.get("value", "")))
    return " | ".join(parts)


# -- ZIPs ----------------------------------------------------------------------------------


def export_zip(world: World, job: ExportJob) -> bytes:
    """The ZIP for a complete export job."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        records = included(world, job, world.responses_of(job.parent_id))
        if job.parent_kind == "batch":
            _batch_files(world, world.batches[job.parent_id], records, archive, job)
        else:
            _collection_files(world.collections[job.parent_id], records, archive, job)
    return buffer.getvalue()


def _jsonl(rows: list[JSON]) -> str:
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)


def _batch_files(
    world: World,
    batch: Batch,
    records: list[ResponseRecord],
    archive: zipfile.ZipFile,
    job: ExportJob,
) -> None:
    dataset = world.datasets.get(batch.dataset_id or "")
    views = (
        {dp.id: render.datapoint_view(dataset, dp.values) for dp in dataset.datapoints}
        if dataset
        else {}
    )
    by_task: dict[str, list[ResponseRecord]] = defaultdict(list)
    by_submission: dict[str, list[ResponseRecord]] = defaultdict(list)
    for record in records:
        by_task[record.task_id or ""].append(record)
        by_submission[record.submission_id].append(record)
    archive.writestr(
        "responses-by-submission.jsonl",
        _jsonl([_submission_line(world, sid, rs, views) for sid, rs in by_submission.items()]),
    )
    archive.writestr(
        "responses-by-task.jsonl",
        _jsonl([_task_line(world, tid, by_task.get(tid, []), views) for tid in batch.task_ids]),
    )
    meta = {
        "batch": render.batch(world, batch),
        "instructions": instructions_of(batch),
        "exported_at": iso(job.completed_at or world.now),
        "response_count": len(records),
    }
    archive.writestr("batch.json", json.dumps(meta, indent=2, ensure_ascii=False))
    archive.writestr("README.md", _README.format(name=batch.name, count=len(records)))


def _submission_line(
    world: World,
    submission_id: str,
    records: list[ResponseRecord],
    views: dict[str, tuple[JSON, JSON]],
) -> JSON:
    tasks: dict[str, list[ResponseRecord]] = defaultdict(list)
    for record in records:
        tasks[record.task_id or ""].append(record)
    submission = world.submissions.get(submission_id)
    return {
        "submission_id": submission_id,
        "participant_id": records[0].participant_id,
        "study_id": submission.study_id if submission else None,
        "status": submission.status if submission else None,
        "task_group_id": submission.group_id if submission else None,
        "tasks": [
            _task_part(world, tid, rs, views, with_people=False) for tid, rs in tasks.items()
        ],
    }


def _task_line(
    world: World, task_id: str, records: list[ResponseRecord], views: dict[str, tuple[JSON, JSON]]
) -> JSON:
    return _task_part(world, task_id, records, views, with_people=True)


def _task_part(
    world: World,
    task_id: str,
    records: list[ResponseRecord],
    views: dict[str, tuple[JSON, JSON]],
    *,
    with_people: bool,
) -> JSON:
    task = world.tasks.get(task_id)
    shown, hidden = views.get(task.datapoint_id, ({}, {})) if task else ({}, {})
    answers = []
    for record in records:
        entry: JSON = {
            "instruction_id": record.instruction_id,
            "type": record.type,
            "answer": record.answer,
            "created_at": iso(record.created_at),
        }
        if with_people:
            entry = {
                "participant_id": record.participant_id,
                "submission_id": record.submission_id,
                **entry,
            }
        answers.append(entry)
    return {
        "task_id": task_id,
        "task_group_id": task.group_id if task else None,
        "datapoint": shown,
        "metadata": hidden,
        "responses": answers,
    }


def _collection_files(
    collection: Collection, records: list[ResponseRecord], archive: zipfile.ZipFile, job: ExportJob
) -> None:
    archive.writestr("responses.jsonl", _jsonl([render.collection_response(r) for r in records]))
    archive.writestr(
        "collection.json", json.dumps(render.collection(collection), indent=2, ensure_ascii=False)
    )
    archive.writestr("README.md", _README.format(name=collection.name, count=len(records)))


_README = """# Export: {name}

Generated by the atb-tui sandbox (simulated participants, not real people).
{count} responses.

- `responses-by-submission.jsonl` / `responses.jsonl`: one JSON object per line.
- `responses-by-task.jsonl`: every answer to a task side by side, for agreement checks.
- `batch.json` / `collection.json`: settings and instruction definitions.

File uploads are represented by their metadata only; no `files/` folder is produced.
"""

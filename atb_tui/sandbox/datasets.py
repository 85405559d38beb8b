"""Datasets: V3 (CSV/ZIP, status machine) and V4 (schema, import jobs, appends, migrations).

State machines (reference §10):

* V3: ``UNINITIALISED`` → upload → ``PROCESSING`` → ``READY`` | ``ERROR`` (with a reason);
* V4 import: ``uninitialised`` (URL issued) → ``processing``/``queued`` → ``complete`` |
  ``partial`` | ``failed`` | ``pending_schema``;
* V4 schema migration: ``processing`` → ``complete`` | ``partial`` | ``failed``.

Files are parsed when the upload arrives (the server does it in a worker thread, so a large
file never stalls other clients); the outcome is revealed when the simulated processing time
has elapsed, so clients really have to poll.
"""

from __future__ import annotations

from typing import IO

from atb_tui.sandbox.errors import FieldErrors, FlatError
from atb_tui.sandbox.model import JSON, Datapoint, Dataset, ImportJob, MigrationJob, ParsedUpload
from atb_tui.sandbox.tabular import (
    HIDDEN_PREFIX,
    SCHEMA_FIELD_TYPES,
    RecordResult,
    UploadRejected,
    check_record,
    jsonl_records,
    parse_v3,
    read_records,
    schema_datapoint,
)
from atb_tui.sandbox.world import World

V3_EXTENSIONS = (".csv", ".zip")
V4_EXTENSIONS = (".csv", ".jsonl")
CONTENT_TYPES = {".csv": "text/csv", ".zip": "application/zip", ".jsonl": "application/x-ndjson"}
TERMINAL_IMPORT = ("complete", "partial", "failed", "pending_schema")
MAX_APPEND_RECORDS = 1000


def processing_delay(records: int) -> float:
    """Seconds a file takes to process: a few seconds, a little longer for big files."""
    return min(10.0, 2.0 + records / 5000)


def create_dataset(
    world: World, name: str, workspace_id: str, schema: JSON | None, v4: bool
) -> Dataset:
    """A new, empty dataset (V4 when the request carried a ``schema`` key)."""
    dataset = Dataset(
        id=world.new_uuid(),
        name=name,
        workspace_id=workspace_id,
        created_at=world.now,
        created_by=world.user.id,
        schema_version=4 if v4 else 3,
        schema=schema,
    )
    world.datasets[dataset.id] = dataset
    return dataset


def check_schema(schema: object, errors: FieldErrors, where: str = "schema") -> JSON | None:
    """Validate a ``DatasetSchema``; returns it normalised (``strict`` defaults to false)."""
    if not isinstance(schema, dict):
        errors.add(where, "Must be an object with 'fields' and 'strict'.")
        return None
    strict = schema.get("strict", False)
    if not isinstance(strict, bool):
        errors.add(f"{where}.strict", "Must be a boolean.")
    fields = schema.get("fields")
    if not isinstance(fields, dict) or not fields:
        errors.add(f"{where}.fields", "Must be a non-empty object mapping field names to types.")
        return None
    for key, spec in fields.items():
        _check_schema_field(key, spec, errors, f"{where}.fields.{key}")
    group_fields = [
        k for k, s in fields.items() if isinstance(s, dict) and s.get("type") == "task_group_id"
    ]
    if len(group_fields) > 1:
        errors.add(f"{where}.fields", "At most one field may have type 'task_group_id'.")
    return {"strict": bool(strict), "fields": fields}


def _check_schema_field(key: str, spec: object, errors: FieldErrors, where: str) -> None:
    if not isinstance(spec, dict) or spec.get("type") not in SCHEMA_FIELD_TYPES:
        errors.add(where, f"'type' must be one of {', '.join(SCHEMA_FIELD_TYPES)}.")
    elif "label" in spec and not isinstance(spec["label"], str):
        errors.add(f"{where}.label", "Must be a string.")
    extra = set(spec) - {"type", "label"} if isinstance(spec, dict) else set()
    if extra:
        errors.add(where, f"Unknown keys: {', '.join(sorted(extra))}.")


def check_upload_name(dataset: Dataset, filename: str) -> str:
    """The extension of ``filename`` if this dataset version accepts it, else a 400."""
    allowed = V4_EXTENSIONS if dataset.schema_version == 4 else V3_EXTENSIONS
    extension = "." + filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension not in allowed:
        raise FlatError(
            400,
            f"Unsupported file type {extension or '(none)'!r} for a V{dataset.schema_version} "
            f"dataset; use one of: {', '.join(allowed)}.",
        )
    return extension


def new_import(world: World, dataset: Dataset, filename: str) -> ImportJob:
    """A V4 import job waiting for its file (each upload URL gets its own)."""
    job = ImportJob(world.new_uuid(), dataset.id, filename, world.now, world.now)
    world.imports[job.id] = job
    dataset.import_ids.insert(0, job.id)  # most recent first, as the API lists them
    return job


def receive_v3_upload(world: World, dataset: Dataset, filename: str, stream: IO[bytes]) -> None:
    """Parse an uploaded V3 file now; reveal READY/ERROR once processing time has passed."""
    accept_v3_upload(world, dataset, filename, parse_v3(stream, filename, world.new_uuid))


def accept_v3_upload(world: World, dataset: Dataset, filename: str, parsed: ParsedUpload) -> None:
    """Record a parsed V3 file; split from parsing so the server can parse off its event loop."""
    dataset.status = "PROCESSING"
    dataset.filename = filename
    dataset.pending = parsed
    world.schedule(
        world.now + processing_delay(len(parsed.datapoints)), "dataset_processed", dataset.id
    )


def finish_v3_processing(world: World, dataset_id: str) -> None:
    """Event: the V3 file has been processed."""
    dataset = world.datasets[dataset_id]
    parsed, dataset.pending = dataset.pending, None
    if parsed is None:
        return
    if parsed.ok:
        dataset.status, dataset.error_reason = "READY", None
        dataset.columns, dataset.datapoints = parsed.columns, parsed.datapoints
    else:
        dataset.status, dataset.error_reason = "ERROR", parsed.reason


def receive_v4_upload(world: World, job: ImportJob, stream: IO[bytes]) -> None:
    """Read an uploaded V4 file's records now; the job completes after processing time."""
    accept_v4_upload(world, job, read_v4_upload(stream, job.filename))


def read_v4_upload(stream: IO[bytes], filename: str) -> list[RecordResult] | str:
    """The records of a V4 file, or why the whole file is rejected (no world access: threadable)."""
    try:
        return read_records(stream, filename)
    except UploadRejected as exc:
        return str(exc)


def accept_v4_upload(world: World, job: ImportJob, read: list[RecordResult] | str) -> None:
    """Queue an import job for records read by `read_v4_upload`."""
    dataset = world.datasets[job.dataset_id]
    results: list[RecordResult] = []
    if isinstance(read, str):
        job.reason = read
    else:
        results = read
    busy = [
        j for j in _imports(world, dataset) if j.status in ("processing", "queued") and j is not job
    ]
    job.status = "queued" if busy else "processing"
    job.updated_at = world.now
    # pending datapoints carry their record index as id until the job validates them
    job.pending = [Datapoint(str(r.index), r.record) for r in results if r.record is not None]
    job.errors = [_raw_error(r) for r in results if r.record is None]
    start = max([world.now, *(_finish_time(world, j) for j in busy)])
    world.schedule(start + processing_delay(len(results)), "import_processed", job.id)


def _raw_error(result: RecordResult) -> JSON:
    return {"record_index": result.index, "field": "_raw", "reason": result.problem}


def _finish_time(world: World, job: ImportJob) -> float:
    due = [e.due for e in world.events if e.kind == "import_processed" and e.target == job.id]
    return max(due, default=world.now)


def _imports(world: World, dataset: Dataset) -> list[ImportJob]:
    return [world.imports[i] for i in dataset.import_ids]


def finish_import(world: World, import_id: str) -> None:
    """Event: validate the job's records against the schema and ingest the accepted ones."""
    job = world.imports[import_id]
    dataset = world.datasets[job.dataset_id]
    job.updated_at = world.now
    if dataset.schema is None:
        job.status = "pending_schema"
        return
    _ingest(world, dataset, job)
    for queued in _imports(world, dataset):
        if queued.status == "queued":
            queued.status = "processing"
    world.schedule(world.now, "dataset_grew", dataset.id)


def _ingest(world: World, dataset: Dataset, job: ImportJob) -> None:
    schema = dataset.schema or {}
    accepted: list[Datapoint] = []
    for pending in job.pending:
        problems = check_record(pending.values, schema)
        index = int(pending.id)
        job.errors.extend({"record_index": index, "field": f, "reason": r} for f, r in problems)
        if not problems:
            accepted.append(schema_datapoint(pending.values, schema, world.new_uuid))
    dataset.datapoints.extend(accepted)
    job.errors.sort(key=lambda error: int(error["record_index"]))
    job.pending = []
    job.accepted_count = len(accepted)
    job.rejected_count = len({e["record_index"] for e in job.errors})
    job.status = _import_outcome(job)


def _import_outcome(job: ImportJob) -> str:
    if job.accepted_count and job.rejected_count:
        return "partial"
    if job.accepted_count:
        return "complete"
    job.reason = job.reason or (
        f"No records were accepted ({job.rejected_count} rejected)."
        if job.rejected_count
        else "The file contains no records."
    )
    return "failed"


def v4_ready(dataset: Dataset) -> bool:
    """A V4 dataset is usable once records were ingested (by an import job or an append)."""
    return bool(dataset.datapoints)


def busy_v4(world: World, dataset: Dataset) -> bool:
    """Whether an import or a schema migration is still running (appends get 409)."""
    jobs_busy = any(j.status in ("processing", "queued") for j in _imports(world, dataset))
    migrations = (m for m in world.migrations.values() if m.dataset_id == dataset.id)
    return jobs_busy or any(m.status == "processing" for m in migrations)


def append_datapoints(world: World, dataset: Dataset, text: str) -> JSON:
    """Synchronously append JSONL records; returns ``{accepted, rejected, errors}``."""
    records = jsonl_records(text.splitlines())
    if not records:
        raise FlatError(400, "The request body contains no records.")
    if len(records) > MAX_APPEND_RECORDS:
        raise FlatError(
            400, f"At most {MAX_APPEND_RECORDS} records per request ({len(records)} sent)."
        )
    known = {_fingerprint(dp.values) for dp in dataset.datapoints}
    errors: list[JSON] = []
    accepted = 0
    for result in records:
        problems = (
            [("_raw", result.problem or "")]
            if result.record is None
            else check_record(result.record, dataset.schema or {})
        )
        errors.extend(
            {"record_index": result.index + 1, "field": f, "reason": r} for f, r in problems
        )
        if problems or result.record is None:
            continue
        accepted += 1
        datapoint = schema_datapoint(result.record, dataset.schema or {}, world.new_uuid)
        if _fingerprint(datapoint.values) not in known:  # identical re-appends are idempotent
            known.add(_fingerprint(datapoint.values))
            dataset.datapoints.append(datapoint)
    world.schedule(world.now, "dataset_grew", dataset.id)
    return {"accepted": accepted, "rejected": len(records) - accepted, "errors": errors}


def _fingerprint(values: JSON) -> str:
    return repr(sorted(values.items()))


def update_schema(world: World, dataset: Dataset, schema: JSON) -> str | None:
    """Replace a V4 schema; returns the migration job id when there was a previous schema."""
    old = dataset.schema
    if old is not None and dataset.datapoints and _group_field(old) != _group_field(schema):
        raise FlatError(
            400, "The task_group_id field cannot change once the dataset has datapoints."
        )
    dataset.schema = schema
    dataset.schema_revision += 1
    for job in _imports(world, dataset):
        if job.status == "pending_schema":
            job.status = "processing"
            world.schedule(
                world.now + processing_delay(len(job.pending)), "import_processed", job.id
            )
    if old is None:
        return None
    migration = MigrationJob(
        world.new_uuid(), dataset.id, dataset.schema_revision, world.now, world.now
    )
    world.migrations[migration.id] = migration
    delay = processing_delay(len(dataset.datapoints))
    world.schedule(world.now + delay, "migration_done", migration.id)
    return migration.id


def _group_field(schema: JSON) -> str | None:
    fields: dict[str, JSON] = schema.get("fields", {})
    return next((k for k, s in fields.items() if s.get("type") == "task_group_id"), None)


def finish_migration(world: World, job_id: str) -> None:
    """Event: re-check every datapoint against the new schema."""
    job = world.migrations[job_id]
    dataset = world.datasets[job.dataset_id]
    for datapoint in dataset.datapoints:
        problems = check_record(datapoint.values, dataset.schema or {})
        job.errors.extend(
            {"datapoint_id": datapoint.id, "field": f, "reason": r} for f, r in problems
        )
        job.failed_count += bool(problems)
        job.reprocessed_count += not problems
    job.updated_at = world.now
    job.status = (
        "partial"
        if job.failed_count and job.reprocessed_count
        else ("failed" if job.failed_count else "complete")
    )
    if job.status == "failed":
        job.reason = "No datapoint matches the new schema."


def hidden_keys(dataset: Dataset) -> set[str]:
    """Fields kept for results but never shown: ``META_`` columns (V3) or ``metadata`` and
    ``task_group_id`` fields (V4)."""
    if dataset.schema_version == 4:
        fields: dict[str, JSON] = (dataset.schema or {}).get("fields", {})
        return {
            k for k, spec in fields.items() if spec.get("type") in ("metadata", "task_group_id")
        }
    return {c for c in dataset.columns if c.startswith(HIDDEN_PREFIX)}

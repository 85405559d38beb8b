"""The seed workflow, driven only through ``ProlificClient`` against an in-process sandbox.

Shared by the workflow tests, the method-coverage test and the conformance test, so each of
them exercises exactly the same calls. Time only moves through ``sandbox.advance``.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

from atb_tui.api import ProlificClient
from atb_tui.api.models import (
    BatchCreate,
    ChoiceOption,
    DataCollectionMethod,
    ExportJob,
    FreeTextInput,
    MultipleChoiceInput,
    StudyAction,
    StudyCreate,
    TaskDetailsInput,
)
from atb_tui.api.models.studies import DataCollectionMetadata
from atb_tui.sandbox import Sandbox
from tests.helpers.workflow_review import export_jobs, review_study

TASK_DETAILS = TaskDetailsInput(
    task_name="Rate reviews",
    task_introduction="<p>Read each review.</p>",
    task_steps="<ol><li>Read</li><li>Answer</li></ol>",
)
SENTIMENT = MultipleChoiceInput(
    description="Sentiment?",
    created_by="integration",
    answer_limit=1,
    options=[
        ChoiceOption(label="Positive", value="positive"),
        ChoiceOption(label="Negative", value="negative"),
    ],
)
WHY = FreeTextInput(description="Why?", created_by="integration")
ROWS, PER_GROUP, ANNOTATORS = 12, 3, 2
EXPORT_FILES = {"responses-by-submission.jsonl", "responses-by-task.jsonl", "batch.json"}


@dataclass
class Progress:
    """Collects ``(done, total)`` progress callbacks."""

    calls: list[tuple[int, int | None]] = field(default_factory=list)

    def __call__(self, done: int, total: int | None) -> None:
        self.calls.append((done, total))


def reviews_csv(path: Path, rows: int = ROWS) -> Path:
    """A small CSV with a text column and a hidden label."""
    lines = ["review,META_label"]
    lines += [f"Review {n} was {'good' if n % 3 else 'bad'},{n % 2}" for n in range(rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


async def poll(
    sandbox: Sandbox,
    read: Callable[[], Awaitable[str]],
    done: set[str],
    *,
    step: float = 2.0,
    limit: int = 60,
) -> str:
    """Read a status, moving simulated time by ``step`` until it is one of ``done``."""
    for _ in range(limit):
        status = await read()
        if status in done:
            return status
        sandbox.advance(step)
    raise AssertionError(f"status never reached {sorted(done)}")


async def wait_for_export(sandbox: Sandbox, resource: object, object_id: str) -> ExportJob:
    """Request an export of a batch or collection and poll it until it is terminal."""
    job: ExportJob = await resource.request_export(object_id)  # type: ignore[attr-defined]
    assert job.status in {"generating", "complete"}
    for _ in range(30):
        if job.is_complete or job.is_failed:
            return job
        assert job.export_id is not None
        sandbox.advance(2)
        job = await resource.export_status(object_id, job.export_id)  # type: ignore[attr-defined]
    raise AssertionError("export never finished")


async def first_workspace(client: ProlificClient) -> str:
    """The account's first workspace, after checking the account endpoints answer."""
    me = await client.users.me()
    assert me.id
    spaces = await client.workspaces.list()
    assert spaces
    workspace = await client.workspaces.get(spaces[0].id)
    assert workspace.id == spaces[0].id
    balance = await client.workspaces.balance(workspace.id)
    assert balance.available_balance is not None
    await client.projects.list(workspace.id)
    return workspace.id


async def ready_dataset(
    sandbox: Sandbox, client: ProlificClient, workspace_id: str, tmp_path: Path
) -> str:
    """Create a V3 dataset, stream a CSV into it and wait until it is READY."""
    dataset = await client.datasets.create(workspace_id, "Reviews")
    assert dataset.total_datapoint_count == 0
    source = reviews_csv(tmp_path / "reviews.csv")
    progress = Progress()
    ticket = await client.datasets.upload(dataset.id, source, progress=progress)
    assert ticket.content_type == "text/csv"
    assert progress.calls[-1] == (source.stat().st_size, source.stat().st_size)
    status = await poll(sandbox, lambda: client.datasets.status(dataset.id), {"READY", "ERROR"})
    assert status == "READY"
    assert (await client.datasets.get(dataset.id)).total_datapoint_count == ROWS
    return dataset.id


async def ready_batch(
    sandbox: Sandbox, client: ProlificClient, workspace_id: str, dataset_id: str
) -> str:
    """A batch with legacy instructions, set up and READY."""
    create = BatchCreate(
        name="Reviews batch",
        workspace_id=workspace_id,
        task_details=TASK_DETAILS,
        dataset_id=dataset_id,
    )
    batch = await client.batches.create(create)
    assert batch.status == "UNINITIALISED"
    added = await client.instructions.create(batch.id, [SENTIMENT, WHY])
    assert added.deprecation is not None, "the legacy endpoint's deprecation notice surfaces"
    assert "deprecated" in str(added.deprecation)
    await edit_instructions(client, batch.id)
    await client.batches.setup(batch.id, dataset_id=dataset_id, tasks_per_group=PER_GROUP)
    status = await poll(sandbox, lambda: client.batches.status(batch.id), {"READY", "ERROR"})
    assert status == "READY"
    assert len(await client.batches.tasks(batch.id)) == ROWS
    assert len(await client.batches.task_groups(batch.id)) == ROWS // PER_GROUP
    assert (await client.batches.get(batch.id)).total_task_count == ROWS
    return batch.id


async def edit_instructions(client: ProlificClient, batch_id: str) -> None:
    """Read the instructions back and replace them, keeping their ids."""
    current = await client.instructions.get(batch_id)
    assert [i.description for i in current.instructions] == ["Sentiment?", "Why?"]
    kept = [item.to_input() for item in current.instructions]
    kept[1] = kept[1].model_copy(update={"helper_text": "One sentence is enough."})
    replaced = await client.instructions.replace(batch_id, kept)
    assert [i.id for i in replaced.instructions] == [i.id for i in current.instructions]
    assert replaced.instructions[1].helper_text == "One sentence is enough."
    assert replaced.deprecation is not None


def study_for(batch_id: str, annotators: int = ANNOTATORS) -> StudyCreate:
    """An AI Task Builder study over ``batch_id``."""
    return StudyCreate(
        name="Rate reviews",
        description="<p>A short rating task.</p>",
        reward=100,
        estimated_completion_time=3,
        data_collection_method=DataCollectionMethod.AI_TASK_BUILDER_BATCH,
        data_collection_id=batch_id,
        data_collection_metadata=DataCollectionMetadata(annotators_per_task=annotators),
    )


async def run_study(sandbox: Sandbox, client: ProlificClient, batch_id: str) -> str:
    """Create, price, publish, pause and resume a study, then let it fill up."""
    study = await client.studies.create(study_for(batch_id))
    assert study.status == "UNPUBLISHED"
    assert study.total_available_places == (ROWS // PER_GROUP) * ANNOTATORS
    assert study.data_collection_metadata is not None
    assert study.data_collection_metadata.annotators_per_task == ANNOTATORS
    updated = await client.studies.update(study.id, {"internal_name": "integration run"})
    assert updated.internal_name == "integration run"
    projected = await client.studies.cost(study.id, projected=True)
    quoted = await client.studies.calculate_cost(100, study.total_available_places or 0)
    assert projected.total == quoted > 100 * (study.total_available_places or 0)
    assert (await client.studies.cost(study.id)).total == 0, "nothing is spent before publishing"
    published = await client.studies.transition(study.id, StudyAction.PUBLISH)
    assert published.status == "ACTIVE"
    sandbox.advance(20)
    assert (await client.studies.transition(study.id, "PAUSE")).status == "PAUSED"
    assert (await client.studies.transition(study.id, "START")).status == "ACTIVE"
    status = await poll(
        sandbox, lambda: _study_status(client, study.id), {"AWAITING REVIEW"}, step=10
    )
    assert status == "AWAITING REVIEW"
    assert (await client.studies.cost(study.id)).total > 0
    return study.id


async def _study_status(client: ProlificClient, study_id: str) -> str:
    return (await client.studies.get(study_id)).status or ""


async def check_results(client: ProlificClient, study_id: str, batch_id: str) -> None:
    """Submissions, their counts and every response arrived."""
    places = (ROWS // PER_GROUP) * ANNOTATORS
    submissions = await client.studies.submissions(study_id)
    finished = [s for s in submissions if s.status == "AWAITING REVIEW"]
    assert len(finished) == places
    counts = await client.studies.submission_counts(study_id)
    assert counts["AWAITING REVIEW"] == places
    assert counts["TOTAL"] == len(submissions)
    pages = [page async for page in client.studies.iter_submissions(study_id)]
    assert sum(len(page.items) for page in pages) == len(submissions)
    responses = await client.batches.responses(batch_id)
    assert len(responses) == ROWS * 2 * ANNOTATORS  # tasks x questions x annotators
    assert {r.response.type for r in responses} == {"multiple_choice", "free_text"}
    paged = [page async for page in client.batches.iter_responses(batch_id, page_size=10)]
    assert len(paged) > 1
    assert sorted(r.id for page in paged for r in page.items) == sorted(r.id for r in responses)
    fast = [p async for p in client.batches.iter_response_rows(batch_id, page_size=10)]  # viewer
    assert [r.id for page in fast for r in page.rows] == [r.id for r in responses]
    assert study_id in {s.id for s in await client.studies.list()}


async def check_report_and_export(
    sandbox: Sandbox, client: ProlificClient, batch_id: str, tmp_path: Path
) -> None:
    """The CSV report has dataset and response columns; the ZIP has the documented files."""
    link = await client.batches.report_url(batch_id)
    assert link.url.startswith(sandbox.base_url)
    saved = await client.batches.download_report(batch_id, tmp_path / "report.csv")
    rows = list(csv.DictReader(io.StringIO(saved.read_text(encoding="utf-8"))))
    assert {"review", "META_label", "participant_id", "Sentiment?", "Why?"} <= set(rows[0])
    assert len(rows) == ROWS * ANNOTATORS
    job = await wait_for_export(sandbox, client.batches, batch_id)
    assert job.is_complete
    archive_path = await client.batches.download_export(job, tmp_path / "export.zip")
    with zipfile.ZipFile(archive_path) as archive:
        assert set(archive.namelist()) >= EXPORT_FILES
        by_task = archive.read("responses-by-task.jsonl").decode().splitlines()
        assert len(by_task) == ROWS
        assert json.loads(archive.read("batch.json"))["batch"]["id"] == batch_id


async def stop_a_second_study(sandbox: Sandbox, client: ProlificClient, batch_id: str) -> None:
    """Duplicate the batch (sharing its dataset), publish a study on it, then STOP it."""
    copy = await client.batches.duplicate(batch_id, name="Reviews batch (copy)")
    assert copy.dataset_id == (await client.batches.get(batch_id)).dataset_id
    await client.batches.setup(copy.id, tasks_per_group=PER_GROUP)
    await poll(sandbox, lambda: client.batches.status(copy.id), {"READY"})
    study = await client.studies.create(study_for(copy.id, annotators=1))
    await client.studies.transition(study.id, "PUBLISH")
    sandbox.advance(10)
    stopped = await client.studies.transition(study.id, StudyAction.STOP)
    assert stopped.status == "COMPLETED"
    assert copy.id in {b.id for b in await client.batches.list(copy.workspace_id or "")}


async def seed_workflow(sandbox: Sandbox, client: ProlificClient, tmp_path: Path) -> None:
    """The whole researcher journey, from an empty dataset to a stopped study."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    workspace_id = await first_workspace(client)
    dataset_id = await ready_dataset(sandbox, client, workspace_id, tmp_path)
    batch_id = await ready_batch(sandbox, client, workspace_id, dataset_id)
    study_id = await run_study(sandbox, client, batch_id)
    await check_results(client, study_id, batch_id)
    await check_report_and_export(sandbox, client, batch_id, tmp_path)
    await export_jobs(sandbox, client.batches, batch_id)
    await review_study(sandbox, client, study_id)
    await stop_a_second_study(sandbox, client, batch_id)

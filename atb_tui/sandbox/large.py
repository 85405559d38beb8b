"""``seed_large_batch``: a finished batch with ~100k responses, built in bulk.

No per-response simulation: datapoints, tasks, groups, submissions and response records
are created directly in one pass (answers still follow a per-task truth with noise), so
benchmarks get a realistic large batch in well under the time a real study would take.
"""

from __future__ import annotations

import math
import random

from atb_tui.sandbox import batches, render, studies
from atb_tui.sandbox.instruction_rules import normalise_instruction
from atb_tui.sandbox.model import (
    JSON,
    Batch,
    Datapoint,
    Dataset,
    ResponseRecord,
    Study,
    Submission,
    Task,
    TaskGroup,
)
from atb_tui.sandbox.money import actual_cost
from atb_tui.sandbox.world import World

ANNOTATORS_PER_TASK = 3
TASKS_PER_GROUP = 10
LABELS = ("positive", "negative", "mixed")
REASONS = (
    "clear tone",
    "mentions the acting",
    "sarcastic",
    "hard to call",
    "strong words",
    "praises the music",
)
INSTRUCTIONS: list[JSON] = [
    {
        "type": "multiple_choice",
        "description": "Sentiment?",
        "answer_limit": 1,
        "options": [{"label": label.capitalize(), "value": label} for label in LABELS],
    },
    {"type": "free_text", "description": "Why?"},
]


def seed_large_batch(world: World, workspace_id: str | None, responses: int) -> str:
    """Create a READY batch whose COMPLETED study has ``responses`` responses; returns its id."""
    space_id = workspace_id or next(iter(world.workspaces))
    if space_id not in world.workspaces:
        raise ValueError(f"no workspace with id {space_id!r}")
    per_task = len(INSTRUCTIONS) * ANNOTATORS_PER_TASK
    task_count = max(1, math.ceil(responses / per_task))
    dataset = _dataset(world, space_id, task_count)
    batch = batches.create_batch(
        world,
        f"Large batch ({responses:,} responses)",
        space_id,
        {
            "task_name": "Rate reviews",
            "task_introduction": "<p>Bulk benchmark data.</p>",
            "task_steps": "<ol><li>Rate</li></ol>",
        },
    )
    batch.dataset_id, batch.tasks_per_group, batch.status = dataset.id, TASKS_PER_GROUP, "READY"
    batch.instructions = [
        batches.instruction_object(world, batch, normalise_instruction(i), None)
        for i in INSTRUCTIONS
    ]
    _tasks(world, batch, dataset)
    _study_and_responses(world, batch, responses)
    render.response_page(world, batch.id, 0, None)  # pre-serialise: every page is then a join
    return batch.id


def _dataset(world: World, space_id: str, count: int) -> Dataset:
    item = Dataset(
        world.new_uuid(), f"Large reviews ({count:,})", space_id, world.now, world.user.id, 3
    )
    item.status, item.filename = "READY", "large_reviews.csv"
    item.columns = ["review_id", "review_text", "META_expected_sentiment"]
    labels = LABELS * (count // len(LABELS) + 1)
    item.datapoints = [
        Datapoint(
            world.new_uuid(),
            {
                "review_id": f"L{n:06d}",
                "review_text": f"Review number {n}.",
                "META_expected_sentiment": labels[n],
            },
        )
        for n in range(count)
    ]
    world.datasets[item.id] = item
    return item


def _tasks(world: World, batch: Batch, dataset: Dataset) -> None:
    group: TaskGroup | None = None
    for datapoint in dataset.datapoints:
        if group is None or len(group.task_ids) == TASKS_PER_GROUP:
            group = TaskGroup(world.new_uuid(), batch.id, [])
            world.groups[group.id] = group
            batch.group_ids.append(group.id)
        task = Task(world.new_uuid(), batch.id, datapoint.id, group.id)
        world.tasks[task.id] = task
        batch.task_ids.append(task.id)
        group.task_ids.append(task.id)


def _study_and_responses(world: World, batch: Batch, target: int) -> None:
    study = _finished_study(world, batch)
    rng = random.Random(world.seed)
    truths = {
        dp.id: str(dp.values["META_expected_sentiment"])
        for dp in world.datasets[batch.dataset_id or ""].datapoints
    }
    records: list[ResponseRecord] = []
    for index, group_id in enumerate(batch.group_ids):
        for slot in range(ANNOTATORS_PER_TASK):
            if len(records) >= target:
                break
            person = world.annotators[(index * ANNOTATORS_PER_TASK + slot) % len(world.annotators)]
            submission = _submission(world, study.id, person.id, group_id)
            study.group_takers.setdefault(group_id, []).append(person.id)
            for task_id in world.groups[group_id].task_ids:
                truth = truths[world.tasks[task_id].datapoint_id]
                label = truth if rng.random() < person.reliability else rng.choice(LABELS)
                answers = ([{"value": label}], [{"value": rng.choice(REASONS)}])
                stamp = world.now - 3600 + 3600 * len(records) / max(1, target)
                records.extend(_records(world, batch, submission, task_id, answers, truth, stamp))
    world.add_responses(batch.id, records[:target])
    world.workspaces[batch.workspace_id].funds += actual_cost(world, study).total


def _finished_study(world: World, batch: Batch) -> Study:
    study = studies.create_study(
        world,
        {
            "name": batch.name,
            "description": "<p>Benchmark study.</p>",
            "data_collection_method": "AI_TASK_BUILDER_BATCH",
            "data_collection_id": batch.id,
            "data_collection_metadata": {"annotators_per_task": ANNOTATORS_PER_TASK},
            "reward": 50,
            "estimated_completion_time": 5,
            "submissions_config": {"max_submissions_per_participant": -1},
        },
    )
    study.status, study.published_at, study.completed_at = "COMPLETED", world.now - 3600, world.now
    return study


def _records(
    world: World,
    batch: Batch,
    submission: Submission,
    task_id: str,
    answers: tuple[list[JSON], list[JSON]],
    truth: str,
    stamp: float,
) -> list[ResponseRecord]:
    meta = {"META_expected_sentiment": truth}
    return [
        ResponseRecord(
            world.new_uuid(),
            stamp,
            batch.id,
            submission.participant_id,
            submission.id,
            task_id,
            instruction["id"],
            instruction["type"],
            answer,
            meta,
        )
        for instruction, answer in zip(batch.instructions, answers, strict=True)
    ]


def _submission(world: World, study_id: str, person_id: str, group_id: str) -> Submission:
    submission = Submission(
        world.new_object_id(), study_id, person_id, "APPROVED", world.now - 3600, 50
    )
    submission.completed_at, submission.group_id = world.now - 1800, group_id
    world.submissions[submission.id] = submission
    return submission

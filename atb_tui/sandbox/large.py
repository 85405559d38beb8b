"""``seed_large_batch``: a finished batch with ~100k responses, built in bulk.

No event simulation, but the same answer model as live studies: every task's truth comes
from :mod:`atb_tui.sandbox.truth` (the gold ``META_`` column or the review's words), each
task group is taken by ``ANNOTATORS_PER_TASK`` people drawn from the crowd (so people take
a few groups each and nobody sees every task), and answers and response times follow each
person's accuracy, behaviour and speed (:mod:`atb_tui.sandbox.answers`). Five instruction
types are answered. Speed matters (benchmarks seed 100k): truths and quotes are computed
once per distinct text, ids come from one seeded generator, and records are serialised
into the response page cache with a template rather than ``json.dumps`` per record.
"""

from __future__ import annotations

import json
import math
import random
from datetime import UTC, datetime

from atb_tui.sandbox import batches, seed_content, studies
from atb_tui.sandbox.answers import answer
from atb_tui.sandbox.instruction_rules import normalise_instruction
from atb_tui.sandbox.model import (
    JSON,
    Annotator,
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
from atb_tui.sandbox.participants import SECONDS_PER_ANSWER
from atb_tui.sandbox.truth import true_options
from atb_tui.sandbox.world import World

ANNOTATORS_PER_TASK = 3
TASKS_PER_GROUP = 10
WINDOW = 6 * 3600.0  # the study ran over the last six hours
INSTRUCTIONS: list[JSON] = [
    seed_content.SENTIMENT_INSTRUCTIONS[0],  # positive / negative / mixed (gold column)
    seed_content.SENTIMENT_INSTRUCTIONS[2],  # aspects: multi-select with an exclusive option
    {
        "type": "multiple_choice",
        "description": "Rate the review from 1 (hated it) to 5 (loved it)",
        "answer_limit": 1,
        "options": [{"label": str(n), "value": str(n)} for n in range(1, 6)],
    },
    seed_content.SENTIMENT_INSTRUCTIONS[1],  # free text: why?
    {
        "type": "free_text_with_unit",
        "description": "How long did the review take to read?",
        "unit_position": "suffix",
        "default_unit": "s",
        "unit_options": [
            {
                "label": "seconds",
                "value": "s",
                "validation": {"type": "number", "min": 2, "max": 60},
            }
        ],
    },
]
_TEMPLATE = (
    '{"id":"%s","created_at":"%s","batch_id":"%s","participant_id":"%s","submission_id":"%s",'
    '"task_id":"%s","response":{"instruction_id":"%s","type":"%s","answer":%s},'
    '"metadata":%s,"schema_version":1}'
)


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
            "task_steps": "<ol><li>Read</li><li>Rate</li><li>Say why</li></ol>",
        },
    )
    batch.dataset_id, batch.tasks_per_group, batch.status = dataset.id, TASKS_PER_GROUP, "READY"
    batch.instructions = [
        batches.instruction_object(world, batch, normalise_instruction(i), None)
        for i in INSTRUCTIONS
    ]
    _tasks(world, batch, dataset)
    _Builder(world, batch, responses).run()
    return batch.id


def _dataset(world: World, space_id: str, count: int) -> Dataset:
    item = Dataset(
        world.new_uuid(), f"Large reviews ({count:,})", space_id, world.now, world.user.id, 3
    )
    item.status, item.filename = "READY", "large_reviews.csv"
    item.columns = ["review_id", "review_text", "META_expected_sentiment"]
    rng = random.Random(world.seed)
    labels = tuple(seed_content.PHRASES)
    points = []
    for n in range(count):
        label = rng.choice(labels)
        text = rng.choice(seed_content.PHRASES[label]).format(t=rng.choice(seed_content.TITLES))
        values = {"review_id": f"L{n:06d}", "review_text": text, "META_expected_sentiment": label}
        points.append(Datapoint(world.new_uuid(), values))
    item.datapoints = points
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


class _Builder:
    """One pass over the groups: people, submissions, answers, timestamps, cached JSON."""

    def __init__(self, world: World, batch: Batch, target: int) -> None:
        self.world, self.batch, self.target = world, batch, target
        self.rng = random.Random(f"{world.seed}:large:{batch.id}")
        dataset = world.datasets[batch.dataset_id or ""]
        self.values = {dp.id: dp.values for dp in dataset.datapoints}
        self.truths: dict[tuple[str, str], list[list[int] | None]] = {}
        self.answer_json: dict[tuple[object, ...], str] = {}
        self.meta_json: dict[str, str] = {}
        self.seconds: dict[int, str] = {}
        self.records: list[ResponseRecord] = []
        self.cache: list[bytes] = []

    def run(self) -> None:
        study = _finished_study(self.world, self.batch)
        crowd = self.world.annotators
        for group_id in self.batch.group_ids:
            if len(self.records) >= self.target:
                break
            for who in self.rng.sample(crowd, ANNOTATORS_PER_TASK):
                if len(self.records) >= self.target:
                    break
                study.group_takers.setdefault(group_id, []).append(who.id)
                self._submission(study, who, group_id)
        self.world.add_responses(self.batch.id, self.records)
        cached = self.world.response_json.setdefault(self.batch.id, [])
        cached[len(cached) :] = self.cache
        self.world.workspaces[self.batch.workspace_id].funds += actual_cost(self.world, study).total

    def _submission(self, study: Study, who: Annotator, group_id: str) -> None:
        task_ids = self.world.groups[group_id].task_ids
        answers = len(task_ids) * len(self.batch.instructions)
        took = answers * SECONDS_PER_ANSWER * who.speed * self.rng.lognormvariate(0.0, 0.08)
        begin = self.world.now - WINDOW + self.rng.uniform(0, WINDOW - 3600)
        submission = Submission(self.world.new_object_id(), study.id, who.id, "APPROVED", begin, 50)
        submission.completed_at, submission.group_id = begin + took, group_id
        self.world.submissions[submission.id] = submission
        step, done = took / answers, 0
        for task_id in task_ids:
            context = {"submission_id": submission.id}
            for instruction in self.batch.instructions:
                done += 1
                stamp = round((begin + step * done) * 1000) / 1000  # whole ms, as the API shows
                self._record(submission, who, task_id, instruction, context, stamp)
                if len(self.records) >= self.target:
                    return

    def _record(
        self,
        submission: Submission,
        who: Annotator,
        task_id: str,
        instruction: JSON,
        context: dict[str, str],
        stamp: float,
    ) -> None:
        datapoint_id = self.world.tasks[task_id].datapoint_id
        values = self.values[datapoint_id]
        text = str(values["review_text"])
        correct = self._truth(values)[self.batch.instructions.index(instruction)]
        given = answer(instruction, correct, text, who, self.rng, context)
        if instruction["type"] == "multiple_choice" and "label" not in context and given:
            chosen = given[0]["value"]
            context["label"] = next(
                str(o["label"]) for o in instruction["options"] if o["value"] == chosen
            )
        meta = {"META_expected_sentiment": str(values["META_expected_sentiment"])}
        record = ResponseRecord(
            self._uuid(stamp),
            stamp,
            self.batch.id,
            who.id,
            submission.id,
            task_id,
            instruction["id"],
            instruction["type"],
            given,
            meta,
        )
        self.records.append(record)
        self.cache.append(self._json(record))

    def _truth(self, values: JSON) -> list[list[int] | None]:
        """Per instruction, the true options; computed once per distinct (text, gold)."""
        key = (str(values["review_text"]), str(values["META_expected_sentiment"]))
        found = self.truths.get(key)
        if found is None:
            found = [
                true_options(i, values) if "options" in i else None for i in self.batch.instructions
            ]
            self.truths[key] = found
        return found

    def _uuid(self, stamp: float) -> str:
        """A UUIDv7 (time prefix, version 7, RFC 4122 variant) from the seeded generator."""
        millis = int(stamp * 1000) & ((1 << 48) - 1)
        bits = self.rng.getrandbits(74)
        version, variant = bits >> 62, 0x8000 | ((bits >> 48) & 0x3FFF)
        tail = bits & 0xFFFFFFFFFFFF
        return f"{millis >> 16:08x}-{millis & 0xFFFF:04x}-7{version:03x}-{variant:04x}-{tail:012x}"

    def _json(self, record: ResponseRecord) -> bytes:
        """The same bytes ``render.response_page`` would cache, built from a template."""
        key = tuple(tuple(item.items()) for item in record.answer)
        answer_text = self.answer_json.get(key)
        if answer_text is None:
            answer_text = json.dumps(record.answer, separators=(",", ":"))
            self.answer_json[key] = answer_text
        gold = record.metadata["META_expected_sentiment"]
        meta_text = self.meta_json.get(gold)
        if meta_text is None:
            meta_text = json.dumps(record.metadata, separators=(",", ":"))
            self.meta_json[gold] = meta_text
        return (
            _TEMPLATE
            % (
                record.id,
                self._iso(record.created_at),
                record.parent_id,
                record.participant_id,
                record.submission_id,
                record.task_id,
                record.instruction_id,
                record.type,
                answer_text,
                meta_text,
            )
        ).encode()

    def _iso(self, stamp: float) -> str:
        whole = math.floor(stamp)
        base = self.seconds.get(whole)
        if base is None:
            base = datetime.fromtimestamp(whole, UTC).strftime("%Y-%m-%dT%H:%M:%S.")
            self.seconds[whole] = base
        return f"{base}{round((stamp - whole) * 1e6) // 1000:03d}Z"


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
    study.status, study.published_at = "COMPLETED", world.now - WINDOW
    study.completed_at = world.now
    return study

"""Simulated participants: they arrive after PUBLISH, take a task group, answer, submit.

Each arrival reserves a place (``RESERVED``), starts (``ACTIVE``) a moment later and
submits (``AWAITING REVIEW``, or ``APPROVED`` when the completion code auto-approves)
after a time that depends on the work and on the annotator's speed; a few return the
study instead, which frees the place again. A participant never gets a task group twice.
The study reaches ``AWAITING REVIEW`` (or ``COMPLETED``) when every place is filled and
nobody is still working. ``PAUSE`` stops arrivals; ``START`` resumes them; ``STOP``
completes the study and lets people already working finish.

Pacing is brisk: arrivals every ~``100 / places`` seconds (between 0.5 and 4 s), so a
study of about 30 places fills in a couple of minutes at speed 1. Allocation is sparse, as
on Taskflow: each arrival takes one open task group (the least-taken first), nobody sees a
group twice, and when the study allows several submissions per person most arrivals are
people coming back for another group, so each takes a few. A submission lasts
``SECONDS_PER_ANSWER`` per answer times the person's speed (see :func:`annotator` for the
crowd mix), and its responses are stamped evenly across that time.
"""

from __future__ import annotations

import random
from collections import Counter

from atb_tui.sandbox.answers import answer
from atb_tui.sandbox.batches import instructions_of
from atb_tui.sandbox.datasets import hidden_keys
from atb_tui.sandbox.model import (
    INSTRUCTION_TYPES,
    JSON,
    Annotator,
    ResponseRecord,
    Study,
    Submission,
)
from atb_tui.sandbox.money import HOLDS_PLACE_STATUSES, places_of, reward_of
from atb_tui.sandbox.truth import main_text, true_options
from atb_tui.sandbox.world import World

OPEN = ("RESERVED", "ACTIVE")
RETURN_RATE = 0.04
SECONDS_PER_ANSWER = 8.0
REPEAT_RATE = 0.6  # chance an arrival is someone who already did a group (Taskflow-style)


def make_annotators(world: World, count: int) -> list[Annotator]:
    """A deterministic crowd (see :func:`annotator`)."""
    return [annotator(world, index) for index in range(count)]


def annotator(world: World, index: int) -> Annotator:
    """One simulated person. The mix: 4% straight-liners (always the first option, the same
    word), 5% random clickers, 5% far too fast (about a sixth of the usual time, so their
    submissions sit ~3 SD below the mean: Prolific's "exceptionally fast"), the rest careful
    (accuracy 0.75-0.97, speed around 1 with a small spread). See ``answers.behaviour``."""
    rng = world.rng_for("annotator", index)
    roll = rng.random()
    if roll < 0.04:
        careless, reliability, speed = True, 0.0, rng.uniform(0.7, 1.0)
    elif roll < 0.09:
        careless, reliability, speed = True, rng.uniform(0.2, 0.35), rng.uniform(0.6, 0.9)
    elif roll < 0.14:
        careless, reliability, speed = False, rng.uniform(0.55, 0.75), rng.uniform(0.12, 0.2)
    else:
        careless, reliability = False, rng.uniform(0.75, 0.97)
        speed = min(1.5, max(0.6, rng.gauss(1.0, 0.15)))
    return Annotator(world.new_object_id(), round(reliability, 3), round(speed, 3), careless)


def open_study(world: World, study: Study) -> None:
    """Publishing: fix the arrival pace from the number of places and let people in."""
    study.arrival_interval = min(4.0, max(0.5, 100 / max(1, places_of(study))))
    reopen(world, study)


def reopen(world: World, study: Study) -> None:
    """Make sure an arrival is scheduled while the study is active and has free places."""
    if study.status == "AWAITING REVIEW" and _free_places(world, study) > 0:
        study.status = "ACTIVE"
    if study.status != "ACTIVE" or study.arrival_pending or _free_places(world, study) <= 0:
        return
    gap = world.rng_for("gap", study.id, study.arrivals).expovariate(1 / study.arrival_interval)
    study.arrival_pending = True
    world.schedule(world.now + gap, "participant_arrives", study.id)


def _submissions(world: World, study: Study) -> list[Submission]:
    return [s for s in world.submissions.values() if s.study_id == study.id]


def _free_places(world: World, study: Study) -> int:
    taken = sum(1 for s in _submissions(world, study) if s.status in HOLDS_PLACE_STATUSES)
    return places_of(study) - taken


def arrive(world: World, study_id: str) -> None:
    """Event: someone opens the study, reserves a place and a task group."""
    study = world.studies[study_id]
    study.arrival_pending = False
    if study.status != "ACTIVE" or _free_places(world, study) <= 0:
        return
    rng = world.rng_for("arrival", study.id, study.arrivals)
    study.arrivals += 1
    picked = _pick(world, study, rng)
    if picked is not None:
        who, group_id = picked
        _start_submission(world, study, who, group_id, rng)
    reopen(world, study)


def _pick(world: World, study: Study, rng: random.Random) -> tuple[Annotator, str | None] | None:
    groups = _open_groups(world, study)
    if _batch_id(study) is not None and not groups:
        return None
    limit = int(
        (study.settings.get("submissions_config") or {}).get("max_submissions_per_participant") or 1
    )
    subs = _submissions(world, study)
    taken = Counter(s.participant_id for s in subs)
    working = {s.participant_id for s in subs if s.status in OPEN}
    order = rng.sample(world.annotators, len(world.annotators))
    if taken and limit != 1 and rng.random() < REPEAT_RATE:
        order.sort(key=lambda a: a.id not in taken)  # people come back for another group
    for who in order:
        if who.id in working or (limit != -1 and taken[who.id] >= limit):
            continue
        fresh = [g for g in groups if who.id not in study.group_takers.get(g, [])]
        if _batch_id(study) is None or fresh:
            return who, (fresh[0] if fresh else None)
    world.annotators.extend(make_annotators(world, 50))  # the crowd ran out: more people sign up
    return _pick(world, study, rng)


def _batch_id(study: Study) -> str | None:
    if study.settings.get("data_collection_method") == "AI_TASK_BUILDER_BATCH":
        return str(study.settings["data_collection_id"])
    return None


def _open_groups(world: World, study: Study) -> list[str]:
    batch = world.batches.get(_batch_id(study) or "")
    if batch is None:
        return []
    per_task = int(
        (study.settings.get("data_collection_metadata") or {}).get("annotators_per_task", 1)
    )
    open_groups = [g for g in batch.group_ids if len(study.group_takers.get(g, [])) < per_task]
    return sorted(open_groups, key=lambda g: len(study.group_takers.get(g, [])))


def _start_submission(
    world: World, study: Study, who: Annotator, group_id: str | None, rng: random.Random
) -> None:
    submission = Submission(
        world.new_object_id(), study.id, who.id, "RESERVED", world.now, round(reward_of(study))
    )
    submission.group_id = group_id
    world.submissions[submission.id] = submission
    if group_id is not None:
        study.group_takers.setdefault(group_id, []).append(who.id)
    answers = max(1, len(_instructions(world, study)) * _task_count(world, group_id))
    # Time is proportional to the work and the person's speed, with a little day-to-day
    # noise, so "seconds per task" from response times tells people apart.
    duration = answers * SECONDS_PER_ANSWER * who.speed * rng.lognormvariate(0.0, 0.08)
    duration = max(3.0, min(3600.0, duration))
    world.schedule(world.now + rng.uniform(1.0, 3.0), "submission_starts", submission.id)
    world.schedule(world.now + duration, "submission_ends", submission.id)


def _task_count(world: World, group_id: str | None) -> int:
    return len(world.groups[group_id].task_ids) if group_id else 1


def _instructions(world: World, study: Study) -> list[JSON]:
    target = str(study.settings.get("data_collection_id"))
    if target in world.batches:
        return instructions_of(world.batches[target])
    if target in world.collections:
        return collection_instructions(world.collections[target].pages)
    return []


def collection_instructions(pages: list[JSON]) -> list[JSON]:
    """The instruction items of a collection, page by page, in ``order``."""
    found: list[JSON] = []
    for page in pages:
        items = sorted(page["page_items"], key=lambda item: item.get("order", 0))
        found.extend(item for item in items if item["type"] in INSTRUCTION_TYPES)
    return found


def start(world: World, submission_id: str) -> None:
    """Event: the participant starts working."""
    submission = world.submissions[submission_id]
    if submission.status == "RESERVED":
        submission.status = "ACTIVE"


def finish(world: World, submission_id: str) -> None:
    """Event: the participant submits (or, occasionally, returns the study)."""
    submission = world.submissions[submission_id]
    study = world.studies[submission.study_id]
    if submission.status not in OPEN:
        return
    rng = world.rng_for("finish", submission.id)
    submission.completed_at = world.now
    if rng.random() < RETURN_RATE:
        submission.status = "RETURNED"
        if submission.group_id is not None:
            study.group_takers[submission.group_id].remove(submission.participant_id)
    else:
        _record_answers(world, study, submission)
        submission.study_code = _completion_code(study)
        submission.status = "APPROVED" if _auto_approves(study) else "AWAITING REVIEW"
    settle(world, study)


def _completion_code(study: Study) -> str | None:
    codes = study.settings.get("completion_codes") or []
    return next((c.get("code") for c in codes if c.get("code_type") == "COMPLETED"), None)


def _auto_approves(study: Study) -> bool:
    codes = study.settings.get("completion_codes") or []
    completed = [c for c in codes if c.get("code_type") == "COMPLETED"]
    return any(
        a.get("action") == "AUTOMATICALLY_APPROVE" for c in completed for a in c.get("actions", [])
    )


def settle(world: World, study: Study) -> None:
    """Close the study when every place is filled and nobody is still working."""
    busy = any(s.status in OPEN for s in _submissions(world, study))
    if study.status == "ACTIVE" and _free_places(world, study) <= 0 and not busy:
        awaiting = any(s.status == "AWAITING REVIEW" for s in _submissions(world, study))
        study.status = "AWAITING REVIEW" if awaiting else "COMPLETED"
        if study.status == "COMPLETED":
            study.completed_at = world.now
    elif study.status == "AWAITING REVIEW" and not busy:
        if not any(s.status == "AWAITING REVIEW" for s in _submissions(world, study)):
            study.status, study.completed_at = "COMPLETED", world.now
    else:
        reopen(world, study)


def _record_answers(world: World, study: Study, submission: Submission) -> None:
    instructions = _instructions(world, study)
    who = next(a for a in world.annotators if a.id == submission.participant_id)
    target = str(study.settings.get("data_collection_id"))
    units = _work_units(world, submission)
    total = max(1, len(units) * len(instructions))
    span = world.now - submission.started_at
    records: list[ResponseRecord] = []
    for unit in units:
        context = {"submission_id": submission.id}
        for instruction in instructions:
            when = submission.started_at + span * (len(records) + 1) / total
            records.append(_respond(world, submission, who, target, unit, instruction, context))
            records[-1].created_at = when
    world.add_responses(target, records)


def _work_units(world: World, submission: Submission) -> list[tuple[str | None, JSON, JSON]]:
    """(task id, all datapoint values, hidden values) for each task of the submission."""
    if submission.group_id is None:
        return [(None, {}, {})]
    units: list[tuple[str | None, JSON, JSON]] = []
    for task_id in world.groups[submission.group_id].task_ids:
        task = world.tasks[task_id]
        dataset = world.datasets[world.batches[task.batch_id].dataset_id or ""]
        hidden = hidden_keys(dataset)
        values = next((dp.values for dp in dataset.datapoints if dp.id == task.datapoint_id), {})
        units.append((task_id, values, {k: v for k, v in values.items() if k in hidden}))
    return units


def _respond(
    world: World,
    submission: Submission,
    who: Annotator,
    target: str,
    unit: tuple[str | None, JSON, JSON],
    instruction: JSON,
    context: dict[str, str],
) -> ResponseRecord:
    task_id, values, hidden = unit
    rng = world.rng_for("answer", submission.id, task_id or target, instruction["id"])
    correct = true_options(instruction, values) if "options" in instruction else None
    given = answer(instruction, correct, main_text(values), who, rng, context)
    if instruction["type"] == "multiple_choice" and given:
        label = next(o["label"] for o in instruction["options"] if o["value"] == given[0]["value"])
        context.setdefault("label", str(label))
    return ResponseRecord(
        world.new_uuid(),
        world.now,
        target,
        submission.participant_id,
        submission.id,
        task_id,
        instruction["id"],
        instruction["type"],
        given,
        {k: str(v) for k, v in hidden.items()},
    )

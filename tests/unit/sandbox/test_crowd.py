"""Simulated participants over time: the live demo study, the crowd mix, sparse allocation,
agreement that means something, response times, and the 100k bulk batch built the same way.

Agreement is computed here (majority vote per task) from what the sandbox recorded; the
sandbox itself knows nothing of agreement.
"""

from __future__ import annotations

import json
import statistics
from collections import Counter, defaultdict

from atb_tui.api.models.batches import TaskResponse
from atb_tui.sandbox import ManualClock, Sandbox, render
from atb_tui.sandbox.answers import behaviour
from atb_tui.sandbox.model import ResponseRecord
from atb_tui.sandbox.participants import make_annotators
from atb_tui.sandbox.truth import true_options

HOUR = 3600.0


def _live(sb: Sandbox) -> tuple[str, str]:
    study = next(
        s for s in sb.world.studies.values() if s.settings["name"] == "Movie review sentiment"
    )
    return study.id, str(study.settings["data_collection_id"])


def _majorities(records: list[ResponseRecord], instruction_id: str) -> dict[str, str]:
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for r in records:
        if r.instruction_id == instruction_id and r.task_id:
            votes[r.task_id][json.dumps(r.answer)] += 1
    return {task: c.most_common(1)[0][0] for task, c in votes.items() if sum(c.values()) >= 3}


def _agreement_by_style(
    sb: Sandbox, records: list[ResponseRecord], instruction_id: str
) -> dict[str, float]:
    """Leave-one-out: how often each kind of person matches the majority of the *others*
    on the task (tasks where the others have no single majority are skipped)."""
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    mine = [r for r in records if r.instruction_id == instruction_id and r.task_id]
    for r in mine:
        votes[str(r.task_id)][json.dumps(r.answer)] += 1
    people = {a.id: behaviour(a) for a in sb.world.annotators}
    people.update({k: "careless" for k, v in people.items() if v in ("random", "straight")})
    hits: dict[str, list[bool]] = defaultdict(list)
    for r in mine:
        own = json.dumps(r.answer)
        others = votes[str(r.task_id)] - Counter({own: 1})
        top = others.most_common(2)
        if not top or (len(top) == 2 and top[0][1] == top[1][1]):
            continue
        hits[people[r.participant_id]].append(own == top[0][0])
    return {style: sum(h) / len(h) for style, h in hits.items()}


def _truth_of(sb: Sandbox, batch_id: str, task_id: str, instruction_index: int) -> str:
    batch = sb.world.batches[batch_id]
    instruction = batch.instructions[instruction_index]
    task = sb.world.tasks[task_id]
    dataset = sb.world.datasets[batch.dataset_id or ""]
    values = next(dp.values for dp in dataset.datapoints if dp.id == task.datapoint_id)
    picked = true_options(instruction, values)
    return json.dumps([{"value": instruction["options"][i]["value"]} for i in picked])


def test_the_crowd_mix_is_seeded_and_has_careless_and_fast_people() -> None:
    first = Sandbox(clock=ManualClock(), demo_data=False).world
    again = Sandbox(clock=ManualClock(), demo_data=False).world
    assert make_annotators(first, 400) == make_annotators(again, 400)
    styles = Counter(behaviour(a) for a in first.annotators)
    assert 8 <= styles["straight"] <= 30
    assert 10 <= styles["random"] <= 35
    assert 10 <= styles["fast"] <= 35
    assert styles["normal"] > 300


async def test_live_demo_study_runs_for_an_hour_with_meaningful_answers() -> None:
    clock = ManualClock()
    sb = Sandbox(clock=clock)
    study_id, batch_id = _live(sb)
    clock.advance(HOUR)
    sb.tick()
    at_hour = len(sb.world.responses_of(batch_id))
    clock.advance(180)
    sb.tick()
    records = sb.world.responses_of(batch_id)
    assert len(records) > at_hour, "responses still arrive after an hour at speed 1"
    assert sb.world.studies[study_id].status == "ACTIVE"

    # Sparse allocation: no one sees every task, each task has at most 3 people, and
    # people come back for a few groups.
    batch = sb.world.batches[batch_id]
    seen: dict[str, set[str]] = defaultdict(set)
    people_per_task: dict[str, set[str]] = defaultdict(set)
    for r in records:
        seen[r.participant_id].add(str(r.task_id))
        people_per_task[str(r.task_id)].add(r.participant_id)
    assert max(len(tasks) for tasks in seen.values()) < len(batch.task_ids) / 4
    assert max(len(p) for p in people_per_task.values()) <= 3
    assert sum(1 for p in people_per_task.values() if len(p) == 3) > 100
    subs = [s for s in sb.world.submissions.values() if s.study_id == study_id]
    groups_each = Counter(s.participant_id for s in subs if s.status != "RETURNED")
    assert max(groups_each.values()) >= 3
    assert statistics.mean(groups_each.values()) > 1.3

    sentiment = batch.instructions[0]["id"]
    majority = _majorities(records, sentiment)
    matches = [majority[task] == _truth_of(sb, batch_id, task, 0) for task in majority]
    assert sum(matches) / len(matches) >= 0.8
    by_style = _agreement_by_style(sb, records, sentiment)
    assert by_style["normal"] >= 0.8
    assert by_style["careless"] < by_style["normal"] - 0.25


async def test_too_fast_people_sit_three_sd_below_the_mean_time_per_task() -> None:
    clock = ManualClock()
    sb = Sandbox(clock=clock)
    study_id, batch_id = _live(sb)
    clock.advance(HOUR)
    sb.tick()
    people = {a.id: behaviour(a) for a in sb.world.annotators}
    done = [
        s
        for s in sb.world.submissions.values()
        if s.study_id == study_id and s.completed_at and s.status != "RETURNED"
    ]
    times = [(s.completed_at or 0) - s.started_at for s in done]
    mean, sd = statistics.mean(times), statistics.stdev(times)
    fast = [t for s, t in zip(done, times, strict=True) if people[s.participant_id] == "fast"]
    normal = [t for s, t in zip(done, times, strict=True) if people[s.participant_id] == "normal"]
    assert fast, "some too-fast people took part"
    assert all(t < mean - 2.5 * sd for t in fast)
    assert sum(1 for t in normal if t < mean - 2.5 * sd) == 0
    # Response times follow the submission: "median seconds per task" is meaningful.
    by_submission: dict[str, list[float]] = defaultdict(list)
    for r in sb.world.responses_of(batch_id):
        by_submission[r.submission_id].append(r.created_at)
    for s in done:
        stamps = by_submission[s.id]
        assert s.started_at < min(stamps) <= max(stamps) <= (s.completed_at or 0) + 1e-6


async def test_every_answer_type_parses_as_the_client_model() -> None:
    clock = ManualClock()
    sb = Sandbox(clock=clock)
    clock.advance(600)
    sb.tick()
    kinds: set[str] = set()
    for parent_id, records in sb.world.responses.items():
        if parent_id not in sb.world.batches:
            continue
        for record in records[:400]:
            parsed = TaskResponse.model_validate(render.response(record))
            kinds.add(parsed.response.type if hasattr(parsed.response, "type") else record.type)
    assert {"multiple_choice", "free_text"} <= kinds


def test_large_batch_uses_the_same_answer_model() -> None:
    sb = Sandbox(clock=ManualClock(), demo_data=False)
    batch_id = sb.seed_large_batch(responses=15_000)
    again = Sandbox(clock=ManualClock(), demo_data=False)
    same_id = again.seed_large_batch(responses=15_000)
    records = sb.world.responses_of(batch_id)
    assert [r.answer for r in records[:500]] == [
        r.answer for r in again.world.responses_of(same_id)[:500]
    ]
    assert {r.type for r in records} == {"multiple_choice", "free_text", "free_text_with_unit"}
    batch = sb.world.batches[batch_id]
    sentiment = batch.instructions[0]["id"]
    majority = _majorities(records, sentiment)
    gold = {
        r.task_id: json.dumps([{"value": r.metadata["META_expected_sentiment"]}]) for r in records
    }
    assert sum(majority[t] == gold[t] for t in majority) / len(majority) >= 0.8
    by_style = _agreement_by_style(sb, records, sentiment)
    assert by_style["careless"] < by_style["normal"] - 0.3
    seen: dict[str, set[str]] = defaultdict(set)
    for r in records:
        seen[r.participant_id].add(str(r.task_id))
    assert len(seen) > 100
    assert max(len(t) for t in seen.values()) < 100
    cache = sb.world.response_json[batch_id]
    for index in range(0, len(records), 997):
        expected = json.dumps(render.response(records[index]), separators=(",", ":"))
        assert cache[index] == expected.encode()

"""The whole researcher workflow against the sandbox, driven by a manual clock."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections import Counter, defaultdict

import httpx

from atb_tui.sandbox import Sandbox
from atb_tui.sandbox.model import Submission
from tests.helpers.raw_api import (
    DC,
    SENTIMENT,
    WHY,
    batch_with_instructions,
    draft_study,
    ready_batch,
    ready_dataset,
    reviews_csv,
)

FILES = {
    "type": "file_upload",
    "description": "Upload a photo",
    "accepted_file_types": [".png"],
    "min_file_count": 1,
    "max_file_count": 2,
}


async def _run_until_settled(
    sb: Sandbox, api: httpx.AsyncClient, study_id: str, limit: int = 60
) -> list[int]:
    """Step the clock 10 s at a time; return the response counts seen along the way."""
    counts = []
    batch_id = sb.world.studies[study_id].settings["data_collection_id"]
    for _ in range(limit):
        sb.advance(10)
        counts.append(
            (await api.get(f"{DC}/batches/{batch_id}/responses", params={"limit": 1})).json()[
                "meta"
            ]["count"]
        )
        if (await api.get(f"/api/v1/studies/{study_id}/")).json()["status"] != "ACTIVE":
            break
    return counts


async def test_full_workflow_publish_responses_report_export(
    bare: Sandbox, bare_api: httpx.AsyncClient
) -> None:
    batch_id = await ready_batch(bare, bare_api, rows=12, per_group=3)
    study = await draft_study(bare_api, batch_id, per_task=2)
    assert (study["status"], study["total_available_places"]) == ("UNPUBLISHED", 8)  # 4 groups x 2
    published = await bare_api.post(
        f"/api/v1/studies/{study['id']}/transition/", json={"action": "PUBLISH"}
    )
    assert published.status_code == 200
    assert published.json()["status"] == "ACTIVE"
    counts = await _run_until_settled(bare, bare_api, study["id"])
    assert counts == sorted(counts), "responses only ever accumulate"
    assert counts[0] < counts[-1], "responses arrive over time"
    assert len(counts) * 10 <= 300, "an 8-place study fills within a few minutes"
    final = (await bare_api.get(f"/api/v1/studies/{study['id']}/")).json()
    assert final["status"] == "AWAITING REVIEW"
    tally = (await bare_api.get(f"/api/v1/studies/{study['id']}/submissions/counts/")).json()
    assert tally["AWAITING REVIEW"] == 8
    assert tally["TOTAL"] == 8 + tally["RETURNED"]
    responses = (await bare_api.get(f"{DC}/batches/{batch_id}/responses")).json()
    assert (
        responses["meta"]["count"] == len(responses["results"]) == 12 * 2 * 2
    )  # tasks x instructions x annotators
    await _check_each_participant_took_distinct_groups(bare, study["id"])
    await _check_report(bare, bare_api, batch_id)
    await _check_export(bare, bare_api, batch_id)


async def _check_each_participant_took_distinct_groups(sb: Sandbox, study_id: str) -> None:
    takers = sb.world.studies[study_id].group_takers
    assert all(len(people) == len(set(people)) == 2 for people in takers.values())


async def _check_report(sb: Sandbox, api: httpx.AsyncClient, batch_id: str) -> None:
    report = (await api.get(f"{DC}/batches/{batch_id}/report/")).json()
    async with httpx.AsyncClient(transport=sb.transport()) as storage:
        body = (await storage.get(report["url"])).text
    rows = list(csv.DictReader(io.StringIO(body)))
    assert list(rows[0])[:2] == ["review", "META_label"]
    assert {"participant_id", "submission_id", "task_id", "Sentiment?", "Why?"} <= set(rows[0])
    assert len(rows) == 12 * 2
    assert {row["Sentiment?"] for row in rows} <= {"positive", "negative"}


async def _check_export(sb: Sandbox, api: httpx.AsyncClient, batch_id: str) -> None:
    started = await api.post(f"{DC}/batches/{batch_id}/export")
    assert started.status_code == 202
    assert started.json()["status"] == "generating"
    export_id = started.json()["export_id"]
    again = await api.post(f"{DC}/batches/{batch_id}/export")
    assert again.status_code == 202
    assert again.json()["export_id"] == export_id
    assert (await api.get(f"{DC}/batches/{batch_id}/export/{export_id}")).json()[
        "status"
    ] == "generating"
    sb.advance(10)
    done = (await api.get(f"{DC}/batches/{batch_id}/export/{export_id}")).json()
    assert done["status"] == "complete"
    assert done["expires_at"].endswith("Z")
    fresh = await api.post(f"{DC}/batches/{batch_id}/export")  # addendum: a new job each time
    assert fresh.status_code == 202
    assert fresh.json()["export_id"] != export_id
    async with httpx.AsyncClient(transport=sb.transport()) as storage:
        archive = zipfile.ZipFile(io.BytesIO((await storage.get(done["url"])).content))
    assert set(archive.namelist()) == {
        "responses-by-submission.jsonl",
        "responses-by-task.jsonl",
        "batch.json",
        "README.md",
    }
    by_task = [json.loads(line) for line in archive.read("responses-by-task.jsonl").splitlines()]
    assert len(by_task) == 12
    assert all(len(t["responses"]) == 4 for t in by_task)
    assert by_task[0]["metadata"] == {"META_label": by_task[0]["metadata"]["META_label"]}
    assert "review" in by_task[0]["datapoint"]
    assert "META_label" not in by_task[0]["datapoint"]
    by_submission = [
        json.loads(line) for line in archive.read("responses-by-submission.jsonl").splitlines()
    ]
    assert len(by_submission) == 8
    assert all(len(s["tasks"]) == 3 for s in by_submission)
    assert json.loads(archive.read("batch.json"))["batch"]["id"] == batch_id
    missing = await api.get(f"{DC}/batches/{batch_id}/export/0192a3b5-e8f9-7a0b-1c2d-3e4f5a6b7c8d")
    assert missing.status_code == 404


async def test_answers_are_plausible_and_agreement_is_meaningful(
    bare: Sandbox, bare_api: httpx.AsyncClient
) -> None:
    dataset_id = await ready_dataset(bare, bare_api, reviews_csv(30))
    batch_id = await batch_with_instructions(bare_api, dataset_id, [SENTIMENT, WHY, FILES])
    await bare_api.post(f"{DC}/batches/{batch_id}/setup", json={"tasks_per_group": 5})
    bare.advance(10)
    study = await draft_study(bare_api, batch_id, per_task=5)
    await bare_api.post(f"/api/v1/studies/{study['id']}/transition/", json={"action": "PUBLISH"})
    await _run_until_settled(bare, bare_api, study["id"])
    results = (await bare_api.get(f"{DC}/batches/{batch_id}/responses")).json()["results"]
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    labels = {}
    for record in results:
        kind = record["response"]["type"]
        if kind == "multiple_choice":
            votes[record["task_id"]][record["response"]["answer"][0]["value"]] += 1
            labels[record["task_id"]] = record["metadata"]["META_label"]
        elif kind == "file_upload":
            first = record["response"]["answer"][0]
            assert first["file_name"].endswith(".png")
            assert first["content_type"] == "image/png"
            assert 0 < first["file_size_mb"] <= 25
    majority_right = sum(votes[t].most_common(1)[0][0] == labels[t] for t in votes)
    assert majority_right >= 0.8 * len(votes), "most tasks' majority vote matches the hidden truth"
    assert any(len(v) > 1 for v in votes.values()), "annotators sometimes disagree"
    texts = {
        r["response"]["answer"][0]["value"] for r in results if r["response"]["type"] == "free_text"
    }
    assert len(texts) > 20
    assert all(len(t) < 200 for t in texts)


async def test_pause_resume_and_stop(sandbox: Sandbox, api: httpx.AsyncClient) -> None:
    batch = next(
        b for b in sandbox.world.batches.values() if b.name == "Sentiment - ready to launch"
    )
    study = await draft_study(api, batch.id, per_task=3)
    assert study["total_available_places"] == len(batch.group_ids) * 3
    path = f"/api/v1/studies/{study['id']}/"
    assert (await api.post(path + "transition/", json={"action": "PUBLISH"})).json()[
        "status"
    ] == "ACTIVE"
    sandbox.advance(20)
    paused = await api.post(path + "transition/", json={"action": "PAUSE"})
    assert paused.json()["status"] == "PAUSED"
    started = len(_subs(sandbox, study["id"]))
    sandbox.advance(120)
    assert len(_subs(sandbox, study["id"])) == started, "no one new arrives while paused"
    assert (await api.post(path + "transition/", json={"action": "START"})).json()[
        "status"
    ] == "ACTIVE"
    sandbox.advance(30)
    resumed = len(_subs(sandbox, study["id"]))
    assert resumed > started
    stopped = await api.post(path + "transition/", json={"action": "STOP"})
    assert stopped.json()["status"] == "COMPLETED"
    sandbox.advance(300)
    assert len(_subs(sandbox, study["id"])) == resumed
    assert all(s.status not in ("RESERVED", "ACTIVE") for s in _subs(sandbox, study["id"])), (
        "in-flight work finishes"
    )


def _subs(sb: Sandbox, study_id: str) -> list[Submission]:
    return [s for s in sb.world.submissions.values() if s.study_id == study_id]


async def test_invalid_transitions_are_400(bare: Sandbox, bare_api: httpx.AsyncClient) -> None:
    batch_id = await ready_batch(bare, bare_api, rows=3, per_group=3)
    study = await draft_study(bare_api, batch_id)
    path = f"/api/v1/studies/{study['id']}/transition/"
    for action in ("PAUSE", "START", "STOP", "CANCEL_PUBLISH"):
        response = await bare_api.post(path, json={"action": action})
        assert response.status_code == 400
        assert "allowed: PUBLISH, SCHEDULE_PUBLISH" in response.json()["error"]["detail"]
    unknown = await bare_api.post(path, json={"action": "LAUNCH"})
    assert unknown.status_code == 400
    assert "action" in unknown.json()["error"]["detail"]
    await bare_api.post(path, json={"action": "PUBLISH"})
    twice = await bare_api.post(path, json={"action": "PUBLISH"})
    assert twice.status_code == 400
    assert "ACTIVE" in twice.json()["error"]["detail"]

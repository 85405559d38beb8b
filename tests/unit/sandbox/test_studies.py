"""Studies: validation, place math, PATCH after publish, costs, scheduling, review."""

from __future__ import annotations

import httpx

from atb_tui.sandbox import Sandbox
from tests.helpers.raw_api import DC, draft_study, ready_batch, workspace_id

STUDIES = "/api/v1/studies/"


async def test_aitb_study_validation(bare: Sandbox, bare_api: httpx.AsyncClient) -> None:
    batch_id = await ready_batch(bare, bare_api, rows=3)
    body = {
        "name": "S",
        "description": "d",
        "data_collection_method": "AI_TASK_BUILDER_BATCH",
        "data_collection_id": batch_id,
        "external_study_url": "https://example.org",
    }
    clash = await bare_api.post(STUDIES, json=body)
    assert clash.status_code == 400
    assert "mutually exclusive" in clash.json()["error"]["detail"]["external_study_url"][0]
    missing = await bare_api.post(
        STUDIES, json={**body, "external_study_url": None, "data_collection_id": "nope"}
    )
    assert "data_collection_id" in missing.json()["error"]["detail"]
    codes = [{"code": "A", "code_type": "COMPLETED", "actions": [{"action": "DYNAMIC_PAYMENT"}]}]
    bad_codes = await bare_api.post(
        STUDIES, json={**body, "external_study_url": None, "completion_codes": codes}
    )
    assert "completion_codes" in bad_codes.json()["error"]["detail"]


async def test_cli_zero_values_are_accepted_at_creation_but_not_at_publish(
    bare: Sandbox, bare_api: httpx.AsyncClient
) -> None:
    batch_id = await ready_batch(bare, bare_api, rows=3)
    body = {
        "name": "S",
        "description": "d",
        "data_collection_method": "AI_TASK_BUILDER_BATCH",
        "data_collection_id": batch_id,
        "reward": 0,
        "estimated_completion_time": 0,
        "prolific_id_option": "",
        "device_compatibility": None,
    }
    created = await bare_api.post(STUDIES, json=body)
    assert created.status_code == 201
    study = created.json()
    assert study["prolific_id_option"] == "not_required"
    assert study["completion_codes"][0]["code_type"] == "COMPLETED"
    refused = await bare_api.post(f"{STUDIES}{study['id']}/transition/", json={"action": "PUBLISH"})
    assert refused.status_code == 400
    assert {"reward", "estimated_completion_time"} <= set(refused.json()["error"]["detail"])


async def test_classic_study_needs_the_spec_required_fields(bare_api: httpx.AsyncClient) -> None:
    response = await bare_api.post(STUDIES, json={"name": "Survey"})
    detail = response.json()["error"]["detail"]
    assert response.status_code == 400
    assert {
        "description",
        "external_study_url",
        "prolific_id_option",
        "total_available_places",
        "estimated_completion_time",
        "reward",
    } <= set(detail)


async def test_places_follow_groups_times_annotators_and_patch_rules(
    bare: Sandbox, bare_api: httpx.AsyncClient
) -> None:
    batch_id = await ready_batch(bare, bare_api, rows=9, per_group=2)  # 5 groups
    study = await draft_study(bare_api, batch_id, per_task=2)
    assert study["total_available_places"] == 10
    path = f"{STUDIES}{study['id']}/"
    draft = await bare_api.patch(
        path, json={"data_collection_metadata": {"annotators_per_task": 3}, "name": "Renamed"}
    )
    assert (draft.json()["total_available_places"], draft.json()["name"]) == (15, "Renamed")
    await bare_api.post(path + "transition/", json={"action": "PUBLISH"})
    locked = await bare_api.patch(path, json={"reward": 500, "name": "Again"})
    assert locked.status_code == 400
    assert set(locked.json()["error"]["detail"]) == {"reward", "name"}
    echoed = (await bare_api.get(path)).json()
    assert (await bare_api.patch(path, json=echoed)).status_code == 200, (
        "read-only fields are ignored"
    )
    lower = await bare_api.patch(
        path, json={"data_collection_metadata": {"annotators_per_task": 2}}
    )
    assert lower.status_code == 400
    higher = await bare_api.patch(
        path, json={"data_collection_metadata": {"annotators_per_task": 4}, "internal_name": "x"}
    )
    assert higher.status_code == 200
    assert higher.json()["total_available_places"] == 20


async def test_publish_needs_a_ready_batch_and_enough_funds(
    bare: Sandbox, bare_api: httpx.AsyncClient
) -> None:
    batch_id = await ready_batch(bare, bare_api, rows=3, per_group=1)
    rich = await draft_study(bare_api, batch_id, per_task=1, reward=10_000_000)
    response = await bare_api.post(f"{STUDIES}{rich['id']}/transition/", json={"action": "PUBLISH"})
    assert response.status_code == 400
    assert "Insufficient funds" in response.json()["error"]["detail"]
    assert "£1,000.00 available" in response.json()["error"]["detail"]
    created = await bare_api.post(
        f"{DC}/batches",
        json={
            "name": "x",
            "workspace_id": await workspace_id(bare_api),
            "task_details": {"task_name": "a", "task_introduction": "b", "task_steps": "c"},
        },
    )
    early = await draft_study(bare_api, created.json()["id"])
    assert early["total_available_places"] == 0
    assert early["is_ready_to_publish"] is False
    refused = await bare_api.post(f"{STUDIES}{early['id']}/transition/", json={"action": "PUBLISH"})
    assert "must be READY" in refused.json()["error"]["detail"]


async def test_costs_balance_and_calculator(bare: Sandbox, bare_api: httpx.AsyncClient) -> None:
    batch_id = await ready_batch(bare, bare_api, rows=6, per_group=3)
    study = await draft_study(bare_api, batch_id, per_task=2, reward=150)  # 4 places
    projected = (
        await bare_api.get(f"{STUDIES}{study['id']}/cost/", params={"is_projected": "true"})
    ).json()
    assert projected["rewards"]["rewards"] == {"amount": 600, "currency": "GBP"}
    assert projected["rewards"]["fees"]["amount"] == 200
    assert projected["rewards"]["tax"]["amount"] == 40
    assert (await bare_api.get(f"{STUDIES}{study['id']}/cost/")).json()["rewards"]["rewards"][
        "amount"
    ] == 0
    calculated = await bare_api.post(
        "/api/v1/study-cost-calculator/", json={"reward": 150, "total_available_places": 4}
    )
    assert calculated.json() == {"total_cost": 840}
    assert (await bare_api.post("/api/v1/study-cost-calculator/", json={})).status_code == 400
    space = await workspace_id(bare_api)
    before = (await bare_api.get(f"/api/v1/workspaces/{space}/balance/")).json()
    await bare_api.post(f"{STUDIES}{study['id']}/transition/", json={"action": "PUBLISH"})
    after = (await bare_api.get(f"/api/v1/workspaces/{space}/balance/")).json()
    assert before["available_balance"] - after["available_balance"] == 840
    assert after["currency_code"] == "GBP"
    assert set(after["balance_breakdown"]) == {
        "rewards",
        "fees",
        "vat",
    }


async def test_schedule_and_cancel_publish(bare: Sandbox, bare_api: httpx.AsyncClient) -> None:
    batch_id = await ready_batch(bare, bare_api, rows=3)
    study = await draft_study(bare_api, batch_id)
    path = f"{STUDIES}{study['id']}/transition/"
    missing = await bare_api.post(path, json={"action": "SCHEDULE_PUBLISH"})
    assert missing.status_code == 400
    scheduled = await bare_api.post(
        path, json={"action": "SCHEDULE_PUBLISH", "publish_at": "2026-11-23T10:00:00Z"}
    )
    assert scheduled.json()["status"] == "SCHEDULED"
    assert scheduled.json()["publish_at"] == "2026-11-23T10:00:00.000Z"
    bare.advance(3600)
    assert bare.world.studies[study["id"]].status == "ACTIVE"
    other = await draft_study(bare_api, batch_id)
    other_path = f"{STUDIES}{other['id']}/transition/"
    await bare_api.post(
        other_path, json={"action": "SCHEDULE_PUBLISH", "publish_at": "2026-11-23T12:00:00Z"}
    )
    cancelled = await bare_api.post(other_path, json={"action": "CANCEL_PUBLISH"})
    assert cancelled.json()["status"] == "UNPUBLISHED"
    bare.advance(3 * 3600)
    assert bare.world.studies[other["id"]].status == "UNPUBLISHED"


async def test_lists_filters_and_delete(sandbox: Sandbox, api: httpx.AsyncClient) -> None:
    active = (await api.get(STUDIES, params={"state": "ACTIVE"})).json()["results"]
    assert [s["name"] for s in active] == ["Movie review sentiment"]
    assert (await api.get(STUDIES, params={"state": "NOPE"})).status_code == 400
    everything = (await api.get(STUDIES)).json()
    assert everything["meta"]["count"] == len(sandbox.world.studies)
    paged = (await api.get(STUDIES, params={"page_size": 2, "page": 2})).json()
    assert len(paged["results"]) == 2
    assert paged["_links"]["previous"]["href"]
    draft = next(s for s in sandbox.world.studies.values() if s.status == "UNPUBLISHED")
    assert (await api.delete(f"{STUDIES}{draft.id}/")).status_code == 204
    live = next(s for s in sandbox.world.studies.values() if s.status == "ACTIVE")
    assert (await api.delete(f"{STUDIES}{live.id}/")).status_code == 400


async def test_submissions_listing_and_review(sandbox: Sandbox, api: httpx.AsyncClient) -> None:
    live = next(s for s in sandbox.world.studies.values() if s.status == "ACTIVE")
    sandbox.advance(60)
    path = f"{STUDIES}{live.id}/submissions/"
    page = (await api.get(path, params={"limit": 3, "offset": 0, "ordering": "-started_at"})).json()
    assert len(page["results"]) == 3
    assert page["meta"]["count"] > 3
    started = [s["started_at"] for s in page["results"]]
    assert started == sorted(started, reverse=True)
    assert (await api.get(path, params={"ordering": "shoe_size"})).status_code == 400
    waiting = next(
        s
        for s in sandbox.world.submissions.values()
        if s.study_id == live.id and s.status == "AWAITING REVIEW"
    )
    approved = await api.post(
        f"/api/v1/submissions/{waiting.id}/transition/", json={"action": "APPROVE"}
    )
    assert approved.json()["status"] == "APPROVED"
    again = await api.post(
        f"/api/v1/submissions/{waiting.id}/transition/", json={"action": "APPROVE"}
    )
    assert again.status_code == 400


async def test_approving_everything_completes_an_awaiting_review_study(
    bare: Sandbox, bare_api: httpx.AsyncClient
) -> None:
    batch_id = await ready_batch(bare, bare_api, rows=4, per_group=2)
    study = await draft_study(bare_api, batch_id, per_task=1)
    await bare_api.post(f"{STUDIES}{study['id']}/transition/", json={"action": "PUBLISH"})
    bare.advance(600)
    assert bare.world.studies[study["id"]].status == "AWAITING REVIEW"
    waiting = [s.id for s in bare.world.submissions.values() if s.status == "AWAITING REVIEW"]
    response = await bare_api.post(
        "/api/v1/submissions/bulk-approve/", json={"submission_ids": waiting}
    )
    assert isinstance(response.json(), str), "asynchronous: a message, not a result"
    assert (await bare_api.get(f"{STUDIES}{study['id']}/")).json()["status"] == "AWAITING REVIEW"
    bare.advance(5)
    assert (await bare_api.get(f"{STUDIES}{study['id']}/")).json()["status"] == "COMPLETED"


async def test_collection_study_collects_responses_and_exports(
    sandbox: Sandbox, api: httpx.AsyncClient
) -> None:
    collection = next(iter(sandbox.world.collections.values()))
    body = {
        "name": "Write prompts",
        "description": "d",
        "data_collection_method": "AI_TASK_BUILDER_COLLECTION",
        "data_collection_id": collection.id,
        "total_available_places": 5,
        "reward": 100,
        "estimated_completion_time": 2,
    }
    study = (await api.post(STUDIES, json=body)).json()
    await api.post(f"{STUDIES}{study['id']}/transition/", json={"action": "PUBLISH"})
    sandbox.advance(600)
    responses = (await api.get(f"{DC}/collections/{collection.id}/responses")).json()
    assert responses["meta"]["count"] >= 5
    assert responses["results"][0]["collection_id"] == collection.id
    assert all(20 <= len(r["response"]["answer"][0]["value"]) <= 280 for r in responses["results"])
    job = (await api.post(f"{DC}/collections/{collection.id}/export")).json()
    sandbox.advance(10)
    done = (await api.get(f"{DC}/collections/{collection.id}/export/{job['export_id']}")).json()
    assert done["status"] == "complete"

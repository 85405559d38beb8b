"""Routing, authentication and error envelopes, checked over the in-process transport."""

from __future__ import annotations

import httpx
import pytest

from atb_tui.sandbox import Sandbox
from atb_tui.sandbox.app import route_table
from tests.helpers.sandbox import raw_client

DC = "/api/v1/data-collection"


def _read_paths(sb: Sandbox) -> list[str]:
    """One concrete GET path per read route, with ids from the demo world."""
    world = sb.world
    workspace = next(iter(world.workspaces))
    project = next(iter(world.projects))
    study = next(s.id for s in world.studies.values() if s.status == "COMPLETED")
    batch = next(b.id for b in world.batches.values() if b.status == "READY")
    dataset = next(iter(world.datasets))
    collection = next(iter(world.collections))
    submission = next(iter(world.submissions))
    return [
        "/api/v1/users/me/",
        "/api/v1/workspaces/",
        f"/api/v1/workspaces/{workspace}/",
        f"/api/v1/workspaces/{workspace}/balance/",
        f"/api/v1/workspaces/{workspace}/projects/",
        f"/api/v1/projects/{project}/",
        f"/api/v1/projects/{project}/studies/",
        "/api/v1/studies/",
        f"/api/v1/studies/{study}/",
        f"/api/v1/studies/{study}/cost/",
        f"/api/v1/studies/{study}/submissions/",
        f"/api/v1/studies/{study}/submissions/counts/",
        f"/api/v1/submissions/?study={study}",
        f"/api/v1/submissions/{submission}/",
        f"{DC}/batches/?workspace_id={workspace}",
        f"{DC}/batches/{batch}/",
        f"{DC}/batches/{batch}/status/",
        f"{DC}/batches/{batch}/responses/",
        f"{DC}/batches/{batch}/report/",
        f"{DC}/batches/{batch}/instructions/",
        f"{DC}/batches/{batch}/tasks/",
        f"{DC}/batches/{batch}/task-groups/",
        f"{DC}/datasets/{dataset}/",
        f"{DC}/datasets/{dataset}/status/",
        f"{DC}/collections/?workspace_id={workspace}",
        f"{DC}/collections/{collection}/",
        f"{DC}/collections/{collection}/responses/",
    ]


async def test_every_read_route_answers_with_and_without_trailing_slash(
    sandbox: Sandbox, api: httpx.AsyncClient
) -> None:
    for with_slash in _read_paths(sandbox):
        path, _, query = with_slash.partition("?")
        without = path.rstrip("/") + (f"?{query}" if query else "")
        first, second = await api.get(with_slash), await api.get(without)
        assert first.status_code == second.status_code == 200, (with_slash, first.text)
        assert first.json().keys() if isinstance(first.json(), dict) else True
        assert type(first.json()) is type(second.json())


async def test_route_table_covers_the_reference_endpoint_index() -> None:
    served = {(method, path) for method, path, _ in route_table()}
    expected = {
        ("GET", "/api/v1/users/me"),
        ("POST", "/api/v1/studies/{id}/transition"),
        ("GET", "/api/v1/data-collection/batches/{batch_id}/report"),
        ("POST", "/api/v1/data-collection/batches/{batch_id}/sync"),
        ("GET", "/api/v1/data-collection/batches/{batch_id}/syncs/{sync_id}"),
        ("PUT", "/api/v1/data-collection/batches/{batch_id}/instructions"),
        ("POST", "/api/v1/data-collection/datasets/{dataset_id}/datapoints"),
        ("GET", "/api/v1/data-collection/datasets/{dataset_id}/schema-migrations/{job_id}"),
        ("PUT", "/api/v1/data-collection/collections/{collection_id}"),
        ("GET", "/api/v1/data-collection/collections/{collection_id}/export/{export_id}"),
        ("DELETE", "/api/v1/studies/{id}"),
        ("GET", "/api/v1/workspaces/{workspace_id}/balance"),
        ("POST", "/api/v1/study-cost-calculator"),
    }
    assert expected <= served
    assert len(served) >= 60


@pytest.mark.parametrize(
    ("header", "detail"),
    [
        (None, "Authentication credentials were not provided."),
        ("Token wrong", "Invalid token."),
        ("Bearer sandbox-token", "Use the header 'Authorization: Token <your API token>'."),
    ],
)
async def test_bad_or_missing_token_is_401_in_the_classic_envelope(
    sandbox: Sandbox, header: str | None, detail: str
) -> None:
    headers = {"Authorization": header} if header else {}
    async with httpx.AsyncClient(
        transport=sandbox.transport(), base_url=sandbox.base_url
    ) as client:
        response = await client.get("/api/v1/users/me/", headers=headers)
    assert response.status_code == 401
    error = response.json()["error"]
    assert error["status"] == 401
    assert error["detail"] == detail
    assert error["title"]
    assert isinstance(error["error_code"], int)


async def test_request_log_redacts_the_token_but_records_its_presence(
    sandbox: Sandbox, api: httpx.AsyncClient
) -> None:
    await api.get("/api/v1/users/me", params={"x": "1"})
    entry = sandbox.request_log[-1]
    assert (entry.method, entry.path, entry.query, entry.status) == (
        "GET",
        "/api/v1/users/me",
        "x=1",
        200,
    )
    assert entry.headers["authorization"] == "<redacted>"
    assert "sandbox-token" not in repr(sandbox.request_log)
    assert "sandbox-token" not in repr(sandbox)


async def test_unknown_ids_are_404_in_the_envelope_of_their_family(api: httpx.AsyncClient) -> None:
    classic = await api.get("/api/v1/studies/000000000000000000000000/")
    assert classic.status_code == 404
    assert classic.json()["error"]["detail"] == "Study not found."
    for path, kind in (
        ("batches", "batch"),
        ("datasets", "dataset"),
        ("collections", "collection"),
    ):
        flat = await api.get(f"{DC}/{path}/0192a3b5-e8f9-7a0b-1c2d-3e4f5a6b7c8d")
        assert flat.status_code == 404
        assert flat.json() == {"message": "Not Found", "detail": f"{kind} not found"}


async def test_unknown_route_and_wrong_method(api: httpx.AsyncClient) -> None:
    missing = await api.get("/api/v1/nothing-here/")
    assert missing.status_code == 404
    assert "error" in missing.json()
    wrong = await api.delete("/api/v1/workspaces/")
    assert wrong.status_code == 405
    assert wrong.json()["error"]["detail"] == 'Method "DELETE" not allowed.'


async def test_invalid_json_and_non_object_bodies_are_400(api: httpx.AsyncClient) -> None:
    broken = await api.post(
        "/api/v1/studies/", content=b"{nope", headers={"Content-Type": "application/json"}
    )
    assert broken.status_code == 400
    assert broken.json()["error"]["detail"].startswith("JSON parse error")
    listed = await api.post("/api/v1/studies/", json=[1, 2])
    assert listed.status_code == 400
    assert listed.json()["error"]["detail"] == {
        "non_field_errors": ["Expected an object, found list."]
    }


async def test_missing_required_query_parameter(api: httpx.AsyncClient) -> None:
    response = await api.get(f"{DC}/batches")
    assert response.status_code == 400
    assert response.json()["error"]["detail"] == {
        "workspace_id": ["This query parameter is required."]
    }


async def test_timestamps_and_ids_have_prolific_formats(
    sandbox: Sandbox, api: httpx.AsyncClient
) -> None:
    workspace = next(iter(sandbox.world.workspaces))
    batches = (await api.get(f"{DC}/batches", params={"workspace_id": workspace})).json()["results"]
    import re

    for batch in batches:
        assert re.fullmatch(
            r"[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", batch["id"]
        )
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", batch["created_at"])
    assert re.fullmatch(r"[0-9a-f]{24}", workspace)


async def test_same_seed_gives_the_same_world(clock: object) -> None:
    from atb_tui.sandbox import ManualClock

    first, second = Sandbox(clock=ManualClock()), Sandbox(clock=ManualClock())
    assert list(first.world.batches) == list(second.world.batches)
    other = Sandbox(clock=ManualClock(), seed=8)
    assert list(other.world.batches) != list(first.world.batches)
    async with raw_client(first) as a, raw_client(second) as b:
        assert (await a.get("/api/v1/users/me")).json() == (await b.get("/api/v1/users/me")).json()


async def test_write_routes_accept_both_slash_forms(
    bare: Sandbox, bare_api: httpx.AsyncClient
) -> None:
    space = (await bare_api.get("/api/v1/workspaces")).json()["results"][0]["id"]
    for path in (f"{DC}/datasets", f"{DC}/datasets/"):
        created = await bare_api.post(path, json={"name": "d", "workspace_id": space})
        assert created.status_code == 201
    details = {"task_name": "a", "task_introduction": "b", "task_steps": "c"}
    for path in (f"{DC}/batches", f"{DC}/batches/"):
        batch = await bare_api.post(
            path, json={"name": "b", "workspace_id": space, "task_details": details}
        )
        assert batch.status_code == 201
        slash = "/" if path.endswith("/") else ""
        renamed = await bare_api.patch(
            f"{DC}/batches/{batch.json()['id']}{slash}", json={"name": "c"}
        )
        assert renamed.json()["name"] == "c"
    assert (await bare_api.post("/api/v1/workspaces", json={"title": "T"})).status_code == 201
    assert len(bare.world.datasets) == 2
    assert len(bare.world.batches) == 2

"""Datasets: V3 processing (READY or ERROR with a reason) and V4 schema/import/append."""

from __future__ import annotations

import io
import json
import zipfile

import httpx
import pytest

from atb_tui.sandbox import Sandbox
from tests.helpers.raw_api import DC, upload, workspace_id


async def _new_dataset(api: httpx.AsyncClient, **extra: object) -> dict[str, object]:
    body = {"name": "Data", "workspace_id": await workspace_id(api), **extra}
    response = await api.post(f"{DC}/datasets", json=body)
    assert response.status_code == 201, response.text
    return dict(response.json())


async def test_v3_csv_goes_uninitialised_processing_ready(
    bare: Sandbox, bare_api: httpx.AsyncClient
) -> None:
    created = await _new_dataset(bare_api)
    assert (created["status"], created["total_datapoint_count"], created["schema_version"]) == (
        "UNINITIALISED",
        0,
        3,
    )
    ticket = await upload(
        bare,
        bare_api,
        str(created["id"]),
        "reviews.csv",
        b"text,META_source,META_TASK_GROUP_ID\nGreat,web,a\nBad,web,a\nMeh,app,b\n",
    )
    assert ticket["http_method"] == "PUT"
    assert ticket["content_type"] == "text/csv"
    assert "import_id" not in ticket
    assert ticket["expires_at"].endswith("Z")
    status = (await bare_api.get(f"{DC}/datasets/{created['id']}/status")).json()
    assert status == {"status": "PROCESSING"}
    bare.advance(10)
    dataset = (await bare_api.get(f"{DC}/datasets/{created['id']}")).json()
    assert dataset["status"] == "READY"
    assert dataset["total_datapoint_count"] == 3
    assert dataset["filename"] == "reviews.csv"
    assert dataset["has_predetermined_grouping_id"] is True
    stored = bare.world.datasets[str(created["id"])]
    assert stored.datapoints[0].values == {
        "text": "Great",
        "META_source": "web",
        "META_TASK_GROUP_ID": "a",
    }
    assert [d.group_key for d in stored.datapoints] == ["a", "a", "b"]


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"name,review\nAda,\xff\xfe broken\n", "not valid UTF-8"),
        (b"a,b,c\n1,2,3\n4,5\n", "Line 3 has 2 values but the header has 3 columns."),
        (b"", "The file is empty."),
        (b"\n\n  \n", "The file is empty."),
        (b"1,2,3\n4,5,6\n", "looks like data, not a header"),
        (b"name,,score\nx,y,z\n", "empty column name"),
        (b"a,a\n1,2\n", "repeats column names: a"),
        (b"review,label\n", "header row but no data rows"),
        (b'a,b\n"unterminated,1\n', "could not be read as CSV"),
    ],
)
async def test_broken_v3_files_give_error_with_a_reason(
    bare: Sandbox, bare_api: httpx.AsyncClient, content: bytes, reason: str
) -> None:
    created = await _new_dataset(bare_api)
    await upload(bare, bare_api, str(created["id"]), "file.csv", content)
    bare.advance(10)
    dataset = (await bare_api.get(f"{DC}/datasets/{created['id']}")).json()
    assert dataset["status"] == "ERROR"
    assert reason in dataset["error_reason"]
    assert dataset["total_datapoint_count"] == 0


async def test_v3_zip_upload_reads_the_csv_inside(
    bare: Sandbox, bare_api: httpx.AsyncClient
) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("data/items.csv", "prompt\nhello\nworld\n")
    created = await _new_dataset(bare_api)
    ticket = await upload(bare, bare_api, str(created["id"]), "bundle.zip", buffer.getvalue())
    assert ticket["content_type"] == "application/zip"
    bare.advance(10)
    dataset = (await bare_api.get(f"{DC}/datasets/{created['id']}")).json()
    assert (dataset["status"], dataset["total_datapoint_count"]) == ("READY", 2)


async def test_upload_url_rejects_unsupported_extensions(bare_api: httpx.AsyncClient) -> None:
    v3 = await _new_dataset(bare_api)
    response = await bare_api.get(f"{DC}/datasets/{v3['id']}/upload-url/data.jsonl")
    assert response.status_code == 400
    assert "'.jsonl'" in response.json()["detail"]
    assert ".csv" in response.json()["detail"]


SCHEMA = {
    "strict": True,
    "fields": {
        "text": {"type": "text"},
        "source": {"type": "metadata"},
        "thread": {"type": "task_group_id"},
    },
}


async def test_v4_import_reports_accepted_rejected_and_per_record_errors(
    bare: Sandbox, bare_api: httpx.AsyncClient
) -> None:
    created = await _new_dataset(bare_api, schema=SCHEMA)
    assert created["schema_version"] == 4
    assert created["imports"] == []
    assert "status" not in created
    lines = [
        {"text": "hello", "source": "a", "thread": "t1"},
        {"source": "b", "thread": "t1"},
        "not json",
        {"text": "bye", "source": "c", "thread": "t2", "extra": 1},
        {"text": "ok", "source": "d", "thread": "t2"},
    ]
    body = "\n".join(line if isinstance(line, str) else json.dumps(line) for line in lines).encode()
    ticket = await upload(bare, bare_api, str(created["id"]), "records.jsonl", body)
    assert ticket["content_type"] == "application/x-ndjson"
    job_path = f"{DC}/datasets/{created['id']}/imports/{ticket['import_id']}"
    assert (await bare_api.get(job_path)).json()["status"] == "processing"
    bare.advance(10)
    job = (await bare_api.get(job_path)).json()
    assert (job["status"], job["accepted_count"], job["rejected_count"]) == ("partial", 2, 3)
    assert {"record_index": 1, "field": "text", "reason": "required field is missing"} in job[
        "errors"
    ]
    assert {"record_index": 2, "field": "_raw", "reason": "invalid JSON: Expecting value"} in job[
        "errors"
    ]
    assert {"record_index": 3, "field": "extra", "reason": "field is not in the schema"} in job[
        "errors"
    ]
    dataset = (await bare_api.get(f"{DC}/datasets/{created['id']}")).json()
    assert dataset["total_datapoint_count"] == 2
    assert dataset["imports"][0]["import_id"] == ticket["import_id"]
    assert (await bare_api.get(f"{DC}/datasets/{created['id']}/status")).json()["status"] == "READY"


async def test_v4_without_schema_parks_imports_until_a_schema_arrives(
    bare: Sandbox, bare_api: httpx.AsyncClient
) -> None:
    created = await _new_dataset(bare_api, schema=None)
    ticket = await upload(
        bare, bare_api, str(created["id"]), "r.jsonl", b'{"text": "a"}\n{"text": "b"}\n'
    )
    bare.advance(10)
    job_path = f"{DC}/datasets/{created['id']}/imports/{ticket['import_id']}"
    assert (await bare_api.get(job_path)).json()["status"] == "pending_schema"
    patched = await bare_api.patch(
        f"{DC}/datasets/{created['id']}",
        json={"schema": {"strict": False, "fields": {"text": {"type": "text"}}}},
    )
    assert patched.status_code == 200
    assert "migration_job_id" not in patched.json()
    bare.advance(10)
    assert (await bare_api.get(job_path)).json()["accepted_count"] == 2


async def test_append_datapoints_is_synchronous_one_based_and_idempotent(
    bare: Sandbox, bare_api: httpx.AsyncClient
) -> None:
    created = await _new_dataset(
        bare_api, schema={"strict": True, "fields": {"text": {"type": "text"}}}
    )
    path = f"{DC}/datasets/{created['id']}/datapoints"
    body = b'{"text": "one"}\n\n{"nope": 1}\n{"text": "two"}\n'
    first = await bare_api.post(
        path, content=body, headers={"Content-Type": "application/x-ndjson"}
    )
    assert first.status_code == 200
    assert first.json()["accepted"] == 2
    assert first.json()["rejected"] == 1
    assert {
        "record_index": 2,
        "field": "text",
        "reason": "required field is missing",
    } in first.json()["errors"]
    again = await bare_api.post(
        path, content=body, headers={"Content-Type": "application/x-ndjson"}
    )
    assert again.json()["accepted"] == 2
    assert len(bare.world.datasets[str(created["id"])].datapoints) == 2
    too_many = b"".join(b'{"text": "x%d"}\n' % n for n in range(1001))
    assert (await bare_api.post(path, content=too_many)).status_code == 400
    assert (
        await bare_api.post(path, content=b"text\nx\n", headers={"Content-Type": "text/csv"})
    ).status_code == 400


async def test_append_conflicts_while_an_import_runs(
    bare: Sandbox, bare_api: httpx.AsyncClient
) -> None:
    created = await _new_dataset(
        bare_api, schema={"strict": False, "fields": {"text": {"type": "text"}}}
    )
    await upload(bare, bare_api, str(created["id"]), "r.jsonl", b'{"text": "a"}\n')
    busy = await bare_api.post(
        f"{DC}/datasets/{created['id']}/datapoints", content=b'{"text": "b"}\n'
    )
    assert busy.status_code == 409
    assert "in progress" in busy.json()["detail"]


async def test_schema_change_starts_a_migration_job(
    bare: Sandbox, bare_api: httpx.AsyncClient
) -> None:
    created = await _new_dataset(
        bare_api, schema={"strict": False, "fields": {"text": {"type": "text"}}}
    )
    await bare_api.post(
        f"{DC}/datasets/{created['id']}/datapoints", content=b'{"text": "a"}\n{"text": "b"}\n'
    )
    new_schema = {
        "strict": True,
        "fields": {"text": {"type": "text"}, "lang": {"type": "metadata"}},
    }
    patched = (
        await bare_api.patch(f"{DC}/datasets/{created['id']}", json={"schema": new_schema})
    ).json()
    job_path = f"{DC}/datasets/{created['id']}/schema-migrations/{patched['migration_job_id']}"
    assert (await bare_api.get(job_path)).json()["status"] == "processing"
    bare.advance(10)
    job = (await bare_api.get(job_path)).json()
    assert (job["status"], job["failed_count"], job["schema_version"]) == ("failed", 2, 2)
    assert job["errors"][0]["field"] == "lang"


async def test_schema_validation_errors_are_classic_400(bare_api: httpx.AsyncClient) -> None:
    bad = {
        "strict": "yes",
        "fields": {
            "a": {"type": "video"},
            "g1": {"type": "task_group_id"},
            "g2": {"type": "task_group_id"},
        },
    }
    response = await bare_api.post(
        f"{DC}/datasets",
        json={"name": "x", "workspace_id": await workspace_id(bare_api), "schema": bad},
    )
    detail = response.json()["error"]["detail"]
    assert response.status_code == 400
    assert set(detail) == {"schema.strict", "schema.fields.a", "schema.fields"}
    v3 = await _new_dataset(bare_api)
    patched = await bare_api.patch(f"{DC}/datasets/{v3['id']}", json={"schema": SCHEMA})
    assert patched.status_code == 400
    assert "V3" in patched.json()["detail"]

"""Presigned storage URLs behave like S3: signed, expiring, and refusing Authorization."""

from __future__ import annotations

from collections.abc import AsyncIterator
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

import httpx

from atb_tui.sandbox import Sandbox
from tests.helpers.raw_api import DC, workspace_id


async def _ticket(api: httpx.AsyncClient) -> dict[str, str]:
    created = await api.post(
        f"{DC}/datasets", json={"name": "d", "workspace_id": await workspace_id(api)}
    )
    response = await api.get(f"{DC}/datasets/{created.json()['id']}/upload-url/data.csv")
    assert response.status_code == 201
    return dict(response.json())


def _storage(sb: Sandbox, **headers: str) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=sb.transport(), headers=headers)


async def test_upload_url_points_outside_the_api(
    bare_api: httpx.AsyncClient, bare: Sandbox
) -> None:
    ticket = await _ticket(bare_api)
    url = urlsplit(ticket["upload_url"])
    assert f"{url.scheme}://{url.netloc}" == bare.base_url
    assert url.path.startswith("/presigned/uploads/")
    assert not url.path.startswith("/api/")
    assert "X-Amz-Signature" in parse_qs(url.query)


async def test_a_request_carrying_authorization_is_refused_like_s3(
    bare: Sandbox, bare_api: httpx.AsyncClient
) -> None:
    ticket = await _ticket(bare_api)
    async with _storage(bare, Authorization="Token sandbox-token") as storage:
        response = await storage.put(ticket["upload_url"], content=b"a\n1\n")
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("application/xml")
    assert "<Code>InvalidArgument</Code>" in response.text
    assert "Only one auth mechanism" in response.text
    dataset_id = ticket["dataset_id"]
    assert bare.world.datasets[dataset_id].status == "UNINITIALISED"


async def test_expired_url_is_refused(bare: Sandbox, bare_api: httpx.AsyncClient) -> None:
    ticket = await _ticket(bare_api)
    bare.advance(3601)
    async with _storage(bare) as storage:
        response = await storage.put(ticket["upload_url"], content=b"a\n1\n")
    assert response.status_code == 403
    assert "<Code>AccessDenied</Code>" in response.text
    assert "Request has expired" in response.text


def _tamper(url: str, **changes: str) -> str:
    parts = urlsplit(url)
    query = {k: v[0] for k, v in parse_qs(parts.query).items()} | changes
    return urlunsplit(parts._replace(query=urlencode(query)))


async def test_tampered_signature_expiry_or_path_is_refused(
    bare: Sandbox, bare_api: httpx.AsyncClient
) -> None:
    ticket = await _ticket(bare_api)
    other = await _ticket(bare_api)
    forged = [
        _tamper(ticket["upload_url"], **{"X-Amz-Signature": "0" * 64}),
        _tamper(ticket["upload_url"], **{"X-Amz-Expires": "999999"}),
        ticket["upload_url"].replace(ticket["dataset_id"], other["dataset_id"]),
        ticket["upload_url"].split("?")[0],
    ]
    async with _storage(bare) as storage:
        for url in forged:
            response = await storage.put(url, content=b"a\n1\n")
            assert response.status_code == 403, url
        wrong_method = await storage.get(ticket["upload_url"])
    assert wrong_method.status_code == 405
    assert "SignatureDoesNotMatch" in (await _put(bare, forged[0])).text


async def _put(sb: Sandbox, url: str) -> httpx.Response:
    async with _storage(sb) as storage:
        return await storage.put(url, content=b"x")


async def test_streamed_upload_is_accepted_and_processed(
    bare: Sandbox, bare_api: httpx.AsyncClient
) -> None:
    ticket = await _ticket(bare_api)
    rows = 20_000

    async def body() -> AsyncIterator[bytes]:
        yield b"id,text\n"
        for start in range(0, rows, 1000):
            yield "".join(f"{n},row number {n}\n" for n in range(start, start + 1000)).encode()

    async with _storage(bare) as storage:
        response = await storage.put(
            ticket["upload_url"], content=body(), headers={"Content-Type": "text/csv"}
        )
    assert response.status_code == 200
    assert response.headers["etag"].startswith('"')
    bare.advance(30)
    dataset = (await bare_api.get(f"{DC}/datasets/{ticket['dataset_id']}")).json()
    assert (dataset["status"], dataset["total_datapoint_count"]) == ("READY", rows)


async def test_download_urls_are_signed_too(sandbox: Sandbox, api: httpx.AsyncClient) -> None:
    batch = next(b.id for b in sandbox.world.batches.values() if b.name == "Sentiment - pilot")
    report = (await api.get(f"{DC}/batches/{batch}/report/")).json()
    assert report["http_method"] == "GET"
    async with _storage(sandbox) as storage:
        ok = await storage.get(report["url"])
        leaked = await storage.get(report["url"], headers={"Authorization": "Token sandbox-token"})
        forged = await storage.get(_tamper(report["url"], **{"X-Amz-Signature": "f" * 64}))
    assert ok.status_code == 200
    assert ok.headers["content-type"].startswith("text/csv")
    assert (leaked.status_code, forged.status_code) == (400, 403)

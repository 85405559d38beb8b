"""Every JSON response the client gets during the workflows matches Prolific's OpenAPI spec.

The responses are recorded by a transport wrapped around the sandbox's, while the same
scenarios as the workflow tests run through our real client.
"""

from __future__ import annotations

import json
import re
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from atb_tui.api import APIStatusError, ProlificClient
from atb_tui.sandbox import Sandbox
from tests.helpers.sandbox import FAST_RETRY, make_sandbox
from tests.helpers.spec import SPEC_PATH, Operation, Spec
from tests.helpers.workflow import seed_workflow
from tests.helpers.workflow_v4 import v4_workflow

DC = "/api/v1/data-collection"
MISSING = "0192a3b5-e8f9-7a0b-1c2d-3e4f5a6b7c8d"
Check = Callable[[Spec, Operation, int, Any], list[str]]


def _string_schema_versions(spec: Spec, operation: Operation, status: int, body: Any) -> list[str]:
    """The spec types ``schema_version`` as a string enum ("1", "3", "4"); the sandbox sends
    integers, as the API reference's examples do."""

    def fix(value: Any) -> Any:
        if isinstance(value, dict):
            return {
                k: str(v) if k == "schema_version" and isinstance(v, int) else fix(v)
                for k, v in value.items()
            }
        return [fix(v) for v in value] if isinstance(value, list) else value

    return spec.problems(operation, status, fix(body))


def _generating_export(component: str) -> Check:
    """The reference says a request for an export still generating answers 202 with the
    status body of the poll endpoint; the spec documents only 200 with the complete body."""

    def check(spec: Spec, operation: Operation, status: int, body: Any) -> list[str]:
        return spec.component_problems(component, body)

    return check


def _flat_as_classic(spec: Spec, operation: Operation, status: int, body: Any) -> list[str]:
    """Data-collection 404 and state errors use the flat ``{message, detail}`` envelope in
    the reference; the spec documents the classic ``{"error": {...}}`` one. Only an exactly
    flat body is accepted as this deviation."""
    if not (isinstance(body, dict) and set(body) == {"message", "detail"}):
        return [f"not the flat envelope: {body!r:.100}"]
    error = {"status": status, "error_code": status, "title": body["message"]}
    return spec.problems(operation, status, {"error": {**error, "detail": body["detail"]}})


# (method, path template, status) -> (why the sandbox deliberately differs, the repair that
# turns the deviation back into what the spec documents; anything left over is a finding).
KNOWN_DEVIATIONS: dict[tuple[str, str, int], tuple[str, Check]] = {
    **{
        key: ("integer schema_version (reference examples)", _string_schema_versions)
        for key in [
            ("POST", f"{DC}/datasets", 201),
            ("GET", f"{DC}/datasets/{{dataset_id}}", 200),
            ("PATCH", f"{DC}/datasets/{{dataset_id}}", 200),
            ("GET", f"{DC}/collections", 200),
            ("POST", f"{DC}/collections", 201),
            ("GET", f"{DC}/collections/{{collection_id}}", 200),
            ("PUT", f"{DC}/collections/{{collection_id}}", 200),
        ]
    },
    ("POST", f"{DC}/batches/{{batch_id}}/export", 202): (
        "202 while generating",
        _generating_export("BatchExportStatus"),
    ),
    ("POST", f"{DC}/collections/{{collection_id}}/export", 202): (
        "202 while generating",
        _generating_export("CollectionExportStatus"),
    ),
    ("GET", f"{DC}/datasets/{{dataset_id}}", 404): ("flat error envelope", _flat_as_classic),
    ("POST", f"{DC}/batches/{{batch_id}}/setup", 400): ("flat error envelope", _flat_as_classic),
}
# Endpoints the sandbox serves (as Prolific does) that the spec does not document.
UNDOCUMENTED = [
    re.compile(f"^{DC}/batches/[^/]+/(tasks|task-groups)$"),  # used by Prolific's own CLI
]


def _job_list(spec: Spec, path: str, body: Any) -> list[str]:
    """Each listed job fits the spec's export status schema of its parent kind."""
    if not (isinstance(body, dict) and isinstance(body.get("results"), list)):
        return [f"not a results list: {body!r:.100}"]
    component = "BatchExportStatus" if "/batches/" in path else "CollectionExportStatus"
    return [p for job in body["results"] for p in spec.component_problems(component, job)]


def _flat_error(spec: Spec, path: str, body: Any) -> list[str]:
    ok = isinstance(body, dict) and set(body) == {"message", "detail"}
    return [] if ok else [f"not the flat envelope: {body!r:.100}"]


# Export-job endpoints documented only in the reference's addendum (§11.1, newer than the
# spec snapshot): (method, path pattern, status) -> how the body is checked.
ADDENDUM: list[tuple[str, re.Pattern[str], int, Callable[[Spec, str, Any], list[str]]]] = [
    ("GET", re.compile(f"^{DC}/(batches|collections)/[^/]+/export$"), 200, _job_list),
    ("DELETE", re.compile(f"^{DC}/(batches|collections)/[^/]+/export/[^/]+$"), 409, _flat_error),
]


@dataclass(frozen=True)
class Exchange:
    """One API request and its JSON answer."""

    method: str
    path: str
    status: int
    body: Any


class RecordingTransport(httpx.AsyncBaseTransport):
    """Passes requests to the sandbox and keeps every JSON response."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.exchanges: list[Exchange] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self.inner.handle_async_request(request)
        content = await response.aread()
        if response.headers.get("content-type", "").startswith("application/json"):
            exchange = Exchange(
                request.method, request.url.path, response.status_code, json.loads(content)
            )
            self.exchanges.append(exchange)
        return response


@pytest.fixture(scope="module")
def spec() -> Spec:
    if not SPEC_PATH.is_file():
        pytest.skip(f"Prolific's OpenAPI spec is not at {SPEC_PATH} (it lives beside the repo)")
    return Spec.load()


@pytest.fixture
async def recorded(tmp_path: Path) -> list[Exchange]:
    """Every JSON response of the seed and V4 workflows."""
    sandbox = make_sandbox()
    recorder = RecordingTransport(sandbox.transport())
    async with _client(sandbox, recorder) as client:
        await seed_workflow(sandbox, client, tmp_path / "seed")
        await v4_workflow(sandbox, client, tmp_path / "v4")
        await error_tour(sandbox, client)
    return recorder.exchanges


async def error_tour(sandbox: Sandbox, client: ProlificClient) -> None:
    """Provoke the error envelopes the workflows never meet (404s, state errors)."""
    ready = next(b.id for b in sandbox.world.batches.values() if b.status == "READY")
    calls: list[Callable[[], Awaitable[object]]] = [
        lambda: client.batches.get(MISSING),
        lambda: client.datasets.get(MISSING),
        lambda: client.studies.get(MISSING),
        lambda: client.collections.get(MISSING),
        lambda: client.batches.setup(ready),
    ]
    for call in calls:
        with pytest.raises(APIStatusError) as caught:
            await call()
        assert caught.value.message, "every error body gives the client a message to show"


def _client(sandbox: Sandbox, transport: httpx.AsyncBaseTransport) -> ProlificClient:
    return ProlificClient(
        sandbox.token,
        base_url=sandbox.base_url,
        transport=transport,
        presigned_transport=sandbox.transport(),
        retry=FAST_RETRY,
    )


def _findings(
    spec: Spec, exchanges: list[Exchange], seen: set[tuple[str, str, int]]
) -> Iterator[tuple[tuple[str, str, int], str]]:
    for exchange in exchanges:
        operation = spec.operation(exchange.method, exchange.path)
        if operation is None:
            addendum = [
                check
                for method, pattern, status, check in ADDENDUM
                if (method, status) == (exchange.method, exchange.status)
                and pattern.match(exchange.path)
            ]
            for check in addendum:
                for problem in check(spec, exchange.path, exchange.body):
                    yield (exchange.method, exchange.path, exchange.status), problem
            if not addendum and not any(p.match(exchange.path) for p in UNDOCUMENTED):
                yield (exchange.method, exchange.path, exchange.status), "not in the spec"
            continue
        key = (operation.method, operation.template, exchange.status)
        if key in KNOWN_DEVIATIONS:
            seen.add(key)
            check = KNOWN_DEVIATIONS[key][1]
        elif exchange.status >= 400 and not spec.documents(operation, exchange.status):
            continue  # the spec lists few error statuses; undocumented ones cannot be checked
        else:
            check = Spec.problems
        for problem in check(spec, operation, exchange.status, exchange.body):
            yield key, problem


def test_every_json_response_matches_the_spec(spec: Spec, recorded: list[Exchange]) -> None:
    assert len(recorded) > 100, "the workflows ran and were recorded"
    findings: dict[tuple[str, str, int], set[str]] = {}
    seen: set[tuple[str, str, int]] = set()
    for key, problem in _findings(spec, recorded, seen):
        findings.setdefault(key, set()).add(problem)
    report = "\n".join(f"{key}: {sorted(problems)[:3]}" for key, problems in findings.items())
    assert not findings, f"responses that do not match the spec:\n{report}"
    stale = set(KNOWN_DEVIATIONS) - seen
    assert not stale, f"deviations listed but never seen (remove them): {sorted(stale)}"

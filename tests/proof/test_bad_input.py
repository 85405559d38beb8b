"""Issue 15, proof 4 (input): hypothesis throws bad input at the parsers and the client.

- CSV/JSONL inspection on arbitrary bytes and on almost-CSV text: a FileInspection with
  problems, never an exception.
- Instructions: arbitrary JSON and spec-valid instruction lists through the importer, then
  validation: parsed or our own InstructionFileError, and validation never raises.
- The client on payloads valid under ../shared/prolific/openapi.yml for batches, studies,
  responses and instructions: parsed, or our own ProlificError (never a raw pydantic
  ValidationError, KeyError, TypeError …).
Bounded and deterministic: derandomized, no example database, no deadline.
"""

from __future__ import annotations

import asyncio
import json
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from atb_tui.api import ProlificClient, ProlificError
from atb_tui.logic.csv_inspect import inspect_file
from atb_tui.logic.inspection import FileInspection, Problem
from atb_tui.logic.instructions import Instruction
from atb_tui.logic.instructions.files import InstructionFileError, import_json
from atb_tui.logic.instructions.rules import validate_instructions
from tests.helpers.schema_strategies import SchemaStrategies
from tests.helpers.spec import SPEC_PATH, Spec

pytestmark = pytest.mark.skipif(not SPEC_PATH.exists(), reason=f"{SPEC_PATH} is not there")

BOUNDED = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
    ],
)
CSV_PIECES = st.sampled_from(
    [
        '"',
        ",",
        ";",
        "\t",
        "\n",
        "\r\n",
        "\r",
        "\x00",
        "META_TASK_GROUP_ID",
        "é",
        "\ufeff",
        '""',
        "a",
    ]
)
ALMOST_CSV = st.lists(st.one_of(CSV_PIECES, st.text(max_size=5)), max_size=60).map("".join)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)


def inspect_bytes(raw: bytes, suffix: str) -> FileInspection:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"data{suffix}"
        path.write_bytes(raw)
        return inspect_file(path)


def check_inspection(result: FileInspection) -> None:
    assert isinstance(result, FileInspection)
    assert all(isinstance(p, Problem) and p.message for p in result.problems)


@BOUNDED
@given(raw=st.binary(max_size=3000), suffix=st.sampled_from([".csv", ".jsonl", ".tsv"]))
def test_inspection_of_arbitrary_bytes_never_raises(raw: bytes, suffix: str) -> None:
    check_inspection(inspect_bytes(raw, suffix))


@BOUNDED
@given(text=ALMOST_CSV, encoding=st.sampled_from(["utf-8", "utf-16", "latin-1"]))
def test_inspection_of_almost_csv_never_raises(text: str, encoding: str) -> None:
    check_inspection(inspect_bytes(text.encode(encoding, errors="replace"), ".csv"))


def import_or_error(text: str) -> list[Instruction] | InstructionFileError:
    """The imported instructions, or the importer's own error (anything else propagates)."""
    try:
        return import_json(text)
    except InstructionFileError as error:
        return error


@BOUNDED
@given(document=JSON_VALUES)
def test_instruction_import_of_any_json_parses_or_says_why(document: object) -> None:
    imported = import_or_error(json.dumps(document))
    if isinstance(imported, InstructionFileError):
        assert str(imported)
    else:
        assert isinstance(validate_instructions(imported), dict)


SPEC = Spec.load() if SPEC_PATH.exists() else None
SCHEMAS = SchemaStrategies(SPEC.document if SPEC else {})
INSTRUCTION_ITEMS = (
    "#/components/schemas/ApiV1DataCollectionBatchesBatchIdInstructionsPost"
    "RequestBodyContentApplicationJsonSchemaInstructionsItems"
)


@BOUNDED
@given(data=st.data())
def test_spec_valid_instructions_import_and_validate(data: st.DataObject) -> None:
    items = data.draw(st.lists(SCHEMAS.of({"$ref": INSTRUCTION_ITEMS}), min_size=1, max_size=4))
    imported = import_or_error(json.dumps({"instructions": items}))
    if isinstance(imported, InstructionFileError):
        assert str(imported)
    else:
        assert len(imported) == len(items)
        assert isinstance(validate_instructions(imported), dict)


# ---- the client on spec-valid payloads -----------------------------------------------------

BATCH, STUDY = "01a1d948-f680-7886-bbd6-80389c22c60d", "2a3912dfb8d51909016631fa"
Call = Callable[[ProlificClient], Awaitable[object]]


async def _rows(client: ProlificClient) -> object:
    pages = []
    async for page in client.batches.iter_response_rows(BATCH):
        pages.append(page)
        if len(pages) == 3:
            break
    return pages


ENDPOINTS: dict[str, tuple[str, Call]] = {
    "batch": (f"/api/v1/data-collection/batches/{BATCH}", lambda c: c.batches.get(BATCH)),
    "batches": ("/api/v1/data-collection/batches", lambda c: c.batches.list("w1")),
    "study": (f"/api/v1/studies/{STUDY}", lambda c: c.studies.get(STUDY)),
    "responses": (
        f"/api/v1/data-collection/batches/{BATCH}/responses",
        lambda c: c.batches.responses(BATCH),
    ),
    "response rows": (f"/api/v1/data-collection/batches/{BATCH}/responses", _rows),
    "instructions": (
        f"/api/v1/data-collection/batches/{BATCH}/instructions",
        lambda c: c.instructions.get(BATCH),
    ),
}


def response_schema(path: str) -> dict[str, Any]:
    assert SPEC is not None
    operation = SPEC.operation("GET", path)
    assert operation is not None, path
    item = SPEC.document["paths"][operation.template]["get"]
    return item["responses"]["200"]["content"]["application/json"]["schema"]  # type: ignore[no-any-return]


def serving(payload: object) -> httpx.MockTransport:
    """A server that answers every request with this (spec-valid) JSON body."""
    return httpx.MockTransport(lambda request: httpx.Response(200, json=payload))


async def call_with(payload: object, call: Call) -> ProlificError | None:
    """Our own error, if the call raised one (anything else propagates and fails)."""
    client = ProlificClient("proof-token-0123456789", transport=serving(payload))
    async with client:
        try:
            await call(client)
        except ProlificError as error:
            return error
    return None


@pytest.mark.slow
@pytest.mark.parametrize("endpoint", list(ENDPOINTS))
def test_client_parses_spec_valid_payloads_or_raises_its_own_error(endpoint: str) -> None:
    path, call = ENDPOINTS[endpoint]
    schema = response_schema(path)
    assert SPEC is not None

    @settings(BOUNDED, max_examples=25)  # each example: a spec check and a client round trip
    @given(payload=SCHEMAS.of(schema))
    def check(payload: object) -> None:
        operation = SPEC.operation("GET", path)
        assert operation is not None
        # oneOf branches can overlap: keep only payloads valid under exactly one, as specified
        assume(SPEC.problems(operation, 200, payload) == [])
        error = asyncio.run(call_with(payload, call))
        if error is not None:
            assert error.message
            assert "Traceback" not in error.message

    check()

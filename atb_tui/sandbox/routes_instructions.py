"""Routes: the deprecated batch instructions endpoints (GET, POST append, PUT replace).

Every answer carries ``Deprecation: true`` and ``Sunset: Tue, 01 Sep 2026 23:59:59 GMT``
(RFC 8594), errors included. Batches created with ``batch_items`` refuse POST/PUT with a
422 telling the client to use ``batch_items``; set-up batches refuse edits with a 400.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from atb_tui.sandbox import batches
from atb_tui.sandbox.errors import ApiError, ClassicError, FieldErrors, FlatError
from atb_tui.sandbox.instruction_rules import instruction_problems, normalise_instruction
from atb_tui.sandbox.model import JSON, Batch
from atb_tui.sandbox.routes_batches import find_batch
from atb_tui.sandbox.web import Endpoint, context, data_list, json_response, read_json

DEPRECATION_HEADERS = {"Deprecation": "true", "Sunset": "Tue, 01 Sep 2026 23:59:59 GMT"}


def deprecated(endpoint: Endpoint) -> Endpoint:
    """Add the RFC 8594 headers to every answer of ``endpoint``, errors included."""

    async def wrapped(request: Request) -> Response:
        try:
            response = await endpoint(request)
        except ApiError as exc:
            exc.headers.update(DEPRECATION_HEADERS)
            raise
        response.headers.update(DEPRECATION_HEADERS)
        return response

    wrapped.__doc__ = endpoint.__doc__
    return wrapped


@deprecated
async def get_instructions(request: Request) -> Response:
    """GET .../batches/{batch_id}/instructions"""
    world = context(request).world
    item = find_batch(world, request.path_params["batch_id"])
    return json_response(data_list(batches.instruction_views(item)))


@deprecated
async def create_instructions(request: Request) -> Response:
    """POST .../instructions — appends; 201 with the created instructions, in order."""
    world = context(request).world
    item = find_batch(world, request.path_params["batch_id"])
    items = _editable_items(item, await read_json(request))
    created = [batches.instruction_object(world, item, entry, None) for entry in items]
    item.instructions.extend(created)
    return json_response(created, 201)


@deprecated
async def replace_instructions(request: Request) -> Response:
    """PUT .../instructions — full replacement; keep an instruction by sending its ``id``."""
    world = context(request).world
    item = find_batch(world, request.path_params["batch_id"])
    raw = await read_json(request)
    items = _editable_items(item, raw)
    existing = {i["id"]: i for i in item.instructions}
    ids = [entry.get("id") for entry in _raw_items(raw)]
    unknown = [
        f"instructions[{n}].id" for n, i in enumerate(ids) if i is not None and i not in existing
    ]
    if unknown:
        raise ClassicError(
            400, {field: ["No instruction with this id on the batch."] for field in unknown}
        )
    item.instructions = [
        batches.instruction_object(world, item, entry, existing.get(str(ident)) if ident else None)
        for entry, ident in zip(items, ids, strict=True)
    ]
    return json_response(item.instructions)


def _raw_items(raw: Any) -> list[Any]:
    """``{"instructions": [...]}`` (the spec) or, leniently, a bare array (older clients)."""
    if isinstance(raw, dict) and isinstance(raw.get("instructions"), list):
        return list(raw["instructions"])
    if isinstance(raw, list):
        return raw
    raise ClassicError(400, {"instructions": ["This field is required (a list of instructions)."]})


def _editable_items(item: Batch, raw: Any) -> list[JSON]:
    if item.batch_items is not None:
        raise FlatError(
            422,
            "This batch defines its layout with batch_items: edit instructions through batch_items "
            "(PATCH the batch) instead of the deprecated instructions endpoint.",
            "Unprocessable Entity",
        )
    batches.guard_editable(item, "instructions")
    entries = _raw_items(raw)
    errors = FieldErrors()
    for index, entry in enumerate(entries):
        for name, message in instruction_problems(entry):
            errors.add(f"instructions[{index}]{'.' + name if name else ''}", message)
    errors.raise_if_any()
    return [_with_author(normalise_instruction(entry), entry) for entry in entries]


def _with_author(normalised: JSON, entry: JSON) -> JSON:
    if isinstance(entry.get("created_by"), str) and entry["created_by"].strip():
        normalised["created_by"] = entry["created_by"]
    return normalised


_PATH = "/api/v1/data-collection/batches/{batch_id}/instructions"
ROUTES: list[tuple[str, str, Endpoint]] = [
    ("GET", _PATH, get_instructions),
    ("POST", _PATH, create_instructions),
    ("PUT", _PATH, replace_instructions),
]

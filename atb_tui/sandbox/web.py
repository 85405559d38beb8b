"""Small HTTP helpers shared by every route module: context, bodies, fields, pages."""

from __future__ import annotations

import json
import math
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, cast

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from atb_tui.sandbox.clock import Clock
from atb_tui.sandbox.errors import ClassicError, FieldErrors, describe
from atb_tui.sandbox.model import JSON
from atb_tui.sandbox.presign import Signer
from atb_tui.sandbox.world import World

Endpoint = Callable[[Request], Awaitable[Response]]


@dataclass
class Context:
    """What every handler needs: the world, the clock, where we live, how we sign URLs."""

    world: World = field(repr=False)
    clock: Clock
    base_url: str
    signer: Signer


def context(request: Request) -> Context:
    """The sandbox context attached to the Starlette app."""
    return cast(Context, request.app.state.sandbox)


def json_response(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    """A JSON response (compact, UTF-8)."""
    return JSONResponse(data, status_code=status, headers=headers)


def raw_json_response(payload: bytes, status: int = 200) -> Response:
    """A JSON response whose body was serialised ahead of time."""
    return Response(payload, status_code=status, media_type="application/json")


async def read_json(request: Request, *, required: bool = True) -> Any:
    """The decoded JSON body; an empty body is ``None`` unless ``required``."""
    raw = await request.body()
    if not raw.strip():
        if required:
            raise ClassicError(400, "A JSON request body is required.")
        return None
    try:
        return json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ClassicError(400, f"JSON parse error - {exc}") from exc


async def read_object(request: Request, *, required: bool = True) -> JSON:
    """The JSON body, which must be an object; a missing optional body is ``{}``."""
    body = await read_json(request, required=required)
    if body is None:
        return {}
    if not isinstance(body, dict):
        found = type(body).__name__
        raise ClassicError(400, {"non_field_errors": [f"Expected an object, found {found}."]})
    return body


def text_field(
    body: JSON, key: str, errors: FieldErrors, *, required: bool, where: str | None = None
) -> str | None:
    """A non-empty string field, recording a problem instead of raising."""
    where = where or key
    value = body.get(key)
    if value is None:
        if required:
            errors.add(where, "This field is required.")
        return None
    if not isinstance(value, str) or not value.strip():
        errors.add(where, "Must be a non-empty string.")
        return None
    return value


def int_field(
    body: JSON,
    key: str,
    errors: FieldErrors,
    *,
    minimum: int | None = None,
    where: str | None = None,
) -> int | None:
    """An optional integer field (booleans and fractions are refused)."""
    where = where or key
    value = body.get(key)
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        errors.add(where, f"A valid integer is required (found {describe(value)}).")
        return None
    if minimum is not None and value < minimum:
        errors.add(where, f"Ensure this value is greater than or equal to {minimum}.")
        return None
    return value


def number_field(
    body: JSON, key: str, errors: FieldErrors, *, minimum: float | None = None
) -> float | None:
    """An optional finite number field."""
    value = body.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        errors.add(key, f"A valid number is required (found {describe(value)}).")
        return None
    if minimum is not None and value < minimum:
        errors.add(key, f"Ensure this value is greater than or equal to {minimum}.")
        return None
    return float(value)


def bool_field(body: JSON, key: str, errors: FieldErrors) -> bool | None:
    """An optional boolean field."""
    value = body.get(key)
    if value is None:
        return None
    if not isinstance(value, bool):
        errors.add(key, f"Must be a boolean (found {describe(value)}).")
        return None
    return value


def query_int(request: Request, name: str, *, minimum: int) -> int | None:
    """An integer query parameter, 400 if present but not a valid integer."""
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return None
    try:
        value = int(raw)
    except ValueError:
        raise ClassicError(400, {name: [f"A valid integer is required (found {raw!r})."]}) from None
    if value < minimum:
        raise ClassicError(400, {name: [f"Must be at least {minimum}."]})
    return value


def page_window(request: Request) -> tuple[int, int | None]:
    """``(offset, limit)`` from ``limit``/``offset`` or ``page``/``page_size``; no limit = all."""
    limit = query_int(request, "limit", minimum=0)
    offset = query_int(request, "offset", minimum=0) or 0
    page_size = query_int(request, "page_size", minimum=1)
    page = query_int(request, "page", minimum=1)
    if limit is None and page_size is not None:
        limit = page_size
        offset = ((page or 1) - 1) * page_size
    return offset, limit


def paginate(items: list[Any], window: tuple[int, int | None]) -> list[Any]:
    """The slice of ``items`` selected by :func:`page_window`."""
    offset, limit = window
    return items[offset:] if limit is None else items[offset : offset + limit]


def classic_list(request: Request, items: list[JSON], window: tuple[int, int | None]) -> JSON:
    """A classic list body: ``results`` plus ``_links`` and ``meta.count`` as Prolific sends."""
    offset, limit = window
    page = paginate(items, window)
    has_next = limit is not None and offset + limit < len(items)
    has_previous = offset > 0
    links = {
        "self": {"href": str(request.url), "title": "Current"},
        "next": {
            "href": _with_offset(request, offset + (limit or 0)) if has_next else None,
            "title": "Next",
        },
        "previous": {
            "href": _with_offset(request, max(0, offset - (limit or 0))) if has_previous else None,
            "title": "Previous",
        },
    }
    return {"results": page, "_links": links, "meta": {"count": len(items)}}


def _with_offset(request: Request, offset: int) -> str:
    return str(request.url.include_query_params(offset=offset))


def data_list(items: list[JSON], window: tuple[int, int | None] = (0, None)) -> JSON:
    """A data-collection list body: ``{"results": [...], "meta": {"count": total}}``."""
    return {"results": paginate(items, window), "meta": {"count": len(items)}}

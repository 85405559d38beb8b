"""Base classes and shared field types for API payloads.

Two kinds of model: *response* models are tolerant (unknown fields are kept, status fields are
plain strings so a new server value never breaks parsing) and *request* models are strict
(unknown fields are an error, so a typo never silently drops a setting).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict

#: Option and answer values: the API allows string, number or boolean.
Scalar = str | int | float | bool


class ResponseModel(BaseModel):
    """A payload received from Prolific: unknown fields are kept in ``model_extra``."""

    # defer_build: schemas are built on first use, not for all ~80 models at import (start-up).
    model_config = ConfigDict(extra="allow", populate_by_name=True, defer_build=True)


class RequestModel(BaseModel):
    """A payload we send: strict, and fields left as ``None`` are omitted from the body."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, defer_build=True)

    def to_payload(self) -> dict[str, Any]:
        """The JSON body for this request."""
        return self.model_dump(mode="json", by_alias=True, exclude_none=True)


class PatchModel(RequestModel):
    """A partial update: only the fields the caller set are sent.

    Setting a field to ``None`` explicitly sends ``null`` (e.g. ``batch_items=None`` clears a
    layout); nested models still omit their own unset optional fields.
    """

    def to_payload(self) -> dict[str, Any]:
        """The JSON body: exactly the top-level fields that were set."""
        full = self.model_dump(mode="json", by_alias=True, exclude_none=True)
        payload: dict[str, Any] = {}
        for name in self.model_fields_set:
            key = type(self).model_fields[name].alias or name
            payload[key] = full.get(key)
        return payload


def _to_whole_number(value: Any) -> Any:
    """Round a numeric value half-up to an int; leave anything else for pydantic to judge.

    The spec types money and counts as doubles although the API sends whole numbers; rounding
    here means a stray ``150.0`` (or a fractional VAT amount) never fails a parse.
    """
    if isinstance(value, bool) or not isinstance(value, float | str):
        return value
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return value
    if not number.is_finite():
        return value
    return int(number.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _int_if_possible(value: Any) -> Any:
    """Turn ``"4"`` into ``4`` but keep a value that is not a number as it is."""
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value)
    return value


#: Money in the minor unit of the workspace currency (pence, cents).
MinorUnits = Annotated[int, BeforeValidator(_to_whole_number)]
#: A count the spec types as a number but which is always whole.
WholeNumber = Annotated[int, BeforeValidator(_to_whole_number)]
#: ``schema_version``: the spec says string ``"4"``, the live API sends ``4``; accept both.
SchemaVersion = Annotated[int | str, BeforeValidator(_int_if_possible)]

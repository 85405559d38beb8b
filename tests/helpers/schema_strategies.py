"""Hypothesis strategies built by hand from the OpenAPI spec's JSON schemas.

Covers what ../shared/prolific/openapi.yml uses: `type` (also as a list, with "null"),
`enum`, `format` (date-time, uuid, uri, email, double), `oneOf`/`anyOf`/`allOf`, `$ref`,
`properties`/`required`, `items` and `additionalProperties`. Optional properties come and
go; an unknown extra property now and then checks the client ignores what it does not use.
"""

from __future__ import annotations

from datetime import UTC
from typing import Any

from hypothesis import strategies as st

MAX_DEPTH = 6
TEXT = st.text(max_size=12)
FORMATS: dict[str, st.SearchStrategy[Any]] = {
    "date-time": st.datetimes(timezones=st.just(UTC)).map(lambda moment: moment.isoformat()),
    "uuid": st.uuids().map(str),
    "uri": st.sampled_from(["https://files.example.org/a.csv", "https://elsewhere.test/x?y=1"]),
    "email": st.just("someone@example.org"),
}
NUMBERS = st.one_of(st.integers(-(10**6), 10**6), st.floats(-1e6, 1e6, allow_nan=False))


class SchemaStrategies:
    """Strategies for the schemas of one OpenAPI document (resolving its $refs)."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.document = document

    def resolve(self, ref: str) -> dict[str, Any]:
        node: Any = self.document
        for part in ref.removeprefix("#/").split("/"):
            node = node[part.replace("~1", "/").replace("~0", "~")]
        return node  # type: ignore[no-any-return]

    def of(self, schema: dict[str, Any], depth: int = 0) -> st.SearchStrategy[Any]:
        """Values valid under `schema`."""
        if "$ref" in schema:
            return self.of(self.resolve(schema["$ref"]), depth)
        if "enum" in schema:
            return st.sampled_from(schema["enum"])
        if "const" in schema:
            return st.just(schema["const"])
        for key in ("oneOf", "anyOf"):
            if key in schema:
                return st.one_of([self.of(option, depth + 1) for option in schema[key]])
        if "allOf" in schema:
            merged: dict[str, Any] = {"type": "object", "properties": {}, "required": []}
            for part in schema["allOf"]:
                part = self.resolve(part["$ref"]) if "$ref" in part else part
                merged["properties"].update(part.get("properties", {}))
                merged["required"] += part.get("required", [])
            return self.of(merged, depth)
        types = schema.get("type", "object" if "properties" in schema else None)
        if isinstance(types, list):
            return st.one_of([self.of({**schema, "type": t}, depth) for t in types])
        return self._typed(types, schema, depth)

    def _typed(
        self, kind: str | None, schema: dict[str, Any], depth: int
    ) -> st.SearchStrategy[Any]:
        if kind == "null" or (kind is None and depth > MAX_DEPTH):
            return st.none()
        if kind == "string":
            return FORMATS.get(schema.get("format", ""), TEXT)
        if kind == "integer":
            return st.integers(-(10**6), 10**6)
        if kind == "number":
            return NUMBERS
        if kind == "boolean":
            return st.booleans()
        if kind == "array":
            if depth > MAX_DEPTH:
                return st.just([])
            return st.lists(self.of(schema.get("items", {}), depth + 1), max_size=3)
        if kind == "object":
            return self._object(schema, depth)
        return st.one_of(st.none(), TEXT, st.integers(), st.booleans())  # no type: anything

    def _object(self, schema: dict[str, Any], depth: int) -> st.SearchStrategy[Any]:
        properties: dict[str, Any] = schema.get("properties", {})
        required = set(schema.get("required", []))
        if depth > MAX_DEPTH:
            properties = {k: v for k, v in properties.items() if k in required}
        fixed = {k: self.of(v, depth + 1) for k, v in properties.items() if k in required}
        optional = {k: self.of(v, depth + 1) for k, v in properties.items() if k not in required}
        extra = schema.get("additionalProperties", True)
        if extra is not False and not properties and isinstance(extra, dict):
            return st.dictionaries(TEXT, self.of(extra, depth + 1), max_size=3)
        extras = st.dictionaries(st.just("x_unknown_field"), TEXT, max_size=1)
        if extra is False:
            extras = st.just({})
        return st.fixed_dictionaries(fixed, optional=optional).flatmap(
            lambda base: extras.map(lambda more: {**more, **base})
        )

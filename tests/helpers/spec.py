"""Prolific's OpenAPI spec as a validator of recorded responses (operation lookup + $refs)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml  # type: ignore[import-untyped]
from openapi_schema_validator import OAS31Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SPEC_PATH = Path(__file__).resolve().parents[3] / "shared" / "prolific" / "openapi.yml"
SPEC_URI = "urn:prolific-openapi"


@dataclass(frozen=True)
class Operation:
    """A documented path template and method, with its pattern for matching real paths."""

    template: str
    method: str
    pattern: re.Pattern[str]

    @property
    def specificity(self) -> int:
        """Literal segments beat parameters when two templates match one path."""
        return -self.template.count("{")


def _pointer(*parts: str) -> str:
    return "/".join(part.replace("~", "~0").replace("/", "~1") for part in parts)


class Spec:
    """Finds the operation of a request and validates a response body against it."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.document = document
        resource = Resource.from_contents(document, default_specification=DRAFT202012)
        self.registry: Registry[Any] = Registry().with_resource(SPEC_URI, resource)
        self.operations = [
            Operation(template, method.upper(), _compile(template))
            for template, item in document["paths"].items()
            for method in item
            if method in {"get", "post", "put", "patch", "delete"}
        ]

    @classmethod
    def load(cls, path: Path = SPEC_PATH) -> Spec:
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        with path.open(encoding="utf-8") as handle:
            return cls(yaml.load(handle, Loader=loader))

    def operation(self, method: str, path: str) -> Operation | None:
        """The most specific documented operation for ``method path``, if any."""
        found = [o for o in self.operations if o.method == method and o.pattern.match(path)]
        return max(found, key=lambda o: o.specificity, default=None)

    def documents(self, operation: Operation, status: int) -> bool:
        """Whether the spec describes ``status`` for this operation."""
        item = self.document["paths"][operation.template][operation.method.lower()]
        return str(status) in item.get("responses", {})

    def problems(self, operation: Operation, status: int, body: Any) -> list[str]:
        """Why ``body`` does not fit the documented JSON response (empty if it fits)."""
        responses = self.document["paths"][operation.template][operation.method.lower()]
        documented = responses.get("responses", {}).get(str(status))
        if documented is None:
            return [f"status {status} is not documented"]
        if "application/json" not in documented.get("content", {}):
            return [f"status {status} is documented without a JSON body"]
        ref = _pointer(
            "paths", operation.template, operation.method.lower(), "responses", str(status)
        )
        return self._validate(f"{SPEC_URI}#/{ref}/content/application~1json/schema", body)

    def component_problems(self, name: str, body: Any) -> list[str]:
        """Why ``body`` does not fit the named component schema (empty if it fits)."""
        return self._validate(f"{SPEC_URI}#/components/schemas/{_pointer(name)}", body)

    def _validate(self, ref: str, body: Any) -> list[str]:
        validator = OAS31Validator({"$ref": ref}, registry=self.registry)
        return [
            f"{'/'.join(map(str, e.absolute_path)) or '<root>'}: {e.message[:160]}"
            for e in validator.iter_errors(body)
        ]


def _compile(template: str) -> re.Pattern[str]:
    literal = re.escape(template.rstrip("/"))
    return re.compile("^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", literal) + "/?$")

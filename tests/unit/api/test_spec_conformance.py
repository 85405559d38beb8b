"""Response models accept every payload shape Prolific's OpenAPI spec describes.

The spec has no examples for these schemas, so instances are generated from the schemas
themselves: a *full* one (every property, first enum value) and a *minimal* one (required
properties only). A model that rejects either would crash on a response the spec allows.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml  # type: ignore[import-untyped]
from pydantic import BaseModel

from atb_tui.api import models
from atb_tui.api.models.submissions import SubmissionState

SPEC_PATH = Path(__file__).resolve().parents[3] / ".." / "shared" / "prolific" / "openapi.yml"
SAMPLES = {
    "string": "sample",
    "date-time": "2025-01-01T00:00:00Z",
    "uuid": "0192a3b5-e8f9-7a0b-1c2d-3e4f5a6b7c8d",
    "uri": "https://example.com/file",
}
# Spec schema -> our model. ``id`` is read-only (so not "required") on Study, yet always sent.
CASES: list[tuple[str, type[BaseModel], tuple[str, ...]]] = [
    ("User", models.User, ()),
    ("WorkspaceShort", models.Workspace, ()),
    ("Workspace", models.Workspace, ()),
    ("WorkspaceBalance", models.WorkspaceBalance, ()),
    ("ProjectShort", models.Project, ()),
    ("AITaskBuilderDataset", models.Dataset, ()),
    ("AI Task Builder_UpdateTaskBuilderDataset_Response_200", models.Dataset, ()),
    ("AI Task Builder_getDatasetUploadUrl_Response_201", models.UploadURL, ()),
    ("DatasetImportJob", models.ImportJob, ()),
    ("DatasetAppendResult", models.AppendResult, ()),
    ("SchemaMigrationJob", models.SchemaMigrationJob, ()),
    ("AITaskBuilderBatch", models.Batch, ()),
    ("AITaskBuilderBatchCreate", models.Batch, ()),
    ("SyncJob", models.SyncJob, ()),
    ("AITaskBuilderTaskResponse", models.TaskResponse, ()),
    ("AI Task Builder_GetTaskBuilderBatchReport_Response_200", models.PresignedURL, ("url",)),
    ("BatchExportComplete", models.ExportJob, ()),
    ("BatchExportStatus", models.ExportJob, ()),
    ("CollectionExportStatus", models.ExportJob, ()),
    ("AITaskBuilderInstruction", models.Instruction, ()),
    ("Collection", models.Collection, ()),
    ("CollectionResponse", models.CollectionResponse, ()),
    ("Study", models.Study, ("id",)),
    ("StudyShort", models.Study, ()),
    ("StudyTotalCost", models.StudyCost, ()),
    ("SubmissionShort", models.Submission, ()),
    ("Submission", SubmissionState, ()),
    ("SubmissionDetail", SubmissionState, ()),
]


@pytest.fixture(scope="module")
def schemas() -> dict[str, Any]:
    if not SPEC_PATH.is_file():
        pytest.skip(f"Prolific's spec is not at {SPEC_PATH} (it lives beside the repository)")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with SPEC_PATH.open() as handle:
        spec = yaml.load(handle, Loader=loader)
    found: dict[str, Any] = spec["components"]["schemas"]
    return found


class Generator:
    """Builds instances of spec schemas, full or minimal."""

    def __init__(self, schemas: dict[str, Any], *, full: bool) -> None:
        self.schemas = schemas
        self.full = full

    def resolve(self, schema: dict[str, Any]) -> dict[str, Any]:
        while "$ref" in schema:
            schema = self.schemas[schema["$ref"].rsplit("/", 1)[1]]
        return schema

    def variants(self, schema: dict[str, Any]) -> list[dict[str, Any]]:
        schema = self.resolve(schema)
        choices = schema.get("oneOf") or schema.get("anyOf")
        if not choices:
            return [schema]
        return [self.resolve(c) for c in choices if self.resolve(c).get("type") != "null"]

    def instance(self, schema: dict[str, Any], required: tuple[str, ...] = ()) -> Any:
        schema = self.variants(schema)[0]
        kind = schema.get("type", "object")
        kind = next((k for k in kind if k != "null"), "null") if isinstance(kind, list) else kind
        if "enum" in schema:
            return schema["enum"][0]
        if kind == "object":
            return self.object(schema, required)
        if kind == "array":
            return [self.instance(schema.get("items", {}))] if self.full else []
        scalars = {"integer": 2, "number": 1.5, "boolean": True, "null": None}
        if kind in scalars:
            return scalars[kind]
        return SAMPLES.get(schema.get("format", "string"), "sample")

    def object(self, schema: dict[str, Any], extra_required: tuple[str, ...]) -> dict[str, Any]:
        properties = schema.get("properties", {})
        names = set(properties) if self.full else {*schema.get("required", []), *extra_required}
        result = {name: self.instance(properties.get(name, {})) for name in sorted(names)}
        extra = schema.get("additionalProperties")
        if self.full and isinstance(extra, dict) and not properties:
            result["key"] = self.instance(extra)
        return result


@pytest.mark.parametrize("full", [True, False], ids=["full", "minimal"])
@pytest.mark.parametrize(("name", "model", "always_sent"), CASES, ids=[c[0] for c in CASES])
def test_model_accepts_every_variant_the_spec_allows(
    schemas: dict[str, Any],
    name: str,
    model: type[BaseModel],
    always_sent: tuple[str, ...],
    full: bool,
) -> None:
    generator = Generator(schemas, full=full)
    for variant in generator.variants(schemas[name]):
        payload = generator.instance(variant, always_sent)
        parsed = model.model_validate(payload)
        if full:
            kept = parsed.model_dump(by_alias=True, exclude_none=True)
            assert set(payload) <= set(kept) | {"_links"}, f"{name} dropped fields"


TASK_DETAILS = {"task_name": "t", "task_introduction": "<p>i</p>", "task_steps": "<p>s</p>"}
EVERY_QUESTION: list[dict[str, Any]] = [
    {
        "type": "multiple_choice",
        "description": "q",
        "answer_limit": -1,
        "disable_dropdown": True,
        "options": [
            {"label": "a", "value": "a"},
            {"label": "none", "value": "n", "exclusive": True},
        ],
    },
    {
        "type": "free_text",
        "description": "q",
        "helper_text": "h",
        "placeholder_text_input": "p",
        "validation": {"type": "string", "min": 1, "max": 9},
    },
    {
        "type": "free_text_with_unit",
        "description": "q",
        "unit_position": "suffix",
        "default_unit": "cm",
        "unit_options": [{"label": "cm", "value": "cm"}],
    },
    {
        "type": "multiple_choice_with_free_text",
        "description": "q",
        "answer_limit": 1,
        "options": [{"label": "a", "value": "a", "heading": "H"}],
    },
    {
        "type": "file_upload",
        "description": "q",
        "accepted_file_types": [".png"],
        "max_file_size_mb": 5,
        "min_file_count": 1,
        "max_file_count": 2,
    },
]
BLOCKS: list[dict[str, Any]] = [
    {"type": "rich_text", "content": "**hi**", "content_format": "markdown"},
    {"type": "image", "url": "https://example.com/a.png", "alt_text": "a", "caption": "c"},
]


# The spec's CreateStudy lists these as required, yet its own field descriptions say an AI Task
# Builder study omits the URL (mutually exclusive with data_collection_method) and may omit places.
NOT_REQUIRED_FOR_AITB = {"external_study_url", "total_available_places"}


def _request_schema(spec_schemas: dict[str, Any], path: str, method: str) -> dict[str, Any]:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    spec = yaml.load(SPEC_PATH.read_text(), Loader=loader)
    body = spec["paths"][path][method]["requestBody"]["content"]
    schema = next(iter(body.values()))["schema"]
    if path == "/api/v1/studies/":
        create = dict(spec_schemas["CreateStudy"])
        create["required"] = [f for f in create["required"] if f not in NOT_REQUIRED_FOR_AITB]
        spec_schemas = {**spec_schemas, "CreateStudy": create}
    return {**schema, "components": {"schemas": spec_schemas}}


def _payloads() -> list[tuple[str, str, Any]]:
    """What our request models send, for each create/update endpoint."""
    page = {
        "rows": [
            {
                "columns": [
                    {"items": [{"type": "dataset_field", "field": "text"}, *BLOCKS]},
                    {"items": EVERY_QUESTION},
                ]
            }
        ]
    }
    batch = models.BatchCreate(
        name="b",
        workspace_id="w",
        task_details=TASK_DETAILS,
        dataset_id="0192a3b5-e8f9-7a0b-1c2d-3e4f5a6b7c8d",
        batch_items=[page],
    )
    collection = models.CollectionCreate(
        workspace_id="w",
        name="c",
        task_details=TASK_DETAILS,
        collection_items=[{"page_items": [*BLOCKS, *EVERY_QUESTION]}],
    )
    study = models.StudyCreate(
        name="s",
        description="d",
        reward=100,
        estimated_completion_time=5,
        prolific_id_option="not_required",
        device_compatibility=["desktop"],
        data_collection_method="AI_TASK_BUILDER_BATCH",
        data_collection_id="b",
        data_collection_metadata={"annotators_per_task": 3},
        completion_codes=[
            {"code": "C", "code_type": "COMPLETED", "actions": [{"action": "MANUALLY_REVIEW"}]}
        ],
        submissions_config={"max_submissions_per_participant": -1},
    )
    schema = models.DatasetSchema(strict=True, fields={"text": {"type": "text"}})
    instructions = [
        {key: value for key, value in q.items() if key not in {"options"}}
        | (
            {"options": [{k: v for k, v in o.items() if k != "exclusive"} for o in q["options"]]}
            if "options" in q
            else {}
        )
        for q in EVERY_QUESTION
    ]
    return [
        ("/api/v1/data-collection/batches", "post", batch.to_payload()),
        (
            "/api/v1/data-collection/batches/{batch_id}",
            "patch",
            models.BatchUpdate(name="n", batch_items=[page]).to_payload(),
        ),
        ("/api/v1/data-collection/collections", "post", collection.to_payload()),
        ("/api/v1/studies/", "post", study.to_payload()),
        (
            "/api/v1/data-collection/datasets",
            "post",
            {"name": "d", "workspace_id": "w", "schema": schema.to_payload()},
        ),
        (
            "/api/v1/data-collection/batches/{batch_id}/instructions",
            "post",
            {"instructions": instructions},
        ),
    ]


PAYLOADS = _payloads()


# Ids name the operation: payload reprs are not stable across xdist workers.
@pytest.mark.parametrize(
    ("path", "method", "payload"), PAYLOADS, ids=[f"{m}-{p}" for p, m, _ in PAYLOADS]
)
def test_request_bodies_validate_against_the_spec(
    schemas: dict[str, Any], path: str, method: str, payload: Any
) -> None:
    from openapi_schema_validator import OAS31Validator

    OAS31Validator(_request_schema(schemas, path, method)).validate(payload)

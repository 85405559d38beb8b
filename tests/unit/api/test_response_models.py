"""Response models parse the reference's and spec's examples and tolerate what is new."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from atb_tui.api.models import (
    Batch,
    BatchStatus,
    Collection,
    Dataset,
    DatasetSchema,
    DeprecationNotice,
    ExportJob,
    FreeTextWithUnitInput,
    ImportJob,
    Instruction,
    InstructionType,
    PageItem,
    Study,
    StudyCost,
    StudyStatus,
    SyncJob,
    TaskResponse,
    UploadURL,
    WorkspaceBalance,
)

TASK_DETAILS = {"task_name": "Rate", "task_introduction": "<p>Hi</p>", "task_steps": "<ol></ol>"}


def test_appendix_instruction_response_parses_with_both_parent_fields() -> None:
    raw = {
        "id": "i1",
        "type": "multiple_choice",
        "batch_id": "b1",
        "parent_id": "b1",
        "parent_type": "batch",
        "created_by": "me",
        "created_at": "2025-01-01T00:00:00.000Z",
        "description": "Sentiment?",
        "answer_limit": 1,
        "disable_dropdown": False,
        "options": [{"label": "Positive", "value": "positive"}],
    }
    instruction = Instruction.model_validate(raw)
    assert instruction.parent_id == instruction.batch_id == "b1"
    assert instruction.type == InstructionType.MULTIPLE_CHOICE
    assert instruction.created_at is not None
    assert instruction.created_at.year == 2025
    assert instruction.is_instruction


def test_fetched_instruction_converts_back_to_an_input_keeping_its_id() -> None:
    raw = {
        "id": "i9",
        "type": "free_text_with_unit",
        "created_at": "2025-01-01T00:00:00Z",
        "description": "Length?",
        "unit_position": "suffix",
        "default_unit": "cm",
        "unit_options": [
            {
                "label": "cm",
                "value": "cm",
                "server_note": "x",
                "validation": {"type": "number", "min": 0, "max": None},
            }
        ],
        "parent_id": "b",
        "parent_type": "batch",
        "brand_new_field": 1,
    }
    converted = Instruction.model_validate(raw).to_input()
    assert isinstance(converted, FreeTextWithUnitInput)
    assert converted.id == "i9"
    assert converted.to_payload()["unit_options"] == [
        {"label": "cm", "value": "cm", "validation": {"type": "number", "min": 0.0}}
    ]


def test_content_blocks_and_unknown_types_cannot_become_instruction_inputs() -> None:
    for raw in ({"type": "rich_text", "content": "<p>x</p>"}, {"type": "video_narration"}):
        item = PageItem.model_validate(raw)
        assert not item.is_instruction
        with pytest.raises(ValueError, match="cannot be converted"):
            item.to_input()


def test_batch_from_reference_parses_and_keeps_unknown_fields_and_statuses() -> None:
    raw = {
        "id": "01954894-65b3-779e-aaf6-348698e12345",
        "created_at": "2024-09-18T07:50:15.055Z",
        "created_by": "u",
        "name": "Reviews batch",
        "status": "ARCHIVED_IN_THE_FUTURE",
        "total_task_count": 0,
        "total_instruction_count": 0,
        "workspace_id": "6278acb09062db3b35bcbeb0",
        "schema_version": 1,
        "task_details": TASK_DETAILS,
        "total_task_groups": 0,
        "datasets": [{"id": "0192a3b5-e8f9-7a0b-1c2d-3e4f5a6b7c8d", "total_datapoint_count": 3}],
        "batch_items": [
            {
                "id": "p1",
                "rows": [
                    {
                        "id": "r1",
                        "columns": [
                            {
                                "id": "c1",
                                "items": [
                                    {"type": "dataset_field", "field": "review"},
                                    {
                                        "type": "multiple_choice",
                                        "id": "q1",
                                        "description": "?",
                                        "answer_limit": 1,
                                        "options": [{"label": "a", "value": 1}],
                                    },
                                ],
                            }
                        ],
                    }
                ],
            }
        ],
        "new_server_field": {"x": 1},
    }
    batch = Batch.model_validate(raw)
    assert batch.status == "ARCHIVED_IN_THE_FUTURE"
    assert batch.model_extra == {"new_server_field": {"x": 1}}
    assert batch.dataset_id == "0192a3b5-e8f9-7a0b-1c2d-3e4f5a6b7c8d"
    assert batch.batch_items is not None
    assert [item.type for item in batch.batch_items[0].items] == [
        "dataset_field",
        "multiple_choice",
    ]
    assert batch.batch_items[0].items[1].options[0].value == 1  # type: ignore[index]
    assert BatchStatus.READY == "READY"


def test_batch_response_from_appendix_parses() -> None:
    raw = {
        "id": "r1",
        "batch_id": "b1",
        "participant_id": "p" * 24,
        "submission_id": "s" * 24,
        "task_id": "t1",
        "created_at": "2025-01-01T00:00:00.000Z",
        "response": {
            "instruction_id": "i1",
            "type": "multiple_choice",
            "answer": [{"value": "positive"}],
        },
    }
    response = TaskResponse.model_validate(raw)
    assert response.response.answer[0].value == "positive"


def test_answer_items_of_every_type_parse() -> None:
    answers = [
        {"value": 3.5, "unit": "kg"},
        {"value": "a", "explanation": "because"},
        {"file_key": "k", "file_name": "f.png", "file_size_mb": 1.2, "content_type": "image/png"},
        {"value": True},
    ]
    response = TaskResponse.model_validate(
        {
            "id": "r",
            "batch_id": "b",
            "participant_id": "p",
            "task_id": "t",
            "response": {"instruction_id": "i", "type": "brand_new", "answer": answers},
        }
    )
    parsed = response.response.answer
    assert (parsed[0].unit, parsed[1].explanation, parsed[2].file_name) == (
        "kg",
        "because",
        "f.png",
    )
    assert parsed[3].value is True


def test_v3_and_v4_datasets_parse_and_schema_version_accepts_string_or_int() -> None:
    v3 = Dataset.model_validate(
        {
            "id": "d",
            "name": "n",
            "created_at": "2025-01-01T00:00:00Z",
            "created_by": "u",
            "workspace_id": "w",
            "total_datapoint_count": 0,
            "schema_version": "3",
            "status": "UNINITIALISED",
            "filename": None,
            "has_predetermined_grouping_id": None,
        }
    )
    v4 = Dataset.model_validate(
        {
            "id": "d",
            "name": "n",
            "schema_version": 4,
            "imports": [],
            "schema": {
                "strict": True,
                "fields": {"text": {"type": "text"}, "clip": {"type": "hologram"}},
            },
        }
    )
    assert v3.schema_version == 3
    assert v3.dataset_schema is None
    assert v4.schema_version == 4
    assert v4.dataset_schema is not None
    assert v4.dataset_schema.fields["clip"].type == "hologram"


def test_stored_schema_converts_to_an_editable_input() -> None:
    stored = Dataset.model_validate(
        {"id": "d", "name": "n", "schema": {"strict": True, "fields": {"t": {"type": "text"}}}}
    ).dataset_schema
    assert stored is not None
    assert stored.to_input() == DatasetSchema(strict=True, fields={"t": {"type": "text"}})


def test_import_job_upload_url_sync_job_and_export_job_parse() -> None:
    job = ImportJob.model_validate(
        {
            "dataset_id": "d",
            "import_id": "i",
            "type": "file_upload",
            "status": "partial",
            "accepted_count": 9,
            "rejected_count": 1,
            "errors": [{"record_index": 3, "field": "_raw", "reason": "bad"}],
            "created_at": "2025-01-01T00:00:00Z",
            "updated_at": "2025-01-01T00:00:00Z",
        }
    )
    assert job.errors[0].field == "_raw"
    url = UploadURL.model_validate(
        {
            "dataset_id": "d",
            "upload_url": "https://s3/x",
            "http_method": "PUT",
            "expires_at": "2025-01-01T00:00:00Z",
        }
    )
    assert url.content_type is None  # the older SEED shape has none
    sync = SyncJob.model_validate(
        {
            "batch_id": "b",
            "dataset_id": "d",
            "sync_id": "s",
            "status": "complete",
            "tasks_created": 5,
            "groups_expanded": 0,
            "created_at": "2025-01-01T00:00:00Z",
            "updated_at": "2025-01-01T00:00:00Z",
        }
    )
    assert sync.tasks_created == 5
    generating = ExportJob.model_validate({"status": "generating", "export_id": "e"})
    complete = ExportJob.model_validate(
        {"status": "complete", "url": "https://x/z.zip", "expires_at": "2026-03-20T10:30:00Z"}
    )
    assert (generating.is_complete, complete.is_complete) == (False, True)
    assert ExportJob.model_validate({"status": "failed"}).is_failed


def test_collection_response_shape_parses() -> None:
    raw = {
        "id": "019be590-c2bd-714d-b808-70cd01a28b3c",
        "schema_version": "1",
        "name": "c",
        "created_at": "2025-01-01T00:00:00Z",
        "created_by": "u",
        "workspace_id": "w",
        "task_details": TASK_DETAILS,
        "collection_items": [
            {
                "id": "p",
                "created_at": "2025-01-01T00:00:00Z",
                "created_by": "u",
                "schema_version": 1,
                "page_items": [
                    {
                        "type": "image",
                        "id": "x",
                        "url": "https://i/a.png",
                        "alt_text": "a",
                        "parent_type": "collection",
                        "order": 0,
                    }
                ],
            }
        ],
    }
    collection = Collection.model_validate(raw)
    assert collection.schema_version == 1
    assert collection.collection_items[0].page_items[0].url == "https://i/a.png"


def test_study_money_is_whole_minor_units_and_unknown_status_is_kept() -> None:
    study = Study.model_validate(
        {
            "id": "s",
            "name": "n",
            "status": "AWAITING REVIEW",
            "reward": 150.0,
            "total_cost": 1234.5,
            "places_taken": 3.0,
            "study_type": "SINGLE",
        }
    )
    assert (study.reward, study.total_cost, study.places_taken) == (150, 1235, 3)
    assert study.status == StudyStatus.AWAITING_REVIEW
    assert (
        Study.model_validate({"id": "s", "name": "n", "status": "HIBERNATING"}).status
        == "HIBERNATING"
    )


def test_study_cost_totals_rewards_bonuses_fees_and_tax() -> None:
    money = {
        "rewards": {"amount": 1000, "currency": "GBP"},
        "fees": {"amount": 330.0},
        "tax": {"amount": 66.4},
    }
    cost = StudyCost.model_validate(
        {"rewards": money, "bonuses": {"rewards": {"amount": 50}}, "_links": {}}
    )
    assert cost.total == 1000 + 330 + 66 + 50
    assert cost.currency == "GBP"


def test_workspace_balance_from_spec_and_cli_shape() -> None:
    balance = WorkspaceBalance.model_validate(
        {
            "currency_code": "GBP",
            "total_balance": 10000,
            "balance_breakdown": {"rewards": 8000, "fees": 1600, "vat": 400},
            "available_balance": 5000,
            "available_balance_breakdown": {},
        }
    )
    assert balance.balance_breakdown is not None
    assert balance.balance_breakdown.vat == 400
    assert balance.available_balance == 5000


@pytest.mark.parametrize(
    ("headers", "since", "sunset"),
    [
        ({"Deprecation": "true"}, None, None),
        ({"deprecation": "@1688169599"}, datetime(2023, 6, 30, 23, 59, 59, tzinfo=UTC), None),
        (
            {"Sunset": "Tue, 01 Sep 2026 23:59:59 GMT"},
            None,
            datetime(2026, 9, 1, 23, 59, 59, tzinfo=UTC),
        ),
    ],
)
def test_deprecation_notice_reads_both_rfc_forms(
    headers: dict[str, str], since: datetime | None, sunset: datetime | None
) -> None:
    notice = DeprecationNotice.from_headers(headers)
    assert notice is not None
    assert (notice.deprecated_since, notice.sunset) == (since, sunset)


def test_no_deprecation_headers_means_no_notice() -> None:
    assert DeprecationNotice.from_headers({"Deprecation": "false"}) is None
    assert DeprecationNotice.from_headers({}) is None
    assert str(DeprecationNotice(None, None)) == "This endpoint is deprecated."

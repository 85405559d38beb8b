"""The exports table's words and the new-export form's rules."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from atb_tui.api.models.common import ExportJob
from atb_tui.views.exports import (
    FormError,
    export_request,
    filter_summary,
    human_bytes,
    job_cells,
    request_of,
)


def job(**fields: object) -> ExportJob:
    return ExportJob.model_validate({"status": "complete", "export_id": "e1", **fields})


def test_dates_are_utc_days_and_to_takes_its_whole_day() -> None:
    request = export_request("s1", "2026-11-01", "2026-11-01")
    assert request.study_id == "s1"
    assert request.from_ == datetime(2026, 11, 1, tzinfo=UTC)
    assert request.to is not None
    assert request.to.date() == request.from_.date()
    assert request.to.hour == 23
    assert request.to.tzinfo is not None
    assert export_request(None, "", "") == export_request("", " ", "")


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [("2026-11-02", "2026-11-01", "To is before From"), ("soon", "", "From: 'soon'"),
     ("", "2026-13-01", "To: '2026-13-01' is not a date")],
)  # fmt: skip
def test_bad_forms_say_what_is_wrong(start: str, end: str, message: str) -> None:
    with pytest.raises(FormError, match=message):
        export_request(None, start, end)


def test_filter_summary_and_retry_keep_the_filter() -> None:
    filtered = job(filters={"study_id": "s1", "from": "2026-11-01T00:00:00Z",
                            "to": "2026-11-30T23:59:59Z"})  # fmt: skip
    assert (
        filter_summary(filtered, {"s1": "Pilot"}) == "study Pilot · from 2026-11-01 · to 2026-11-30"
    )
    assert filter_summary(job(), {}) == "all responses"
    again = request_of(filtered)
    assert again.study_id == "s1"
    assert again.from_ == datetime(2026, 11, 1, tzinfo=UTC)


def test_size_is_the_files_when_downloaded_else_the_response_count(tmp_path: Path) -> None:
    saved = tmp_path / "e.zip"
    saved.write_bytes(b"x" * 2048)
    listed = job(response_count=1234, url="https://s3.example/e1/batch-export.zip")
    assert job_cells(listed, {}, None, "batch-export.zip")[3:] == (
        "1,234 responses",
        "batch-export.zip",
    )
    assert job_cells(listed, {}, saved, "batch-export.zip")[3:] == ("2.0 KB", "e.zip")
    assert human_bytes(900) == "900 B"

"""Pilot tests of datasets on the sandbox: preview, upload, processing, V4, `:dataset`."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from textual.widgets import Input, ProgressBar

from atb_tui.api._transfer import CHUNK_SIZE
from atb_tui.logic.schema_proposal import FieldProposal
from atb_tui.sandbox import Sandbox
from atb_tui.screens.dataset_append import jsonl_chunks
from atb_tui.screens.dataset_detail import DatasetDetailScreen
from atb_tui.screens.dataset_file_picker import DatasetTree, FilePickerDialog
from atb_tui.screens.dataset_new import DatasetNewScreen
from atb_tui.views.dataset_preview import next_type
from atb_tui.widgets.data_view import DataView
from atb_tui.widgets.file_suggester import complete_path
from atb_tui.widgets.upload_progress import UploadProgress, describe_transfer
from tests.helpers.app import clocked_app
from tests.helpers.datasets import (
    BROKEN_CSV,
    GOOD_CSV,
    JSONL,
    open_dataset,
    open_new_dataset,
    preview,
    write_file,
)
from tests.helpers.notices import notice_texts, told
from tests.helpers.sandbox import WORKSPACE
from tests.helpers.screen import screen_text
from tests.helpers.waits import wait_for

SIZE = (100, 30)


def big_csv(path: Path, megabytes: int) -> Path:
    """A valid CSV of about `megabytes` MB, written in pieces."""
    row = "This review is long enough to make the file grow quickly enough,7,source\n"
    rows_per_chunk = 10_000
    chunk = row * rows_per_chunk
    with path.open("w", encoding="utf-8") as handle:
        handle.write("review,META_TASK_GROUP_ID,META_source\n")
        for _ in range(megabytes * 1_000_000 // len(chunk) + 1):
            handle.write(chunk)
    return path


async def test_preview_of_a_good_csv_sends_nothing(sandbox: Sandbox, tmp_path: Path) -> None:
    app = clocked_app(sandbox)
    async with app.run_test(size=SIZE) as pilot:
        requests = len(sandbox.request_log)
        datasets = len(sandbox.world.datasets)
        await preview(pilot, write_file("reviews.csv", GOOD_CSV, tmp_path))
        text = screen_text(app)
        assert "Rows 40" in text
        assert "Hidden (META_) META_TASK_GROUP_ID, META_source" in text
        assert "Groups META_TASK_GROUP_ID: 4 groups" in text
        assert "✓ No problems found." in text
        assert "Review number 1: loved it" in text  # the first rows, as a table
        assert len(sandbox.world.datasets) == datasets
        assert all(r.method == "GET" for r in sandbox.request_log[requests:])


async def test_broken_csv_blocks_the_upload_with_row_and_column(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    app = clocked_app(sandbox)
    async with app.run_test(size=SIZE) as pilot:
        datasets = len(sandbox.world.datasets)
        await preview(pilot, write_file("broken.csv", BROKEN_CSV, tmp_path))
        text = screen_text(app)
        assert "✗ header cell 3 is empty (row 1, column 3)" in text
        assert "✗ row 3 has 1 field, the header has 3 (column 2)" in text
        assert "(row 3" not in text  # the row is named once
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert told(app, "Fix the problems")
        assert len(sandbox.world.datasets) == datasets


async def test_ctrl_u_clears_the_field_and_never_uploads(sandbox: Sandbox, tmp_path: Path) -> None:
    app = clocked_app(sandbox)
    async with app.run_test(size=SIZE) as pilot:
        screen = await preview(pilot, write_file("reviews.csv", GOOD_CSV, tmp_path))
        datasets, requests = len(sandbox.world.datasets), len(sandbox.request_log)
        name = screen.query_one("#name", Input)
        name.focus()
        name.cursor_position = len(name.value)
        await pilot.press("ctrl+u")  # readline's clear-line
        await wait_for(pilot, lambda: name.value == "")
        assert len(sandbox.world.datasets) == datasets
        assert all(r.method == "GET" for r in sandbox.request_log[requests:])
        assert "^s uploads" in screen_text(app)  # the hint names the key that uploads


async def test_upload_button_waits_for_a_clean_preview(sandbox: Sandbox, tmp_path: Path) -> None:
    app = clocked_app(sandbox)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_new_dataset(pilot)
        assert screen.query_one("#upload").disabled  # nothing previewed yet
        datasets = len(sandbox.world.datasets)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert len(sandbox.world.datasets) == datasets
        screen.query_one("#path", Input).value = str(write_file("b.csv", BROKEN_CSV, tmp_path))
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen.inspection is not None)
        assert screen.query_one("#upload").disabled
        screen.query_one("#path", Input).value = str(write_file("g.csv", GOOD_CSV, tmp_path))
        await pilot.press("enter")
        await wait_for(pilot, lambda: not screen.query_one("#upload").disabled)


async def test_the_name_follows_the_picked_file_until_typed(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    app = clocked_app(sandbox)
    async with app.run_test(size=SIZE) as pilot:
        screen = await preview(pilot, write_file("first_file.csv", GOOD_CSV, tmp_path))
        name = screen.query_one("#name", Input)
        assert name.value == "first file"
        second = write_file("second_file.csv", GOOD_CSV, tmp_path)
        screen.query_one("#path", Input).value = str(second)
        screen.query_one("#path", Input).focus()
        await pilot.press("enter")
        await wait_for(pilot, lambda: name.value == "second file")
        name.value = "My own name"
        screen.query_one("#path", Input).value = str(write_file("third.csv", GOOD_CSV, tmp_path))
        screen.query_one("#path", Input).focus()
        await pilot.press("enter")
        await wait_for(
            pilot,
            lambda: screen.inspection is not None and screen.inspection.path.name == "third.csv",
        )
        assert name.value == "My own name"


async def test_the_file_picker_climbs_to_the_parent_folder(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    inner = tmp_path / "inner"
    path = write_file("reviews.csv", GOOD_CSV, inner)
    write_file("above.csv", GOOD_CSV, tmp_path)
    app = clocked_app(sandbox)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_new_dataset(pilot)
        screen.query_one("#path", Input).value = str(path)
        await pilot.press("ctrl+b")
        await wait_for(pilot, lambda: isinstance(app.screen, FilePickerDialog))
        picker = app.screen
        assert isinstance(picker, FilePickerDialog)
        assert picker.folder == inner.resolve()
        await pilot.press("backspace")
        await wait_for(pilot, lambda: picker.folder == tmp_path.resolve())
        await wait_for(pilot, lambda: "above.csv" in screen_text(app))
        assert str(tmp_path.resolve()) in screen_text(app)


async def test_upload_shows_progress_then_follows_processing_to_ready(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    path = big_csv(tmp_path / "big_reviews.csv", 6)
    app = clocked_app(sandbox)
    async with app.run_test(size=SIZE) as pilot:
        screen = await preview(pilot, path)
        progress = screen.query_one(UploadProgress)
        bar, label = progress.query_one(ProgressBar), progress.query_one("#transfer-text")
        seen: list[int] = []
        advance = progress.advance

        def record(sent: int, total: int) -> None:
            seen.append(sent)
            advance(sent, total)

        progress.advance = record  # type: ignore[method-assign]
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, DatasetDetailScreen))
        size = path.stat().st_size
        assert seen[-1] == size
        assert len(seen) >= size // CHUNK_SIZE  # streamed in chunks, reported as it went
        assert bar.progress == size
        assert f"{size / 1e6:.1f} MB of {size / 1e6:.1f} MB · " in str(label.render())
        detail = app.screen
        assert isinstance(detail, DatasetDetailScreen)
        created = sandbox.world.datasets[detail.dataset_id]
        assert created.name == "big reviews"
        assert created.status == "PROCESSING"
        await wait_for(pilot, lambda: "PROCESSING" in screen_text(app))
        sandbox.advance(15)
        rows = path.read_bytes().count(b"\n") - 1
        await wait_for(pilot, lambda: f"Datapoints {rows:,}" in screen_text(app))
        assert "READY" in screen_text(app)
        assert told(app, "big reviews is READY")
        remembered = app.state.known_datasets("sandbox", WORKSPACE[0])
        assert [d.dataset_id for d in remembered] == [created.id]
        # The first row's visible values are kept for the instruction preview (the API cannot
        # read datapoints back); META_ columns are not shown to participants, so not kept.
        sample = app.state.dataset_sample("sandbox", WORKSPACE[0], created.id)
        assert sample == {
            "review": "This review is long enough to make the file grow quickly enough"
        }


@pytest.mark.skipif(not os.environ.get("ATB_TEST_50MB"), reason="50 MB upload: set ATB_TEST_50MB=1")
async def test_upload_of_a_50_mb_file(sandbox: Sandbox, tmp_path: Path) -> None:
    """The issue's 50 MB case (about 7 s), run on demand."""
    path = big_csv(tmp_path / "fifty.csv", 50)
    app = clocked_app(sandbox)
    async with app.run_test(size=SIZE) as pilot:
        await preview(pilot, path)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, DatasetDetailScreen), timeout=120)
        created = sandbox.world.datasets[app.screen.dataset_id]  # type: ignore[attr-defined]
        assert created.status == "PROCESSING"


async def test_cancelled_upload_keeps_the_dataset_and_says_so(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    sandbox.faults.add("/presigned/*", method="PUT", kind="latency", latency=30, times=None)
    path = write_file("reviews.csv", GOOD_CSV, tmp_path)
    app = clocked_app(sandbox)
    async with app.run_test(size=SIZE) as pilot:
        screen = await preview(pilot, path)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: screen.uploading and screen.created_id is not None)
        await pilot.press("escape")
        await wait_for(pilot, lambda: not screen.uploading)
        assert isinstance(app.screen, DatasetNewScreen)  # Esc cancelled, it did not go back
        assert "Upload cancelled" in screen_text(app)
        assert screen.created_id is not None
        assert sandbox.world.datasets[screen.created_id].status == "UNINITIALISED"


async def test_v4_jsonl_with_an_edited_schema_and_import_report(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    lines = JSONL + '{"image": "https://img.example/x.png", "task_group_id": "c1"}\n'
    app = clocked_app(sandbox)
    async with app.run_test(size=SIZE) as pilot:
        screen = await preview(pilot, write_file("turns.jsonl", lines, tmp_path))
        assert "V4 · schema" in screen_text(app)
        schema = screen.query_one("#schema", DataView)
        assert schema.visible_keys == ["text", "image", "task_group_id"]
        schema.focus_table()
        await pilot.press("j", "enter")  # image_url → metadata
        assert screen.proposals["image"].type == "metadata"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, DatasetDetailScreen))
        created = sandbox.world.datasets[app.screen.dataset_id]  # type: ignore[attr-defined]
        assert created.schema_version == 4
        assert created.schema is not None
        assert created.schema["fields"]["image"]["type"] == "metadata"
        sandbox.advance(15)
        await wait_for(pilot, lambda: "finished" in screen_text(app))
        report = app.screen.query_one(DataView)
        job = sandbox.world.imports[created.import_ids[0]]
        assert job.status in ("complete", "partial")
        first = report.rows[0].cells
        assert (first[3], first[4]) == (str(job.accepted_count), str(job.rejected_count))
        assert len(report.rows) == 1 + len(job.errors)  # one row per import, one per rejection
        assert f"Datapoints {job.accepted_count}" in screen_text(app)


async def test_jump_opens_any_dataset_and_remembers_it(sandbox: Sandbox) -> None:
    app = clocked_app(sandbox)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_dataset(pilot, "Product reviews - March")
        assert "UNINITIALISED" in screen_text(app)
        remembered = app.state.known_datasets("sandbox", WORKSPACE[0])
        assert screen.dataset_id in [d.dataset_id for d in remembered]
        await app.open_area("datasets")
        await wait_for(pilot, lambda: "Product reviews - March" in screen_text(app))


async def test_file_picker_chooses_a_file_and_esc_closes_it(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    path = write_file("picked.csv", GOOD_CSV, tmp_path / "data")
    app = clocked_app(sandbox)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_new_dataset(pilot)
        screen.query_one("#path", Input).value = f"{path.parent}/"
        await pilot.press("ctrl+b")
        await wait_for(pilot, lambda: isinstance(app.screen, FilePickerDialog))
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is screen)
        await pilot.press("ctrl+b")
        await wait_for(pilot, lambda: "picked.csv" in screen_text(app))
        tree = app.screen.query_one(DatasetTree)
        await wait_for(pilot, lambda: tree.cursor_node is not None)
        await pilot.press("down")
        await wait_for(pilot, lambda: tree.cursor_line == 1)
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen.shown_path == path)
        assert "Rows 40" in screen_text(app)


def test_next_type_cycles_through_the_field_types() -> None:
    proposal = FieldProposal("text", "shown")
    seen = [proposal.type]
    for _ in range(4):
        proposal = next_type(proposal)
        seen.append(proposal.type)
    assert seen == ["text", "image_url", "metadata", "task_group_id", "text"]


def test_transfer_text_says_bytes_rate_and_time_left() -> None:
    assert describe_transfer(0, 8_000_000, 0) == "0 bytes of 8.0 MB"
    text = describe_transfer(2_000_000, 8_000_000, 2.0)
    assert text == "2.0 MB of 8.0 MB · 1.0 MB/s · about 6 s left"


def test_path_completion_offers_folders_and_dataset_files(tmp_path: Path) -> None:
    (tmp_path / "reviews.csv").write_text("a\n")
    (tmp_path / "results").mkdir()
    (tmp_path / "readme.txt").write_text("x")
    assert complete_path(f"{tmp_path}/rev", (".csv",)) == f"{tmp_path}/reviews.csv"
    assert complete_path(f"{tmp_path}/res", (".csv",)) == f"{tmp_path}/results/"
    assert complete_path(f"{tmp_path}/rea", (".csv",)) is None


async def test_append_jsonl_to_a_v4_dataset(sandbox: Sandbox, tmp_path: Path) -> None:
    records = "".join(
        f'{{"turn_text": "Hello {n}", "speaker": "a", "conversation_id": "c9", "source": "x"}}\n'
        for n in range(3)
    )
    path = write_file("more.jsonl", records + '{"speaker": "b"}\n', tmp_path)
    app = clocked_app(sandbox)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_dataset(pilot, "Dialogue turns (V4)")
        before = len(sandbox.world.datasets[screen.dataset_id].datapoints)
        await pilot.press("a")
        await wait_for(pilot, lambda: app.screen.query("#path"))
        app.screen.query_one("#path", Input).value = str(path)
        await pilot.press("enter")
        await wait_for(pilot, lambda: told(app, "appended"))
        assert "3 datapoints appended, 1 rejected." in notice_texts(app)
        assert len(sandbox.world.datasets[screen.dataset_id].datapoints) == before + 3
        rows = screen.query_one(DataView).rows
        assert rows[0].cells[3:5] == ("3", "1")
        assert rows[1].cells[5] == "4"  # the rejected record, numbered in the file
        await wait_for(pilot, lambda: f"Datapoints {before + 3}" in screen_text(app))


def test_jsonl_chunks_number_records_across_the_file(tmp_path: Path) -> None:
    path = write_file("r.jsonl", "".join(f'{{"n": {n}}}\n' for n in range(5)) + "\n", tmp_path)
    chunks = list(jsonl_chunks(path, size=2))
    assert [offset for offset, _ in chunks] == [0, 2, 4]
    assert chunks[-1][1] == '{"n": 4}\n'

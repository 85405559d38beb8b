"""Screen states of datasets: the list, a dataset, and the new-dataset preview (good and broken).

The steps and sample files are in tests/helpers/datasets.py, shared with the Pilot tests.
"""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import Input

from atb_tui.app import AtbApp
from atb_tui.screens.dataset_file_picker import DatasetTree, FilePickerDialog
from tests.helpers.app import clocked_app
from tests.helpers.datasets import (
    BROKEN_CSV,
    FILES,
    GOOD_CSV,
    JSONL,
    open_dataset,
    open_new_dataset,
    preview,
    write_file,
)
from tests.helpers.navigation import open_area
from tests.helpers.screen import screen_text
from tests.helpers.waits import wait_for
from tests.snapshots.scenarios import narrow_copies, scenario


@scenario("datasets", "Datasets known in the workspace; n uploads a new one", build=clocked_app)
async def datasets(pilot: Pilot[None]) -> None:
    await open_area(pilot, "datasets")
    await pilot.pause()


@scenario("dataset-detail-v4", "A V4 dataset: schema and import report", build=clocked_app)
async def dataset_detail_v4(pilot: Pilot[None]) -> None:
    await open_dataset(pilot, "Dialogue turns (V4)")


@scenario("dataset-new-preview", "New dataset: the preview before anything is sent",
          build=clocked_app)  # fmt: skip
async def dataset_new_preview(pilot: Pilot[None]) -> None:
    await preview(pilot, write_file("reviews.csv", GOOD_CSV))


@scenario("dataset-new-broken", "A broken file: problems with row and column block the upload",
          build=clocked_app)  # fmt: skip
async def dataset_new_broken(pilot: Pilot[None]) -> None:
    await preview(pilot, write_file("broken.csv", BROKEN_CSV))


@scenario("dataset-new-v4", "A JSONL file: V4 with the schema proposed from it",
          build=clocked_app)  # fmt: skip
async def dataset_new_v4(pilot: Pilot[None]) -> None:
    await preview(pilot, write_file("turns.jsonl", JSONL))


@scenario("dataset-detail-processing", "A V3 dataset still processing, followed live",
          build=clocked_app)  # fmt: skip
async def dataset_detail_processing(pilot: Pilot[None]) -> None:
    await open_dataset(pilot, "Support tickets")
    await pilot.pause()


@scenario("dataset-file-picker", "ctrl+b: pick the file from a folder tree", build=clocked_app)
async def dataset_file_picker(pilot: Pilot[None]) -> None:
    path = write_file("reviews.csv", GOOD_CSV, FILES / "picker")
    screen = await open_new_dataset(pilot)
    screen.query_one("#path", Input).value = str(path)
    await pilot.press("ctrl+b")
    app: AtbApp = pilot.app  # type: ignore[assignment]
    await wait_for(pilot, lambda: isinstance(app.screen, FilePickerDialog))
    tree = app.screen.query_one(DatasetTree)
    await wait_for(
        pilot, lambda: tree.cursor_node is not None and "reviews.csv" in screen_text(app)
    )
    await pilot.pause()


narrow_copies(
    "datasets",
    "dataset-detail-v4",
    "dataset-detail-processing",
    "dataset-new-preview",
    "dataset-new-broken",
    "dataset-new-v4",
    "dataset-file-picker",
)

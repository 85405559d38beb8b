"""Screen states of batches: the table, the detail screen and its dialogs.

The steps come from tests/helpers (shared with the Pilot tests), so the tests and the
snapshots walk the same paths. Every app gets the sandbox's manual clock as its `now`, so
"updated … ago" is deterministic.
"""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import Input

from tests.helpers.app import clocked_app
from tests.helpers.navigation import open_area, open_batch
from tests.helpers.waits import wait_for
from tests.snapshots.scenarios import scenario


@scenario("batches", "Batches of a workspace; Enter opens one, n creates one", build=clocked_app)
async def batches(pilot: Pilot[None]) -> None:
    await open_area(pilot, "batches")
    await pilot.pause()


@scenario("batch-detail", "A batch: status history, counts, dataset, setup", build=clocked_app)
async def batch_detail(pilot: Pilot[None]) -> None:
    await open_batch(pilot, "Review threads")


@scenario("batch-detail-ready", "A set-up batch and the studies that use it", build=clocked_app)
async def batch_detail_ready(pilot: Pilot[None]) -> None:
    await open_batch(pilot, "Sentiment - pilot")


@scenario("batch-setup", "s: tasks per group with a live preview", build=clocked_app)
async def batch_setup(pilot: Pilot[None]) -> None:
    await open_batch(pilot, "Review threads")
    await pilot.press("s")
    await pilot.pause()


@scenario("batch-new", "n: create a batch (HTML shown as it will read)", build=clocked_app)
async def batch_new(pilot: Pilot[None]) -> None:
    await open_area(pilot, "batches")
    await pilot.press("n")
    await wait_for(pilot, lambda: pilot.app.screen.query("#name"))
    await wait_for(pilot, lambda: pilot.app.focused is pilot.app.screen.query_one("#name"))
    await pilot.press(*"Toxicity v2")
    await wait_for(pilot, lambda: pilot.app.screen.query_one("#name", Input).value == "Toxicity v2")
    await pilot.pause()


@scenario("batch-edit", "e: edit name and task details", build=clocked_app)
async def batch_edit(pilot: Pilot[None]) -> None:
    await open_batch(pilot, "Review threads")
    await pilot.press("e")
    await pilot.pause()


@scenario("batch-duplicate", "c: duplicate with the same dataset or for a new upload",
          build=clocked_app)  # fmt: skip
async def batch_duplicate(pilot: Pilot[None]) -> None:
    await open_batch(pilot, "Sentiment - pilot")
    await pilot.press("c")
    await pilot.pause()


@scenario("batch-report", "R: save the CSV report where you choose", build=clocked_app)
async def batch_report(pilot: Pilot[None]) -> None:
    await open_batch(pilot, "Sentiment - pilot")
    await pilot.press("R")
    await pilot.pause()
    pilot.app.screen.query_one("Input").value = "/tmp/sentiment-pilot-report.csv"  # type: ignore[attr-defined]
    await pilot.pause()


# The same states at 80x24 (issue 10.17: every screen must be usable there).
NARROW = (80, 24)
for _name, _caption, _run in (
    ("batch-detail", "A batch", batch_detail),
    ("batch-detail-ready", "A set-up batch and its studies", batch_detail_ready),
    ("batch-setup", "Set up", batch_setup),
    ("batch-edit", "Edit a batch", batch_edit),
    ("batch-duplicate", "Duplicate a batch", batch_duplicate),
    ("batch-report", "Save the report", batch_report),
):
    scenario(f"{_name}-narrow", f"{_caption} at 80x24", size=NARROW, build=clocked_app)(_run)

"""Screen states of batches: the table, the detail screen and its dialogs.

The helpers here are shared with the Pilot tests (tests/ui/test_batches.py), so the tests and
the snapshots walk the same paths. Every app gets the sandbox's manual clock as its `now`,
so "updated … ago" is deterministic.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input

from atb_tui.app import AtbApp
from atb_tui.sandbox import Sandbox
from atb_tui.screens.batch_detail import BatchDetailScreen
from atb_tui.screens.workspaces import WorkspacesScreen
from atb_tui.widgets.data_view import DataView
from tests.harness import make_app, make_sandbox, wait_for
from tests.snapshots.scenarios import scenario

WORKSPACE = ("657fdc1bb561337c0dfb1bae", "Sentiment Lab")


def clocked_app(sandbox: Sandbox | None = None, **options: Any) -> AtbApp:
    """The demo app whose `now` is the sandbox's manual clock."""
    sandbox = sandbox or make_sandbox()
    return make_app(sandbox, now=sandbox.clock.now, **options)


def sandbox_of(pilot: Pilot[None]) -> Sandbox:
    """The sandbox behind the app under test."""
    app: AtbApp = pilot.app  # type: ignore[assignment]
    return app.options.make_sandbox()


def item_named(items: Mapping[str, object], name: str) -> str:
    """The id of the sandbox object called `name` (batches, datasets, studies)."""
    for item_id, item in items.items():
        if getattr(item, "name", None) == name:
            return item_id
    raise KeyError(name)


async def open_workspace(pilot: Pilot[None]) -> AtbApp:
    """Start the app and open Sentiment Lab."""
    app: AtbApp = pilot.app  # type: ignore[assignment]
    await wait_for(pilot, lambda: isinstance(app.screen, WorkspacesScreen))
    await app.open_workspace(*WORKSPACE)
    return app


async def open_area(pilot: Pilot[None], area: str) -> AtbApp:
    """Open an area of Sentiment Lab and wait for its table."""
    app = await open_workspace(pilot)
    await app.open_area(area)
    await wait_for(pilot, lambda: app.screen.query_one(DataView).loaded)
    return app


def batch_loaded(app: AtbApp) -> Callable[[], bool]:
    def loaded() -> bool:
        screen = app.screen
        return (
            isinstance(screen, BatchDetailScreen)
            and screen.current is not None
            and screen.legacy is not None
            and screen.query_one(DataView).loaded
        )

    return loaded


async def open_batch(pilot: Pilot[None], name: str) -> BatchDetailScreen:
    """Open the batch called `name` in Sentiment Lab and wait until it is shown."""
    app = await open_workspace(pilot)
    await app.open_item("batch", item_named(sandbox_of(pilot).world.batches, name))
    await wait_for(pilot, batch_loaded(app))
    await pilot.pause()
    assert isinstance(app.screen, BatchDetailScreen)
    return app.screen


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

"""How many requests the app sends for the whole seed workflow, against the fewest the API needs.

The app is driven with Pilot, as a user would drive it, on an in-process sandbox whose clock
is stopped: upload a CSV as a new dataset, create a batch on it, write one instruction, set
the batch up, launch and publish a study, open the monitor and wait for responses. Every
request the sandbox sees is counted (its request log), the presigned upload included.

Polling is excluded this way: with the clock stopped no poll ever becomes due, except the
first one a screen makes when it opens (that is its load, and it counts). The bench moves the
clock only to let the sandbox finish something (processing, setup, participants answering);
the requests between moving the clock and seeing the result are polls, and are left out.

The minimum, `MINIMUM`, is the list of calls the API needs for the same workflow, from
Prolific's own step-by-step guide (`prolific/001_…txt`), also without polls.
"""

from __future__ import annotations

import asyncio
import os
import re
import tempfile
from collections.abc import Callable
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input, Select

from atb_tui.app import AtbApp
from atb_tui.sandbox import Sandbox
from atb_tui.screens.batch_dialogs import SetupDialog
from atb_tui.screens.batch_form import BatchFormScreen
from atb_tui.screens.confirm_dialogs import ConfirmSpendScreen
from atb_tui.screens.dataset_detail import DatasetDetailScreen
from atb_tui.screens.instruction_editor import InstructionEditorScreen
from atb_tui.screens.monitor import MonitorScreen
from atb_tui.screens.study_detail import StudyDetailScreen
from atb_tui.screens.study_launch import StudyLaunchScreen
from atb_tui.widgets.data_view import DataView
from tests.helpers.app import clocked_app
from tests.helpers.datasets import preview
from tests.helpers.instructions import add_instruction, type_into
from tests.helpers.navigation import batch_loaded
from tests.helpers.sandbox import make_sandbox
from tests.helpers.screen import screen_text
from tests.helpers.waits import wait_for

# The fewest calls for the workflow, each with why it cannot be skipped (polls excluded).
MINIMUM: list[tuple[str, str]] = [
    ("GET /api/v1/workspaces/", "find the workspace to work in (the user picks one)"),
    ("POST /api/v1/data-collection/datasets", "create the dataset"),
    ("GET /api/v1/data-collection/datasets/{id}/upload-url/{file}", "where to upload the file"),
    ("PUT <presigned upload URL>", "the file itself"),
    ("POST /api/v1/data-collection/batches", "create the batch on the dataset"),
    ("POST /api/v1/data-collection/batches/{id}/instructions", "the instruction"),
    ("POST /api/v1/data-collection/batches/{id}/setup", "turn datapoints into tasks"),
    ("POST /api/v1/studies/", "the study that runs the batch (a draft)"),
    ("POST /api/v1/studies/{id}/transition/", "publish it"),
]
_ID = re.compile(r"[0-9a-f]{24}|[0-9a-f]{8}-[0-9a-f-]{27}")
CSV = "text,label\n" + "".join(f'"Review number {n} of the film",x\n' for n in range(30))


class Counter:
    """Requests the sandbox saw, split into the app's own and polls."""

    def __init__(self, sandbox: Sandbox) -> None:
        self.sandbox = sandbox
        self.polls = 0
        self.poll_spans: list[range] = []  # positions in the sandbox's log that were polls

    @property
    def seen(self) -> int:
        return len(self.sandbox.request_log)

    async def let_time_pass(
        self, pilot: Pilot[None], seconds: float, until: Callable[[], bool]
    ) -> None:
        """Move the sandbox clock until `until()` holds; what was sent meanwhile is polling."""
        before = self.seen
        for _ in range(200):
            if until():
                break
            sent = self.seen
            self.sandbox.advance(seconds)  # at least one poll interval: a poll falls due
            await wait_for(pilot, lambda: until() or self.seen > sent)  # noqa: B023 - awaited here
        await wait_for(pilot, until)
        self.polls += self.seen - before
        self.poll_spans.append(range(before, self.seen))

    def breakdown(self) -> list[tuple[str, int]]:
        """The app's own requests (polls left out) by endpoint, ids shown as {id}, in the
        order each endpoint was first asked for."""
        polls = {index for span in self.poll_spans for index in span}
        counts: dict[str, int] = {}
        for index, request in enumerate(self.sandbox.request_log):
            if index not in polls:
                endpoint = f"{request.method} {_ID.sub('{id}', request.path)}"
                counts[endpoint] = counts.get(endpoint, 0) + 1
        return list(counts.items())


async def drive(pilot: Pilot[None], counter: Counter, csv: Path) -> None:
    """The seed workflow, step by step, as a user does it."""
    app: AtbApp = pilot.app  # type: ignore[assignment]
    screen = await preview(pilot, csv)  # datasets → n → path → preview
    await pilot.press("ctrl+s")
    await wait_for(pilot, lambda: isinstance(app.screen, DatasetDetailScreen))
    detail = app.screen
    assert isinstance(detail, DatasetDetailScreen)
    dataset_id = detail.dataset_id
    await counter.let_time_pass(pilot, 5, lambda: "READY" in screen_text(app))
    del screen
    await pilot.press("b")
    await wait_for(pilot, lambda: _table_loaded(app))
    await pilot.press("n")
    await wait_for(pilot, lambda: isinstance(app.screen, BatchFormScreen))
    form = app.screen
    await pilot.press(*"Bench batch")
    form.query_one("#task-name", Input).value = "Label the review"
    await wait_for(pilot, lambda: _offers(form.query_one(Select), dataset_id))
    form.query_one(Select).value = dataset_id
    await pilot.pause()
    await pilot.press("ctrl+s")
    await wait_for(pilot, batch_loaded(app))
    batch_screen = app.screen
    await pilot.press("i")
    await wait_for(pilot, lambda: isinstance(app.screen, InstructionEditorScreen))
    editor = app.screen
    assert isinstance(editor, InstructionEditorScreen)
    await wait_for(pilot, lambda: editor.loaded)
    await add_instruction(pilot, 0)
    await type_into(pilot, "description", "Is the review positive?")
    for index, (label, value) in enumerate((("Yes", "yes"), ("No", "no"))):
        await type_into(pilot, f"options.{index}.label", label)
        await type_into(pilot, f"options.{index}.value", value)
    await pilot.press("ctrl+s")
    await wait_for(pilot, lambda: not editor.dirty and not editor.server_issues)
    await pilot.press("escape")
    await wait_for(pilot, lambda: app.screen is batch_screen)
    await pilot.press("s")
    await wait_for(pilot, lambda: isinstance(app.screen, SetupDialog))
    await pilot.press("enter")
    batch_id = _batch_named(counter.sandbox, "Bench batch")
    await wait_for(pilot, lambda: counter.sandbox.world.batches[batch_id].status != "UNINITIALISED")
    await counter.let_time_pass(pilot, 5, lambda: "→ READY" in screen_text(app))
    await pilot.press("L")
    await wait_for(pilot, lambda: isinstance(app.screen, StudyLaunchScreen))
    launch = app.screen
    assert isinstance(launch, StudyLaunchScreen)
    await wait_for(pilot, lambda: launch.loaded)
    await pilot.press("ctrl+s")
    await wait_for(pilot, lambda: launch.study is not None and launch.api_cost is not None)
    await pilot.press("ctrl+g")
    await wait_for(pilot, lambda: isinstance(app.screen, ConfirmSpendScreen))
    confirm = app.screen
    assert isinstance(confirm, ConfirmSpendScreen)
    await pilot.press(*confirm.accepted[0], "enter")  # typed, as the dialog asks
    await wait_for(pilot, lambda: isinstance(app.screen, StudyDetailScreen))
    await pilot.press("m")
    await wait_for(pilot, lambda: isinstance(app.screen, MonitorScreen))
    monitor = app.screen
    assert isinstance(monitor, MonitorScreen)
    await wait_for(pilot, lambda: monitor.clock.updated_at is not None)
    await counter.let_time_pass(pilot, 30, lambda: _has_responses(screen_text(app)))


def _table_loaded(app: AtbApp) -> bool:
    views = app.screen.query(DataView)
    return bool(views) and views.first().loaded


def _offers(select: Select[str], value: str) -> bool:
    return any(option_value == value for _, option_value in select._options)


def _batch_named(sandbox: Sandbox, name: str) -> str:
    return next(b.id for b in sandbox.world.batches.values() if b.name == name)


def _has_responses(text: str) -> bool:
    return " / " in text and "responses" in text and "0 / " not in text


async def count_requests() -> Counter:
    """What the app sent for one run of the workflow."""
    with tempfile.TemporaryDirectory(prefix="atb-bench-workflow-") as folder:
        # Like the tests: no saved profile, place or setting of the user's changes a run.
        os.environ["ATB_TUI_CONFIG_DIR"] = str(Path(folder) / "config")
        os.environ.pop("PROLIFIC_TOKEN", None)
        sandbox = make_sandbox()
        counter = Counter(sandbox)
        app = clocked_app(sandbox)
        csv = Path(folder) / "bench_reviews.csv"
        csv.write_text(CSV, encoding="utf-8")
        async with app.run_test(size=(120, 35)) as pilot:
            await drive(pilot, counter, csv)
    return counter


def run() -> dict[str, float]:
    """The app's requests for the workflow (polls excluded), the minimum, and their ratio."""
    counter = asyncio.run(count_requests())
    sent, polls = counter.seen - counter.polls, counter.polls
    minimum = len(MINIMUM)
    print("workflow requests by endpoint (polls left out):")
    for endpoint, count in counter.breakdown():
        print(f"  {count:3}  {endpoint}")
    return {
        "workflow_requests": sent,
        "workflow_polls_excluded": polls,
        "workflow_min_requests": minimum,
        "workflow_requests_ratio_vs_min": round(sent / minimum, 2),
    }


if __name__ == "__main__":
    for key, value in run().items():
        print(f"{key:<32} {value}")

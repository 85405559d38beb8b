"""Dataset steps and sample files: write a file, preview it as a new dataset, open a dataset.

Files go to a fixed folder under the system temp dir, so the path on screen is the same on every
run (the snapshots show it).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input

from atb_tui.app import AtbApp
from atb_tui.screens.command_line import CommandLineScreen
from atb_tui.screens.dataset_detail import DatasetDetailScreen
from atb_tui.screens.dataset_new import DatasetNewScreen
from atb_tui.widgets.data_view import DataView
from tests.helpers.app import sandbox_of
from tests.helpers.navigation import open_area
from tests.helpers.sandbox import item_named
from tests.helpers.waits import wait_for

FILES = Path(tempfile.gettempdir()) / "atb-tui-snapshots"


GOOD_CSV = "review,META_TASK_GROUP_ID,META_source\n" + "".join(
    f"Review number {n}: {'loved it' if n % 3 else 'not for me'},thread-{n % 4},import\n"
    for n in range(1, 41)
)


BROKEN_CSV = "review,rating,\nGreat film,5,\nToo long\nFine,3,x\n"


JSONL = "".join(
    f'{{"text": "Turn {n}", "image": "https://img.example/{n}.png", "task_group_id": "c{n % 2}"}}\n'
    for n in range(1, 7)
)


def write_file(name: str, content: str, folder: Path = FILES) -> Path:
    """A file with this content (the folder is created as needed)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(content, encoding="utf-8")
    return path


async def open_new_dataset(pilot: Pilot[None]) -> DatasetNewScreen:
    """Datasets screen, then `n`."""
    app = await open_area(pilot, "datasets")
    await pilot.press("n")
    await wait_for(pilot, lambda: isinstance(app.screen, DatasetNewScreen))
    assert isinstance(app.screen, DatasetNewScreen)
    return app.screen


async def preview(pilot: Pilot[None], path: Path) -> DatasetNewScreen:
    """Type the path and press Enter; wait for the preview."""
    screen = await open_new_dataset(pilot)
    screen.query_one("#path", Input).value = str(path)
    await pilot.press("enter")
    await wait_for(pilot, lambda: screen.inspection is not None and screen.inspection.path == path)
    await wait_for(pilot, lambda: screen.shown_path == path)
    await pilot.pause()
    return screen


async def open_dataset(pilot: Pilot[None], name: str) -> DatasetDetailScreen:
    """`:dataset <id>` for the sandbox dataset called `name`; wait until it is shown."""
    app: AtbApp = (await open_area(pilot, "datasets")).app  # type: ignore[assignment]
    dataset_id = item_named(sandbox_of(pilot).world.datasets, name)
    await pilot.press("colon")
    await wait_for(pilot, lambda: isinstance(app.screen, CommandLineScreen))
    app.screen.query_one(Input).value = f"dataset {dataset_id}"
    await pilot.press("enter")
    await wait_for(pilot, lambda: isinstance(app.screen, DatasetDetailScreen))
    screen = app.screen
    assert isinstance(screen, DatasetDetailScreen)
    await wait_for(pilot, lambda: screen.dataset is not None)
    await wait_for(pilot, lambda: settled(screen))
    await pilot.pause()
    return screen


def settled(screen: DatasetDetailScreen) -> bool:
    """Data shown and focus where it stays: on the import report, or nowhere for V3."""
    report = screen.query_one(DataView)
    expected = report.table if report.display else None
    return screen.dataset is not None and screen.focused is expected and not screen.clock.polling

"""`x` in the response viewer: export exactly what the current view shows after the filter.

Asks for the format and the file (default: the user's downloads folder), asks again before
replacing an existing file, and writes through a temporary file renamed into place. The writing
runs in a thread; a line under the title shows "rows written / total" while it runs (updated a
few times a second at most, so a large export shows it moving and a small one just finishes).
"""

from __future__ import annotations

import asyncio
import re
from pathlib import Path
from typing import TYPE_CHECKING

from textual.css.query import NoMatches
from textual.widgets import Static

from atb_tui.flows.responses import (
    RowsWritten,
    default_export_dir,
    export_indices,
    export_to_path,
)
from atb_tui.screens.confirm_dialogs import ChoiceScreen, PromptScreen
from atb_tui.views.responses.export import FORMATS, SUFFIXES
from atb_tui.views.responses.viewer import ViewerState

PROGRESS_LINE = "#export-progress"

if TYPE_CHECKING:
    from atb_tui.screens.responses import ResponsesScreen


def export_view(screen: ResponsesScreen, state: ViewerState, batch_name: str) -> None:
    """Start the export dialog (a worker, so it can wait for the user's answers)."""
    screen.run_worker(
        _export(screen, state, batch_name), group="responses-export", exclusive=True,
        exit_on_error=False,
    )  # fmt: skip


def default_name(batch_name: str, view: str, fmt: str) -> str:
    """`sentiment-pilot-responses-long.csv`: readable, safe on every file system."""
    slug = re.sub(r"[^a-z0-9]+", "-", batch_name.lower()).strip("-") or "batch"
    return f"{slug}-{view}-{fmt}{SUFFIXES[fmt]}"


async def _export(screen: ResponsesScreen, state: ViewerState, batch_name: str) -> None:
    app = screen.app
    rows = len(screen.table.model)
    message = f"{rows:,} rows of {state.view} after the filter"
    if state.query_text:
        message += f" ({state.query_text})"
    fmt = await app.push_screen_wait(ChoiceScreen("Export", message, list(FORMATS.items())))
    if fmt is None:
        return
    suggested = default_export_dir() / default_name(batch_name, state.view, fmt)
    answer = await app.push_screen_wait(PromptScreen("Save to", "Enter saves.", str(suggested)))
    if answer is None:
        return
    path = _target(answer)
    overwrite = False
    if await asyncio.to_thread(path.exists):
        choice = await app.push_screen_wait(
            ChoiceScreen("Replace?", f"{path} already exists.",
                         [("keep", "Keep it (cancel)"), ("replace", "Replace it")])
        )  # fmt: skip
        if choice != "replace":
            return
        overwrite = True
    progress = ExportProgress(screen, _total(state, fmt))
    progress.show(0)
    try:
        written = await asyncio.to_thread(_write, state, fmt, path, overwrite, progress)
    except OSError as error:
        app.notify(f"Could not export: {error}", severity="error")
        return
    finally:
        progress.hide()
    app.notify(f"Saved {written:,} rows to {path}", title="Export")


class ExportProgress:
    """Rows written / total on the screen's export line; called from the writing thread."""

    def __init__(self, screen: ResponsesScreen, total: int) -> None:
        self.screen = screen
        self.total = total
        self.reported: list[int] = []  # what the line showed, in order (tests read it)
        screen.export_progress = self

    def __call__(self, written: int) -> None:
        self.screen.app.call_from_thread(self.show, written)

    def show(self, written: int) -> None:
        self.reported.append(written)
        line = self._line()
        if line is not None:
            line.update(f"Exporting… {written:,} / {self.total:,} rows")
            line.display = True

    def hide(self) -> None:
        line = self._line()
        if line is not None:
            line.display = False

    def _line(self) -> Static | None:
        """The progress line, or None once the screen is gone (the file must still finish)."""
        try:
            return self.screen.query_one(PROGRESS_LINE, Static)
        except NoMatches:
            return None


def _total(state: ViewerState, fmt: str) -> int:
    """Data rows the export will write (the header is not counted)."""
    if fmt == "table":
        return len(state.model())
    indices = export_indices(state)
    if fmt == "wide":
        return len({state.store.task[i] for i in indices})
    return len(indices)


def _target(answer: str) -> Path:
    """The file the user typed (`~` expanded)."""
    return Path(answer).expanduser()


def _write(state: ViewerState, fmt: str, path: Path, overwrite: bool, progress: RowsWritten) -> int:
    return export_to_path(state, fmt, path, overwrite=overwrite, progress=progress)

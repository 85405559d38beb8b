"""The response viewer on a downloaded export ZIP: the same four views and filter, offline.

Opened after an export is downloaded (exports screen) or with `:open FILE.zip`. Nothing is
asked of the API: the rows, instructions and datapoints all come from the archive, and the
poll clock stops after the one read (nothing in a file changes).
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from textual.widgets import Static

from atb_tui.screens.responses import ResponsesScreen
from atb_tui.views.responses.store import ResponseStore
from atb_tui.views.responses.viewer import ViewerState
from atb_tui.views.responses.zip_source import ExportZipError, ZipResponses, read_export_zip


class ZipResponsesScreen(ResponsesScreen):
    """Responses of an export ZIP on disk."""

    SCREEN_ID = "responses-zip"

    def __init__(self, workspace_id: str, workspace_title: str, path: Path) -> None:
        super().__init__(workspace_id, workspace_title, str(path))
        self.path = path
        self.loaded: ZipResponses | None = None

    def trail(self) -> tuple[str, ...]:
        name = self.loaded.name if self.loaded else self.path.name
        return (self.workspace_title, "Export", name, "Responses")

    async def _poll(self) -> list[str]:
        if self.state is not None:
            return []  # a file does not change: nothing to fetch again
        try:
            self.loaded = await asyncio.to_thread(read_export_zip, self.path)
        except ExportZipError as error:
            self.query_one("#progress", Static).update(f"Cannot open the ZIP: {error}")
            self.table.empty_message = "Nothing to show."
            return []
        title = f"Responses  ·  {self.loaded.name}  ·  offline, from {self.path.name}"
        self.query_one("#title", Static).update(title)
        self.refresh_chrome()
        store = ResponseStore(self.loaded.instructions)
        store.add(self.loaded.rows)
        self.state = ViewerState(store)
        self.load_datapoints()
        return []

    def load_datapoints(self) -> None:  # type: ignore[override]
        """The archive's own datapoints (no report to fetch)."""
        if self.state is None or self.loaded is None:
            return
        self.state.datapoints = self.loaded.datapoints
        self.datapoint_source = f"offline: {self.path}"
        self._show_model(keep_position=False)
        self._show_progress()

"""Base for a workspace area (batches, datasets, studies, collections): a filterable table."""

from __future__ import annotations

from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.screen import ModalScreen
from textual.widgets import Static

from atb_tui.api.errors import ProlificError
from atb_tui.commands import TABLE_COMMANDS, bindings
from atb_tui.messages import OpenItem
from atb_tui.screens.base import AtbScreen
from atb_tui.widgets.chrome import key_hint
from atb_tui.widgets.data_view import DataView, Row


class AreaScreen(AtbScreen):
    """A table of one kind of thing in a workspace. Subclasses fetch rows and open one."""

    TITLE_TEXT: ClassVar[str] = ""
    ITEM_KIND: ClassVar[str] = ""  # what a row opens: a key of navigation.ITEM_SCREENS
    # (command id, what its key does here): the keys themselves come from the registry.
    HINT: ClassVar[tuple[tuple[str, str], ...]] = (
        ("table.open", "opens"),
        ("table.filter", "filters"),
        ("table.refresh", "refreshes"),
    )
    COLUMNS: ClassVar[tuple[tuple[str, str], ...]] = ()
    EMPTY: ClassVar[str] = "Nothing here yet."
    BINDINGS = bindings(*TABLE_COMMANDS[:1], TABLE_COMMANDS[-1])

    def __init__(self, workspace_id: str, workspace_title: str) -> None:
        super().__init__()
        self.workspace_id = workspace_id
        self.workspace_title = workspace_title
        self.initial_filter = ""
        self.covered = False  # another screen has been on top since the last load

    def compose_body(self) -> ComposeResult:
        yield Static(f"{self.TITLE_TEXT}  ·  {self.hint()}", classes="screen-title")
        yield DataView(self.COLUMNS, empty_message=self.EMPTY, id=f"{self.SCREEN_ID}-table")

    def hint(self) -> str:
        """The title line's key hints, with the keys as currently bound."""
        return "  ·  ".join(f"{key_hint(self.app, cid)} {words}" for cid, words in self.HINT)

    def trail(self) -> tuple[str, ...]:
        return (self.workspace_title, self.TITLE_TEXT)

    @property
    def view(self) -> DataView:
        return self.query_one(DataView)

    def on_mount(self) -> None:
        self.view.focus_table()
        self.action_refresh()

    def action_refresh(self) -> None:
        self.load()

    async def action_filter(self) -> None:
        # `/` with the focus outside the table (the table has its own)
        await self.view.action_filter()

    def on_screen_suspend(self) -> None:
        # Under a full screen (an item, an editor) what is listed may change. A dialog on top
        # (a new-item form) changes nothing by itself: what it creates opens as a full screen.
        if not isinstance(self.app.screen, ModalScreen):
            self.covered = True

    def reload_when_uncovered(self) -> None:
        """Re-read after another screen covered this one (what it did may belong here), but
        not when first shown, and not while a jump passes through on its way elsewhere."""
        if self.covered and self.view.loaded:
            # After the app's navigation under way has finished (its handlers run one at a
            # time): passed through, the screen is not current then and stays covered.
            self.app.call_later(self._reload_if_current)

    def _reload_if_current(self) -> None:
        if self.covered and self.app.screen is self:  # not `is_current`: true under the top too
            self.covered = False
            self.load()

    @work(exclusive=True, group="area-load", exit_on_error=False)
    async def load(self) -> None:
        try:
            rows = await self.fetch_rows()
        except ProlificError as error:
            if not self.view.loaded:
                self.view.show_message(f"Could not load: {error.message}  (r retries)")
            raise
        self.view.set_rows(rows)
        if self.initial_filter:
            self.view.filter_text, self.initial_filter = self.initial_filter, ""

    async def fetch_rows(self) -> list[Row]:
        """The rows to show; runs in a worker."""
        raise NotImplementedError

    def open_row(self, key: str) -> None:
        """Open the chosen row."""
        if self.ITEM_KIND:
            self.navigate(OpenItem(self.ITEM_KIND, key))

    @on(DataView.Chosen)
    def _chosen(self, event: DataView.Chosen) -> None:
        self.open_row(event.key)

"""A data table with a `/` filter, vim keys, an empty state and minimal redraws.

Screens hand it rows; it never fetches anything. Updating with the same rows redraws nothing
(the monitor relies on that to stay cheap over SSH); changed cells are updated in place.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import DataTable, Input, Static

from atb_tui.commands import REGISTRY, bindings

Cell = str | Text


@dataclass(frozen=True)
class Row:
    """One table row: a stable key (usually an id) and its cells."""

    key: str
    cells: tuple[Cell, ...]

    def matches(self, needle: str) -> bool:
        """Whether any cell contains the filter text (case-insensitive)."""
        return any(needle in str(cell).lower() for cell in self.cells) or needle in self.key.lower()


class VimTable(DataTable[Cell]):
    """DataTable with Enter, j/k/g/G from the command registry (so `?` lists them)."""

    BINDINGS = bindings("table.open", "table.down", "table.up", "table.top", "table.bottom")


class DataView(Vertical):
    """Filterable table. Posts `DataView.Chosen` when the user presses Enter on a row."""

    BINDINGS = [
        # A priority binding runs in the app's own loop, before the next key is handed on, so
        # keys typed right after `/` land in the filter (as a widget binding it would run only
        # after they had gone to the table). `check_action` lets a `/` typed in the filter in.
        replace(REGISTRY["table.filter"].binding(), priority=True),
        Binding("escape", "clear_filter", "Clear filter", show=False),
    ]

    class Chosen(Message):
        """The user chose a row."""

        def __init__(self, view: DataView, key: str) -> None:
            super().__init__()
            self.view = view
            self.key = key

        @property
        def control(self) -> DataView:
            return self.view

    filter_text: reactive[str] = reactive("", init=False)

    def __init__(
        self,
        columns: Sequence[tuple[str, str]],
        *,
        empty_message: str = "Nothing here yet.",
        id: str | None = None,
    ) -> None:
        super().__init__(id=id, classes="data-view")
        self._columns = list(columns)
        self._rows: list[Row] = []
        self._shown: list[Row] = []
        self.empty_message = empty_message
        self._empty_shown = ""
        self.loaded = False

    def compose(self) -> ComposeResult:
        # The filter's Input is mounted by the first `/`: most tables are never filtered, and
        # an Input's styles are a noticeable part of the first frame's time.
        table = VimTable(cursor_type="row", zebra_stripes=True)
        self._add_columns(table)
        yield table
        yield Static(self.empty_message, classes="empty-state")

    def on_mount(self) -> None:
        self._update_empty_state()

    @property
    def filter_input(self) -> Input | None:
        """The filter's text field, once `/` has opened it."""
        found = self.query(Input)
        return found.first() if found else None

    def _add_columns(self, table: VimTable) -> None:
        # As Text: a str label is parsed as Rich markup, whose emoji pass loads Rich's emoji
        # table (~2.5 ms of the first frame); a heading is plain text, "[" included.
        for key, label in self._columns:
            table.add_column(Text(label), key=key)

    @property
    def table(self) -> VimTable:
        return self.query_one(VimTable)

    @property
    def rows(self) -> list[Row]:
        """Every row, filtered or not."""
        return list(self._rows)

    @property
    def visible_keys(self) -> list[str]:
        """Keys of the rows the filter lets through, in display order."""
        return [row.key for row in self._shown]

    @property
    def cursor_key(self) -> str | None:
        """Key of the highlighted row."""
        if not self._shown or self.table.cursor_row < 0:
            return None
        return self._shown[min(self.table.cursor_row, len(self._shown) - 1)].key

    def set_rows(self, rows: Sequence[Row]) -> None:
        """Show these rows, redrawing only what changed."""
        self.loaded = True
        self._rows = list(rows)
        self._apply()

    def set_columns(self, columns: Sequence[tuple[str, str]]) -> None:
        """Show other columns (e.g. fewer on a narrow terminal); hand in matching rows next."""
        self._columns = list(columns)
        table = self.table
        table.clear(columns=True)
        self._add_columns(table)
        self._rows, self._shown = [], []
        self._update_empty_state()

    def show_message(self, text: str) -> None:
        """Replace the empty state with a message (e.g. why loading failed)."""
        empty = self.query_one(".empty-state", Static)
        self._empty_shown = text
        empty.update(text)
        empty.display = True

    def focus_table(self) -> None:
        self.table.focus()

    def _apply(self) -> None:
        needle = self.filter_text.lower()
        shown = [row for row in self._rows if row.matches(needle)] if needle else list(self._rows)
        if [r.key for r in shown] == [r.key for r in self._shown]:
            self._update_cells(shown)
        else:
            self._rebuild(shown)
        self._shown = shown
        self._update_empty_state()

    def _update_cells(self, shown: list[Row]) -> None:
        for old, new in zip(self._shown, shown, strict=True):
            for (column_key, _), before, after in zip(
                self._columns, old.cells, new.cells, strict=False
            ):
                if before != after:  # a longer value widens its column, never cut off
                    self.table.update_cell(new.key, column_key, after, update_width=True)

    def _rebuild(self, shown: list[Row]) -> None:
        selected = self.cursor_key
        table = self.table
        table.clear()
        for row in shown:
            table.add_row(*row.cells, key=row.key)
        keys = [row.key for row in shown]
        if selected in keys:
            table.move_cursor(row=keys.index(selected), animate=False)

    def _update_empty_state(self) -> None:
        if not self.loaded:
            message = "Loading…"
        elif self._rows and not self._shown:
            message = f"No rows match “{self.filter_text}”. Esc clears the filter."
        else:
            message = self.empty_message
        empty = self.query_one(".empty-state", Static)
        if message != self._empty_shown:  # an update relayouts, repainting the whole table
            self._empty_shown = message
            empty.update(message)
        empty.display = not self._shown

    async def action_filter(self) -> None:
        filter_input = self.filter_input
        if filter_input is None:
            filter_input = Input(placeholder="filter…  (Esc clears)", classes="filter-input")
            await self.mount(filter_input, before=self.table)
        filter_input.display = True
        # Focused now, not through `focus()`'s queued callback: keys typed right after `/`
        # are already queued behind this one and must land in the filter.
        self.screen.set_focus(filter_input)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # With no filter open, Esc falls through to the app's "back".
        filter_input = self.filter_input
        if action == "clear_filter":
            return filter_input is not None and filter_input.display
        if action == "filter":
            return filter_input is None or not filter_input.has_focus
        return True

    def action_clear_filter(self) -> None:
        filter_input = self.filter_input
        if filter_input is not None:
            filter_input.value = ""
            filter_input.display = False
        self.focus_table()

    @on(Input.Changed)
    def _filter_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.filter_text = event.value

    @on(Input.Submitted)
    def _filter_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.focus_table()

    def watch_filter_text(self) -> None:
        self._apply()

    @on(DataTable.RowSelected)
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value is not None:
            self.post_message(self.Chosen(self, event.row_key.value))

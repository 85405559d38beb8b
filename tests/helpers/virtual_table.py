"""A synthetic table model of any size and a one-widget app, for the VirtualTable tests,
snapshots and benchmark."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import App, ComposeResult
from textual.screen import Screen
from textual.widgets import Footer

from atb_tui.views.table_model import Column
from atb_tui.widgets.virtual_table import VirtualTable

COLUMNS = (
    Column("id", "ID", width=8, priority=10),
    Column("participant", "Participant", priority=5),
    Column("instruction", "Instruction", priority=3),
    Column("answer", "Answer", priority=8),
    Column("seconds", "Seconds", align="right", priority=1),
    Column("comment", "Comment", priority=0),
)
ANSWERS = ("positive", "negative", "neutral", "unsure — needs a second look")


class SyntheticModel:
    """`count` rows computed on demand; `keys` re-filters to a subset of row numbers."""

    def __init__(self, count: int, keys: Sequence[int] | None = None) -> None:
        self._rows: Sequence[int] = range(count) if keys is None else keys

    @property
    def columns(self) -> Sequence[Column]:
        return COLUMNS

    def __len__(self) -> int:
        return len(self._rows)

    def cell(self, row: int, column: int) -> str:
        n = self._rows[row]
        values = (
            f"R{n:07d}",
            f"P{(n * 7919) % 1000:04d}",
            f"Q{n % 5}",
            ANSWERS[n % len(ANSWERS)],
            f"{(n * 37) % 600}",
            "fine" if n % 3 else "took a while, the text was long and hard to follow",
        )
        return values[column]

    def cell_style(self, row: int, column: int) -> str | None:
        return "red" if column == 3 and self._rows[row] % 4 == 1 else None

    def row_key(self, row: int) -> str:
        return f"R{self._rows[row]:07d}"


class TableApp(App[None]):
    """Only a VirtualTable, focused."""

    def __init__(self, model: SyntheticModel, empty_message: str = "Nothing to show.") -> None:
        super().__init__()
        self.model = model
        self.empty_message = empty_message
        self.chosen: list[VirtualTable.Chosen] = []
        self.moved: list[VirtualTable.CursorMoved] = []
        self.sorts: list[int] = []

    def compose(self) -> ComposeResult:
        yield VirtualTable(self.model, empty_message=self.empty_message)

    @property
    def table(self) -> VirtualTable:
        return self.query_one(VirtualTable)

    def on_virtual_table_chosen(self, message: VirtualTable.Chosen) -> None:
        self.chosen.append(message)

    def on_virtual_table_cursor_moved(self, message: VirtualTable.CursorMoved) -> None:
        self.moved.append(message)

    def on_virtual_table_sort_requested(self, message: VirtualTable.SortRequested) -> None:
        self.sorts.append(message.column_index)


class TableScreen(Screen[None]):
    """A VirtualTable on a screen of its own, pushed over the real app (snapshots)."""

    def __init__(self, model: SyntheticModel) -> None:
        super().__init__()
        self.model = model

    def compose(self) -> ComposeResult:
        yield VirtualTable(self.model, empty_message="No responses yet.")
        yield Footer()

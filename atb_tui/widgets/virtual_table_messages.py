"""What a VirtualTable tells its screen: the cursor moved, a row was chosen, a sort was asked.

Exposed as `VirtualTable.CursorMoved`, `VirtualTable.Chosen` and `VirtualTable.SortRequested`;
handlers are `on_virtual_table_cursor_moved` and so on.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from atb_tui.widgets.virtual_table import VirtualTable


class _TableMessage(Message):
    def __init__(self, table: VirtualTable) -> None:
        super().__init__()
        self.table = table

    @property
    def control(self) -> VirtualTable:
        return self.table


class CursorMoved(_TableMessage, namespace="virtual_table"):
    """The cursor moved to another row."""

    def __init__(self, table: VirtualTable, row: int, key: str) -> None:
        super().__init__(table)
        self.row = row
        self.key = key


class Chosen(_TableMessage, namespace="virtual_table"):
    """The user pressed Enter (or double-clicked) on a row."""

    def __init__(self, table: VirtualTable, row: int, key: str) -> None:
        super().__init__(table)
        self.row = row
        self.key = key


class SortRequested(_TableMessage, namespace="virtual_table"):
    """The user asked to sort by a column; the model sorts, then `set_model` shows it."""

    def __init__(self, table: VirtualTable, column_index: int) -> None:
        super().__init__(table)
        self.column_index = column_index

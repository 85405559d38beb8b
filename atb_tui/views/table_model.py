"""What a windowed table shows: columns, a row source, and how columns fit a width.

No Textual here. A `TableModel` hands out one cell at a time, so a table of 100,000 rows costs
nothing until a row is on screen; `layout_columns` decides which columns fit a width (dropping
the lowest priority first) and how wide each one is. Widths are measured by the caller (the
widget knows terminal cell widths) and passed in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, Protocol, runtime_checkable

# A fitted column never grows past this: one long free-text answer must not starve the others.
MAX_FITTED_WIDTH = 40
# A fitted column may be squeezed down to this (or its natural width, if smaller).
MIN_FITTED_WIDTH = 8
# Columns are dropped (lowest priority first) until the rest fit at this width or their natural
# one: a squeezed "Comme…" column helps nobody, and its room is better spent on the others.
COMFORTABLE_WIDTH = 20
# Blank cells around each cell's text.
CELL_PADDING = 2


@dataclass(frozen=True)
class Column:
    """One column of a table."""

    key: str
    title: str
    width: int | None = None  # None: fit to the content of a bounded sample of rows
    align: Literal["left", "right"] = "left"
    priority: int = 0  # higher priority kept; lower dropped first when narrow


class TableModel(Protocol):
    """Rows the table can ask for by index. Optional: `cell_style(row, column) -> str | None`."""

    @property
    def columns(self) -> Sequence[Column]: ...

    def __len__(self) -> int: ...

    def cell(self, row: int, column: int) -> str: ...

    def row_key(self, row: int) -> str: ...


@runtime_checkable
class StyledTableModel(TableModel, Protocol):
    """A model that also colours some cells (a Rich style string, or None for the default)."""

    def cell_style(self, row: int, column: int) -> str | None: ...


class ListTableModel:
    """A model over rows held in memory: `rows[i]` is a sequence of cell strings."""

    def __init__(
        self,
        columns: Sequence[Column],
        rows: Sequence[Sequence[str]],
        keys: Sequence[str] | None = None,
    ) -> None:
        self._columns = tuple(columns)
        self._rows = rows
        self._keys = keys

    @property
    def columns(self) -> Sequence[Column]:
        return self._columns

    def __len__(self) -> int:
        return len(self._rows)

    def cell(self, row: int, column: int) -> str:
        return self._rows[row][column]

    def row_key(self, row: int) -> str:
        return self._keys[row] if self._keys is not None else str(row)


class EmptyTableModel:
    """No columns, no rows: what a table shows before it is given data."""

    columns: tuple[Column, ...] = ()

    def __len__(self) -> int:
        return 0

    def cell(self, row: int, column: int) -> str:
        raise IndexError(row)

    def row_key(self, row: int) -> str:
        raise IndexError(row)


def find_key(model: TableModel, key: str, hint: int) -> int | None:
    """Index of the row with this key, checking `hint` first (the usual case after appends)."""
    if 0 <= hint < len(model) and model.row_key(hint) == key:
        return hint
    return next((row for row in range(len(model)) if model.row_key(row) == key), None)


def sample_rows(total: int, window: range, size: int = 100) -> list[int]:
    """Rows to measure fitted widths on: the first and last `size` rows and the visible window."""
    picked = set(range(min(size, total)))
    picked.update(range(max(0, total - size), total))
    picked.update(row for row in window if 0 <= row < total)
    return sorted(picked)


@dataclass(frozen=True)
class ColumnLayout:
    """Which model columns are shown, in model order, and the text width of each."""

    shown: tuple[int, ...]
    widths: tuple[int, ...]
    hidden: int

    def width_of(self, column: int) -> int:
        """Text width of a shown column."""
        return self.widths[self.shown.index(column)]


def hidden_note(hidden: int) -> str:
    """What the header says about columns that did not fit (empty when none are hidden)."""
    return f" +{hidden} hidden " if hidden else ""


def layout_columns(
    columns: Sequence[Column], natural: Sequence[int], available: int
) -> ColumnLayout:
    """Fit columns into `available` cells; `natural[i]` is column i's preferred text width.

    Lowest priority columns go first (the rightmost among equals) until the rest fit at a
    comfortable width; the header's "+N hidden" note gets room. Spare room then goes to the
    highest priority columns first: up to a comfortable width for all, then up to natural.
    """
    minimum = [_min_width(column, width) for column, width in zip(columns, natural, strict=True)]
    comfortable = [
        max(low, min(width, COMFORTABLE_WIDTH)) for low, width in zip(minimum, natural, strict=True)
    ]
    drop_order = sorted(range(len(columns)), key=lambda i: (columns[i].priority, -i))
    shown = set(range(len(columns)))
    for candidate in drop_order:
        if len(shown) <= 1 or _fits(shown, comfortable, available, len(columns) - len(shown)):
            break
        shown.remove(candidate)
    ordered = tuple(sorted(shown))
    room = available - len(hidden_note(len(columns) - len(ordered)))
    by_priority = sorted(range(len(ordered)), key=lambda p: -columns[ordered[p]].priority)
    widths = [minimum[i] for i in ordered]
    spare = room - sum(widths) - CELL_PADDING * len(ordered)
    for caps in (comfortable, natural):
        spare = _grow(widths, [caps[i] for i in ordered], by_priority, spare)
    if spare < 0 and widths:
        # Even the columns kept do not fit at their minimum: the last one takes the cut.
        widths[-1] = max(1, widths[-1] + spare)
    return ColumnLayout(ordered, tuple(widths), len(columns) - len(ordered))


def _min_width(column: Column, natural: int) -> int:
    if column.width is not None:
        return column.width
    return min(natural, MIN_FITTED_WIDTH)


def _fits(shown: set[int], widths: Sequence[int], available: int, hidden: int) -> bool:
    used = sum(widths[i] + CELL_PADDING for i in shown)
    return used + len(hidden_note(hidden)) <= available


def _grow(widths: list[int], caps: Sequence[int], order: Sequence[int], spare: int) -> int:
    """Widen `widths` in place towards `caps`, in `order`, from `spare` cells; what is left."""
    for position in order:
        extra = max(0, min(spare, caps[position] - widths[position]))
        widths[position] += extra
        spare -= extra
    return spare

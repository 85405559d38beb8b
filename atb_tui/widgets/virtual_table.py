"""A table that shows 100,000+ rows at the cost of the rows on screen.

Built on Textual's Line API (like Textual's own Log and Textualize's toolong): a ScrollView
whose virtual height is the row count plus a fixed header line, and `render_line` asks the
`TableModel` only for the rows in view. Rendered rows are kept in an LRU cache keyed by row and
width, dropped whenever the model, the layout or the styles change. Live updates go through
`set_model`, which keeps the cursor on the same row key and leaves the scroll offset alone.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from atb_tui.commands import VIRTUAL_TABLE_COMMANDS, bindings
from atb_tui.views.table_model import (
    MAX_FITTED_WIDTH,
    ColumnLayout,
    EmptyTableModel,
    TableModel,
    find_key,
    hidden_note,
    layout_columns,
    sample_rows,
)
from atb_tui.widgets import virtual_table_messages as messages
from atb_tui.widgets.table_render import cells_strip, fit_text, header_strip

CellStyle = Callable[[int, int], "str | None"]
SORT_MARKS = {False: " ▲", True: " ▼"}


class VirtualTable(ScrollView, can_focus=True):
    """A windowed table over a `TableModel`; only the rows in view are ever rendered."""

    BINDINGS = bindings(*VIRTUAL_TABLE_COMMANDS)

    COMPONENT_CLASSES = {
        "virtual-table--header",
        "virtual-table--header-cursor",
        "virtual-table--cursor",
        "virtual-table--cursor-cell",
        "virtual-table--empty",
        "virtual-table--hidden-note",
    }

    DEFAULT_CSS = """
    VirtualTable {
        height: 1fr;
        overflow-x: hidden;
        background: $surface;
        color: $foreground;
        & > .virtual-table--header { text-style: bold; background: $panel; color: $foreground; }
        & > .virtual-table--header-cursor { background: $accent-darken-1; color: $foreground; }
        & > .virtual-table--hidden-note { background: $panel; color: $text-muted; }
        & > .virtual-table--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
        }
        & > .virtual-table--cursor-cell { text-style: bold underline; }
        & > .virtual-table--empty { color: $text-muted; text-style: italic; }
        &:focus > .virtual-table--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
        }
    }
    """

    CursorMoved = messages.CursorMoved
    Chosen = messages.Chosen
    SortRequested = messages.SortRequested

    sort_column: reactive[int | None] = reactive(None, init=False)
    sort_descending: reactive[bool] = reactive(False, init=False)
    empty_message: reactive[str] = reactive("Nothing to show.", init=False)

    def __init__(
        self,
        model: TableModel | None = None,
        *,
        empty_message: str = "Nothing to show.",
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.set_reactive(VirtualTable.empty_message, empty_message)
        self._model: TableModel = EmptyTableModel()
        self._cell_style: CellStyle | None = None
        self._natural: list[int] = []
        self._layout: tuple[tuple[int, int | None], ColumnLayout] | None = None
        self._lines: LRUCache[tuple[int, int], Strip] = LRUCache(1024)
        self._styles: dict[tuple[tuple[str, ...], bool], Style] = {}
        self._width = 0
        self._cursor_row = 0
        self._cursor_column = 0
        if model is not None:
            self.set_model(model, keep_position=False)

    # --- what the screen reads -------------------------------------------------------------

    @property
    def model(self) -> TableModel:
        return self._model

    @property
    def cursor_row(self) -> int:
        """Index of the cursor row in the model, or -1 when the table is empty."""
        return self._cursor_row if len(self._model) else -1

    @property
    def cursor_key(self) -> str | None:
        """Key of the cursor row, or None when the table is empty."""
        return self._model.row_key(self._cursor_row) if len(self._model) else None

    @property
    def cursor_column(self) -> int:
        """Index (in the model's columns) of the cursor column."""
        return self._cursor_column

    @property
    def cursor_value(self) -> str | None:
        """The text of the cell under the cursor (what a copy command copies)."""
        if not len(self._model) or not self._model.columns:
            return None
        return self._model.cell(self._cursor_row, self._cursor_column)

    @property
    def scroll_row(self) -> int:
        """Index of the first row in view."""
        return round(self.scroll_y)

    @property
    def page_height(self) -> int:
        """How many rows fit under the header."""
        return max(1, self.scrollable_content_region.height - 1)

    @property
    def hidden_columns(self) -> int:
        """How many columns did not fit the current width."""
        return self._current_layout().hidden

    # --- changing the data -----------------------------------------------------------------

    def set_model(self, model: TableModel, *, keep_position: bool = True) -> None:
        """Show `model`; with `keep_position`, stay on the same row key without a scroll jump."""
        old_key, old_row, old_top = self.cursor_key, self._cursor_row, self.scroll_row
        self._model = model
        self._cell_style = getattr(model, "cell_style", None)
        self._natural = self._measure(old_top, keep=keep_position)
        self._invalidate()
        self.virtual_size = Size(0, len(model) + 1)
        self._cursor_column = min(self._cursor_column, max(0, len(model.columns) - 1))
        if not keep_position or old_key is None:
            self._cursor_row = 0
            self._scroll_to_row(0)
        else:
            found = find_key(model, old_key, old_row)
            self._cursor_row = max(0, min(old_row if found is None else found, len(model) - 1))
            # The cursor keeps its place on screen: appends leave the view exactly as it was.
            self._scroll_to_row(old_top + self._cursor_row - old_row)
        new_key = self.cursor_key
        if new_key is not None and new_key != old_key and self.is_attached:
            self.post_message(self.CursorMoved(self, self._cursor_row, new_key))
        self.refresh()

    def move_to_key(self, key: str) -> bool:
        """Put the cursor on the row with this key; False when no row has it."""
        row = find_key(self._model, key, self._cursor_row)
        if row is not None:
            self._move_cursor(row)
        return row is not None

    def _measure(self, top: int, *, keep: bool) -> list[int]:
        """Preferred width of each column, from a bounded sample of rows (never all of them)."""
        model = self._model
        rows = sample_rows(len(model), range(top, top + self.page_height))
        widths = []
        for index, column in enumerate(model.columns):
            if column.width is not None:
                widths.append(column.width)
                continue
            content = max((cell_len(model.cell(row, index)) for row in rows), default=0)
            widths.append(min(MAX_FITTED_WIDTH, max(content, cell_len(column.title))))
        if keep and len(widths) == len(self._natural):
            # Live updates must not make columns jitter narrower and wider.
            widths = [max(new, old) for new, old in zip(widths, self._natural, strict=True)]
        return widths

    def _invalidate(self) -> None:
        self._layout = None
        self._lines.clear()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles.clear()
        self._lines.clear()

    def watch_sort_column(self) -> None:
        self._invalidate()  # the sorted column's title gains a mark, so it may widen
        self.refresh()

    def watch_sort_descending(self) -> None:
        self.refresh()

    def watch_empty_message(self) -> None:
        self.refresh()

    # --- cursor ---------------------------------------------------------------------------

    def _move_cursor(self, row: int) -> None:
        if not len(self._model):
            return
        row = max(0, min(row, len(self._model) - 1))
        self._scroll_cursor_into_view(row)
        if row != self._cursor_row:
            self._cursor_row = row
            self.refresh()
            self.post_message(self.CursorMoved(self, row, self._model.row_key(row)))

    def _scroll_cursor_into_view(self, row: int) -> None:
        top, page = self.scroll_row, self.page_height
        if row < top:
            self._scroll_to_row(row)
        elif row >= top + page:
            self._scroll_to_row(row - page + 1)

    def _scroll_to_row(self, top: int) -> None:
        if not self.is_attached:
            return  # before mount the view is at the top anyway
        top = max(0, min(top, len(self._model) + 1 - self.page_height - 1))
        self.scroll_to(y=top, animate=False, immediate=True)

    def action_cursor_down(self) -> None:
        self._move_cursor(self._cursor_row + 1)

    def action_cursor_up(self) -> None:
        self._move_cursor(self._cursor_row - 1)

    def action_page_down(self) -> None:
        self._page(self.page_height)

    def action_page_up(self) -> None:
        self._page(-self.page_height)

    def _page(self, delta: int) -> None:
        # The view moves a whole page and the cursor with it, as in a pager.
        self._scroll_to_row(self.scroll_row + delta)
        self._move_cursor(self._cursor_row + delta)

    def action_scroll_top(self) -> None:
        self._move_cursor(0)

    def action_scroll_bottom(self) -> None:
        self._move_cursor(len(self._model) - 1)

    def action_cursor_left(self) -> None:
        self._step_column(-1)

    def action_cursor_right(self) -> None:
        self._step_column(1)

    def _step_column(self, step: int) -> None:
        shown = self._current_layout().shown
        if not shown:
            return
        here = shown.index(self._cursor_column) if self._cursor_column in shown else 0
        self._cursor_column = shown[max(0, min(here + step, len(shown) - 1))]
        self.refresh()

    def action_choose(self) -> None:
        if len(self._model):
            key = self._model.row_key(self._cursor_row)
            self.post_message(self.Chosen(self, self._cursor_row, key))

    def action_sort(self) -> None:
        if self._model.columns:
            self.post_message(self.SortRequested(self, self._cursor_column))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        column = self._column_at(offset.x)
        if column is not None:
            self._cursor_column = column
            self.refresh()
        if offset.y == 0:
            if column is not None:
                self.post_message(self.SortRequested(self, column))
            return
        row = self.scroll_row + offset.y - 1
        if row < len(self._model):
            self._move_cursor(row)
            if event.chain >= 2:
                self.action_choose()

    def _column_at(self, x: int) -> int | None:
        layout = self._current_layout()
        for column, width in zip(layout.shown, layout.widths, strict=True):
            if x < width + 2:
                return column
            x -= width + 2
        return None

    # --- rendering ------------------------------------------------------------------------

    def _current_layout(self, width: int | None = None) -> ColumnLayout:
        if width is None:
            width = self.scrollable_content_region.width
        if self._layout is None or self._layout[0] != (width, self.sort_column):
            self._lines.clear()
            natural = list(self._natural)
            if self.sort_column is not None and self.sort_column < len(natural):
                column = self._model.columns[self.sort_column]
                if column.width is None:
                    marked = cell_len(column.title) + len(SORT_MARKS[False])
                    natural[self.sort_column] = max(natural[self.sort_column], marked)
            layout = layout_columns(self._model.columns, natural, width)
            self._layout = ((width, self.sort_column), layout)
            if self._layout[1].shown and self._cursor_column not in self._layout[1].shown:
                self._cursor_column = self._layout[1].shown[0]
        return self._layout[1]

    def render_lines(self, crop: Region) -> list[Strip]:
        # Measured once per frame, not once per line: these lookups cost more than a cached row.
        self._width = self.scrollable_content_region.width
        return super().render_lines(crop)

    def _style(self, *components: str) -> Style:
        """The widget's style plus the named component styles (cached until styles change)."""
        key = (components, self.has_focus)
        style = self._styles.get(key)
        if style is None:
            style = self.rich_style
            for component in components:
                style += self.get_component_rich_style(component)
            self._styles[key] = style
        return style

    def render_line(self, y: int) -> Strip:
        width = self._width
        layout = self._current_layout(width)
        if y == 0:
            return self._render_header(layout, width)
        row = self.scroll_row + y - 1
        if not len(self._model):
            return self._render_empty(width) if y == 1 else Strip.blank(width, self._style())
        if row >= len(self._model):
            return Strip.blank(width, self._style())
        if row == self._cursor_row:
            return self._render_row(row, layout, width, cursor=True)
        cached = self._lines.get((row, width))
        if cached is None:
            cached = self._render_row(row, layout, width, cursor=False)
            self._lines[(row, width)] = cached
        return cached

    def _render_row(self, row: int, layout: ColumnLayout, width: int, *, cursor: bool) -> Strip:
        base = self._style("virtual-table--cursor") if cursor else self._style()
        cursor_cell = self._style("virtual-table--cursor", "virtual-table--cursor-cell")
        columns, model, styled = self._model.columns, self._model, self._cell_style
        cells = []
        for index, text_width in zip(layout.shown, layout.widths, strict=True):
            text = f" {fit_text(model.cell(row, index), text_width, columns[index].align)} "
            style = cursor_cell if cursor and index == self._cursor_column else base
            extra = styled(row, index) if styled is not None else None
            if extra:
                # On the cursor row the cursor colours win; elsewhere the cell's own do.
                style = Style.parse(extra) + style if cursor else style + Style.parse(extra)
            cells.append((text, style))
        return cells_strip(cells, base, width)

    def _render_header(self, layout: ColumnLayout, width: int) -> Strip:
        header = self._style("virtual-table--header")
        current = self._style("virtual-table--header", "virtual-table--header-cursor")
        cells = []
        for index, text_width in zip(layout.shown, layout.widths, strict=True):
            column = self._model.columns[index]
            title = column.title
            if index == self.sort_column:
                title += SORT_MARKS[self.sort_descending]
            style = current if index == self._cursor_column and len(self._model) else header
            cells.append((f" {fit_text(title, text_width, column.align)} ", style))
        note_style = self._style("virtual-table--header", "virtual-table--hidden-note")
        return header_strip(cells, header, hidden_note(layout.hidden), note_style, width)

    def _render_empty(self, width: int) -> Strip:
        text = fit_text(f" {self.empty_message}", width, "left")
        return Strip([Segment(text, self._style("virtual-table--empty"))], width)

"""The response viewer's `/` filter: one filter over the four views, counted as it is typed and
applied in a worker thread (100k rows must never stall the keyboard).

`ViewerFilterScreen` is the half of the viewer that owns the filter line and its status; the
viewer (screens/responses.py) provides the state, the table and `_show_model`.
"""

from __future__ import annotations

from rich.markup import escape
from textual import on, work
from textual.widgets import Input, Static

from atb_tui.commands import bindings
from atb_tui.logic.filter_lang import Filter, FilterError, parse_filter
from atb_tui.screens.polled import PolledScreen
from atb_tui.views.responses.viewer import ViewerState
from atb_tui.widgets.virtual_table import VirtualTable


class FilterInput(Input):
    """The `/` filter line; Esc closes it (letters type, they never run commands)."""

    BINDINGS = bindings("responses.close_filter")

    def action_close_filter(self) -> None:
        screen = self.screen
        if isinstance(screen, ViewerFilterScreen):
            screen.close_filter()


class ViewerFilterScreen(PolledScreen):
    """The filter line of the response viewer (see the module docstring)."""

    state: ViewerState | None = None
    _filter_generation = 0  # a count still running for older text must not show

    @property
    def table(self) -> VirtualTable:
        return self.query_one("#table", VirtualTable)

    def _show_model(self, *, keep_position: bool) -> None:
        """Show the current view's rows (the viewer)."""
        raise NotImplementedError

    def action_filter(self) -> None:
        line = self.query_one("#filter", FilterInput)
        line.display = True
        if self.state is not None:
            line.value = self.state.query_text
        line.focus()

    def close_filter(self) -> None:
        self.query_one("#filter", FilterInput).display = False
        self.query_one("#export-progress", Static).display = False
        query = self.state.query_text if self.state else ""
        self._status(escape(f"filter: {query}") if query else "")
        self.table.focus()

    @on(Input.Changed, "#filter")
    def _typing(self, event: Input.Changed) -> None:
        self._filter_generation += 1  # a count still running for older text must not show
        try:
            query = parse_filter(event.value)
        except FilterError as error:
            self._status(f"[b]Filter:[/b] {escape(str(error))}")
            return
        self._count_matches(query, self._filter_generation)

    @work(exclusive=True, group="responses-count", thread=True, exit_on_error=False)
    def _count_matches(self, query: Filter, generation: int) -> None:
        """Count as the user types (a thread: 100k rows must not stall the keyboard)."""
        if self.state is None:
            return
        count = len(self.state.matching(query))
        if generation == self._filter_generation:
            self.app.call_from_thread(self._show_count, count, generation)

    def _show_count(self, count: int, generation: int) -> None:
        if generation != self._filter_generation:
            return
        total = len(self.state.store) if self.state else 0
        self._status(f"{count:,} of {total:,} match (Enter applies)")

    def _status(self, text: str) -> None:
        line = self.query_one("#filter-status", Static)
        line.update(text)
        line.display = bool(text)

    @on(Input.Submitted, "#filter")
    def _submitted(self, event: Input.Submitted) -> None:
        if self.apply_filter_text(event.value):
            self.close_filter()

    def apply_filter_text(self, text: str) -> bool:
        """Filter every view; False (and a message) when the filter does not parse."""
        if self.state is None:
            return False
        try:
            query = parse_filter(text)
        except FilterError as error:
            self._status(f"[b]Filter:[/b] {escape(str(error))}")
            return False
        self._status(escape(f"filtering: {text.strip()}"))
        self._apply_filter(query, text)
        return True

    @work(thread=True, exclusive=True, group="responses-filter", exit_on_error=False)
    def _apply_filter(self, query: Filter, text: str) -> None:
        if self.state is None:
            return
        version = self.state.store.version
        indices = self.state.matching(query)
        self.app.call_from_thread(self._filtered, query, text, indices, version)

    def _filtered(self, query: Filter, text: str, indices: list[int], version: int) -> None:
        if self.state is None:
            return
        self.state.use_filter(query, text, indices, version)
        shown = f"filter: {self.state.query_text}" if self.state.query_text else ""
        self._status(escape(shown))
        self._show_model(keep_position=False)

"""The API log (lazygit's command log): every request of this session, and one in full.

The table follows new requests while its cursor is on the last row (like `tail -f`) and stays
put otherwise. It is rebuilt only when a request arrives, at most every `REFRESH_DELAY`
seconds, so an idle panel draws nothing. Enter opens the request and response bodies.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.markup import escape
from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Input, Static

from atb_tui.api.request_log import RequestLog, RequestRecord
from atb_tui.commands import bindings, key_label
from atb_tui.messages import OpenChild
from atb_tui.paths import styles_dir
from atb_tui.screens.base import AtbScreen
from atb_tui.views.api_log import ApiLogModel, detail_text
from atb_tui.widgets import virtual_table_messages as table_messages
from atb_tui.widgets.virtual_table import VirtualTable

REFRESH_DELAY = 0.25  # a burst of requests (a page walk, a retry storm) is one repaint


class ApiLogFilter(Input):
    """The `/` filter line; Esc closes it, Enter goes back to the table."""

    BINDINGS = bindings("api_log.close_filter")

    def action_close_filter(self) -> None:
        screen = self.screen
        if isinstance(screen, ApiLogScreen):
            screen.close_filter()


class ApiLogScreen(AtbScreen):
    """Every request attempt this session's client made, newest last."""

    SCREEN_ID = "api_log"
    CSS_PATH = str(styles_dir() / "api_log.tcss")
    BINDINGS = bindings("table.filter")

    def __init__(self, log: RequestLog) -> None:
        super().__init__()
        self.requests = log
        self._query = ""
        self._sort: tuple[int, bool] | None = None  # None: in the order sent, following
        self._pending = False
        self._unsubscribe: Callable[[], None] | None = None

    def compose_body(self) -> ComposeResult:
        yield ApiLogFilter(placeholder="text in any column: a path, 503, publish…", id="filter")
        yield Static("", id="summary")
        yield VirtualTable(empty_message="No requests yet.", id="table")

    def trail(self) -> tuple[str, ...]:
        return ("API log",)

    @property
    def table(self) -> VirtualTable:
        return self.query_one("#table", VirtualTable)

    def on_mount(self) -> None:
        self.query_one("#filter", ApiLogFilter).display = False
        self._unsubscribe = self.requests.add_listener(self._arrived)
        self._show(follow=True)
        self.table.focus()

    def on_unmount(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()

    def _arrived(self, record: RequestRecord) -> None:
        # Called for every request, from whatever task made it: only schedule one repaint.
        if not self._pending:
            self._pending = True
            self.set_timer(REFRESH_DELAY, self._refresh_rows)

    def _refresh_rows(self) -> None:
        self._pending = False
        table = self.table
        at_bottom = table.cursor_row >= len(table.model) - 1
        self._show(follow=at_bottom and self._sort is None)

    def _show(self, *, follow: bool) -> None:
        model = ApiLogModel(self.requests.records(), self._query, self._sort)
        self.table.set_model(model)
        if follow:
            self.table.action_scroll_bottom()
        self._summarise(model)

    def _summarise(self, model: ApiLogModel) -> None:
        kept, total = len(self.requests.records()), self.requests.total
        parts = [f"{total} requests this session"]
        if total > kept:
            parts.append(f"the last {kept} kept")
        if self._query:
            parts.append(f"{len(model)} match {self._query!r}")
        enter = key_label(self.app, "table.choose", self.atb.settings.keymap)
        parts.append(f"{enter}: bodies")
        self.query_one("#summary", Static).update(escape("  ·  ".join(parts)))

    @on(VirtualTable.Chosen)
    def _chosen(self, event: table_messages.Chosen) -> None:
        model = self.table.model
        if isinstance(model, ApiLogModel) and 0 <= event.row < len(model):
            self.navigate(OpenChild(ApiRequestScreen(model.record(event.row))))

    @on(VirtualTable.SortRequested)
    def _sorted(self, event: table_messages.SortRequested) -> None:
        column = event.column_index
        descending = self._sort is not None and self._sort == (column, False)
        self._sort = (column, descending)
        self.table.sort_column, self.table.sort_descending = column, descending
        self._show(follow=False)

    # ---- the filter ---------------------------------------------------------------------------

    def action_filter(self) -> None:
        line = self.query_one("#filter", ApiLogFilter)
        line.display = True
        line.value = self._query
        line.focus()

    def close_filter(self) -> None:
        self.query_one("#filter", ApiLogFilter).display = False
        self.table.focus()

    @on(Input.Changed, "#filter")
    def _typing(self, event: Input.Changed) -> None:
        self._query = event.value
        self._show(follow=False)

    @on(Input.Submitted, "#filter")
    def _submitted(self) -> None:
        self.close_filter()


class ApiRequestScreen(AtbScreen):
    """One request: its facts, then the request and response bodies (pretty JSON)."""

    SCREEN_ID = "api_request"
    CSS_PATH = str(styles_dir() / "api_log.tcss")

    def __init__(self, record: RequestRecord) -> None:
        super().__init__()
        self.record = record

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(id="request"):
            yield Static(detail_text(self.record), id="request-text", markup=False)

    def trail(self) -> tuple[str, ...]:
        return ("API log", f"{self.record.method} {self.record.path}")

    def on_mount(self) -> None:
        self.query_one("#request", VerticalScroll).focus()

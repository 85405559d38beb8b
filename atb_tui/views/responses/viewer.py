"""The viewer's state without the UI: the store, the one filter all views share, the current
view and sort, and the table model each view shows (recomputed only when something changed)."""

from __future__ import annotations

from dataclasses import dataclass, field

from atb_tui.logic.filter_lang import Filter, parse_filter
from atb_tui.views.responses.filtering import apply_filter
from atb_tui.views.responses.participants import build_participants
from atb_tui.views.responses.store import ResponseStore
from atb_tui.views.responses.summary import summarise
from atb_tui.views.responses.tables import (
    ResponsesTable,
    RowsTable,
    participants_table,
    sort_indices,
    sort_rows,
    summary_table,
    tasks_table,
)
from atb_tui.views.responses.tasks import Unit, build_tasks, disagreement_queue, unit_agreement

VIEWS = ("responses", "tasks", "summary", "participants")
VIEW_TITLES = {"responses": "Responses", "tasks": "Tasks", "summary": "Summary",
               "participants": "Participants"}  # fmt: skip
ViewModel = ResponsesTable | RowsTable


@dataclass
class Sort:
    """Which column a view is sorted by (None: the view's natural order)."""

    column: int | None = None
    descending: bool = False


@dataclass
class ViewerState:
    """Everything the response viewer shows, computed from the store on demand."""

    store: ResponseStore
    view: str = "responses"
    query: Filter = field(default_factory=Filter)
    query_text: str = ""
    indices: list[int] = field(default_factory=list)
    sorts: dict[str, Sort] = field(default_factory=lambda: {v: Sort() for v in VIEWS})
    queue: bool = False  # Tasks: the disagreement queue (least agreement first)
    datapoints: dict[str, str] = field(default_factory=dict)
    _agreement: tuple[int, dict[Unit, float]] | None = None
    _filtered_version: int = -1
    _cache: dict[str, tuple[tuple[object, ...], ViewModel]] = field(default_factory=dict)

    def set_filter(self, text: str) -> Filter:
        """Parse and apply a filter (raises `FilterError` and keeps the old one on bad syntax)."""
        query = parse_filter(text)
        self.indices = self.matching(query)
        self.query, self.query_text = query, text.strip()
        self._filtered_version = self.store.version
        return query

    def matching(self, query: Filter) -> list[int]:
        """Rows of the store that `query` keeps (pure: does not change the state)."""
        needs_agreement = any(term.field == "agree" for term in query.terms)
        return apply_filter(self.store, query, self.agreement() if needs_agreement else None)

    def refresh(self) -> None:
        """Re-apply the filter after the store grew (new rows are appended, order kept)."""
        if self._filtered_version != self.store.version:
            self.indices = self.matching(self.query)
            self._filtered_version = self.store.version

    def agreement(self) -> dict[Unit, float]:
        """Agreement per (task, instruction) over every response (for `agree<…`)."""
        if self._agreement is None or self._agreement[0] != self.store.version:
            self._agreement = (self.store.version, unit_agreement(build_tasks(self.store)))
        return self._agreement[1]

    def use_filter(self, query: Filter, text: str, indices: list[int], version: int) -> None:
        """Adopt a filter whose rows were computed elsewhere (a worker) at store `version`."""
        self.query, self.query_text, self.indices = query, text.strip(), indices
        self._filtered_version = version

    def cached(self, view: str | None = None) -> ViewModel | None:
        """The view's model if nothing changed since it was built (cheap: no computing)."""
        view = view or self.view
        found = self._cache.get(view)
        fresh = self._filtered_version == self.store.version
        return found[1] if fresh and found is not None and found[0] == self._stamp(view) else None

    def _stamp(self, view: str) -> tuple[object, ...]:
        sort = self.sorts[view]
        joined = len(self.datapoints) if view == "tasks" else 0
        return (self.store.version, self.query_text, sort.column, sort.descending, self.queue,
                joined)  # fmt: skip

    def model(self, view: str | None = None) -> ViewModel:
        """The table model of a view (the current one by default), from the filtered rows."""
        view = view or self.view
        self.refresh()
        stamp = self._stamp(view)
        cached = self._cache.get(view)
        if cached is not None and cached[0] == stamp:
            return cached[1]
        built = self._build(view, self.sorts[view])
        self._cache[view] = (stamp, built)
        return built

    def _build(self, view: str, sort: Sort) -> ViewModel:
        if view == "responses":
            rows = self.indices
            if sort.column is not None:
                key = ResponsesTable(self.store, rows).columns[sort.column].key
                rows = sort_indices(self.store, rows, key, sort.descending)
            return ResponsesTable(self.store, rows)
        table = self._small_table(view)
        return table if sort.column is None else sort_rows(table, sort.column, sort.descending)

    def _small_table(self, view: str) -> RowsTable:
        if view == "tasks":
            tasks = build_tasks(self.store, self.indices)
            return tasks_table(self.store, disagreement_queue(tasks) if self.queue else tasks,
                               self.datapoints)  # fmt: skip
        if view == "summary":
            return summary_table(summarise(self.store, self.indices))
        return participants_table(build_participants(self.store, self.indices))

    def sort_by(self, column: int) -> Sort:
        """Sort the current view by a column; the same column again reverses it."""
        sort = self.sorts[self.view]
        if sort.column == column:
            sort.descending = not sort.descending
        else:
            sort.column, sort.descending = column, False
        return sort

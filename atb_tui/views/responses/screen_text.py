"""The response viewer's words without the UI: the view bar, the progress line, what an empty
table says, and what Enter on a row filters by."""

from __future__ import annotations

from atb_tui.views.responses.viewer import VIEW_TITLES, VIEWS, ViewerState

EMPTY = {
    "responses": "No responses yet.",
    "tasks": "No tasks answered yet.",
    "summary": "Nothing to summarise yet.",
    "participants": "Nobody has answered yet.",
}
# Enter on a row of these views shows that participant's or task's responses.
CHOSEN_FIELD = {"participants": "participant", "tasks": "task"}


def view_bar(state: ViewerState | None) -> str:
    """The numbered views with the current one reversed, then how many rows the filter keeps
    (markup)."""
    current = state.view if state else "responses"
    tabs = "  ".join(
        f"[reverse] {n} {VIEW_TITLES[v]} [/]" if v == current else f" {n} {VIEW_TITLES[v]} "
        for n, v in enumerate(VIEWS, 1)
    )
    if state is None:
        return tabs
    extra = f"  ·  {len(state.indices):,} of {len(state.store):,}"
    if current == "tasks" and state.queue:
        extra += "  ·  least agreement first"
    return tabs + extra


def progress_line(state: ViewerState | None, new_count: int, datapoint_source: str) -> str:
    """ "+3 new (n) · 1,204 responses · datapoints from the report" (markup)."""
    count = len(state.store) if state else 0
    source = f"  ·  {datapoint_source}" if datapoint_source else ""
    marker = f"[b]+{new_count} new (n)[/b]  ·  " if new_count else ""
    return f"{marker}{count:,} responses{source}"


def empty_message(state: ViewerState) -> str:
    """What the table says with no rows: the filter kept none, or there are none yet."""
    filtered = bool(state.query_text) and len(state.indices) < len(state.store)
    return "Nothing matches the filter." if filtered else EMPTY[state.view]

"""The response viewer's bar, progress line and empty-table words (no UI)."""

from __future__ import annotations

from atb_tui.api.models.response_rows import AnswerBody, AnswerPart, ResponseRow
from atb_tui.logic.filter_lang import parse_filter
from atb_tui.views.responses.answers import InstructionInfo
from atb_tui.views.responses.screen_text import empty_message, progress_line, view_bar
from atb_tui.views.responses.store import ResponseStore
from atb_tui.views.responses.viewer import ViewerState

RATE = InstructionInfo("i-rate", "Rate it", "multiple_choice", (("a", "Apple"),))


def _state(count: int) -> ViewerState:
    store = ResponseStore([RATE])
    body = AnswerBody("i-rate", "multiple_choice", [AnswerPart(value="a")])
    store.add([ResponseRow(id=f"r{n}", participant_id=f"P{n}", task_id="T1", response=body,
                           submission_id=f"s{n}", created_at="2026-11-23T09:00:00Z")
               for n in range(count)])  # fmt: skip
    state = ViewerState(store)
    state.set_filter("")
    return state


def test_the_bar_marks_the_current_view_and_counts_what_the_filter_keeps() -> None:
    assert view_bar(None).startswith("[reverse] 1 Responses [/]   2 Tasks ")
    state = _state(3)
    state.view, state.queue = "tasks", True
    bar = view_bar(state)
    assert "[reverse] 2 Tasks [/]" in bar
    assert " 1 Responses " in bar
    assert bar.endswith("  ·  3 of 3  ·  least agreement first")


def test_the_progress_line_says_what_is_new_and_where_datapoints_come_from() -> None:
    assert progress_line(None, 0, "") == "0 responses"
    state = _state(1200)
    line = progress_line(state, 3, "datapoints from the report")
    assert line == "[b]+3 new (n)[/b]  ·  1,200 responses  ·  datapoints from the report"


def test_an_empty_table_says_whether_the_filter_or_the_data_is_why() -> None:
    state = _state(2)
    assert empty_message(ViewerState(ResponseStore([RATE]))) == "No responses yet."
    state.indices = state.matching(parse_filter("participant:nobody"))
    state.query_text = "participant:nobody"
    assert empty_message(state) == "Nothing matches the filter."
    state.view = "participants"
    assert empty_message(state) == "Nothing matches the filter."

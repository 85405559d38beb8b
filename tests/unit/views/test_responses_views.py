"""The response viewer's view models: store, answer rendering, tasks, filter, summary, people."""

from __future__ import annotations

from atb_tui.api.models.response_rows import AnswerBody, AnswerPart, ResponseRow
from atb_tui.logic.filter_lang import parse_filter
from atb_tui.views.responses.answers import InstructionInfo, render_answer
from atb_tui.views.responses.export import long_rows, table_rows, wide_rows
from atb_tui.views.responses.filtering import apply_filter
from atb_tui.views.responses.participants import build_participants
from atb_tui.views.responses.store import ResponseStore
from atb_tui.views.responses.summary import bar, summarise
from atb_tui.views.responses.tasks import build_tasks, disagreement_queue, unit_agreement
from atb_tui.views.responses.viewer import ViewerState

RATE = InstructionInfo("i-rate", "Rate it", "multiple_choice", (("a", "Apple"), ("b", "Banana")))
WHY = InstructionInfo("i-why", "Why?", "free_text")
# The 4 tasks x 4 annotators: T1 A A A B; T2 B B A -; T3 C A B C; T4 A A - A.
GRID = {"T1": "aaab", "T2": "bba-", "T3": "cabc", "T4": "aa-a"}


def row(n: int, task: str, person: str, body: AnswerBody, minute: int = 0) -> ResponseRow:
    return ResponseRow(
        id=f"r{n}", participant_id=person, task_id=task, response=body,
        submission_id=f"s-{person}", created_at=f"2026-11-23T09:{minute:02d}:00Z",
    )  # fmt: skip


def choice(value: str) -> AnswerBody:
    return AnswerBody("i-rate", "multiple_choice", [AnswerPart(value=value)])


def grid_store() -> ResponseStore:
    store = ResponseStore([RATE, WHY])
    rows, n = [], 0
    for t, (task, answers) in enumerate(GRID.items()):
        for p, value in enumerate(answers):
            if value != "-":
                n += 1
                rows.append(row(n, task, f"P{p + 1}", choice(value), minute=t))
    rows.append(
        row(99, "T1", "P1", AnswerBody("i-why", "free_text", [AnswerPart(value="A refund!")]))
    )
    assert store.add(rows) == len(rows)
    return store


def test_answers_render_per_type() -> None:
    both = InstructionInfo("x", "X", "multiple_choice_with_free_text", (("a", "Apple"),))
    assert (
        render_answer(RATE, "multiple_choice", [AnswerPart(value="a"), AnswerPart(value="b")])
        == "Apple, Banana"
    )
    assert (
        render_answer(both, both.type, [AnswerPart(value="a", explanation="tasty")])
        == "Apple (tasty)"
    )
    assert render_answer(WHY, "free_text_with_unit", [AnswerPart(value=3, unit="kg")]) == "3 kg"
    upload = AnswerPart(file_name="cat.png", file_size_mb=1.25)
    assert render_answer(WHY, "file_upload", [upload]) == "cat.png (1.2 MB)"
    assert render_answer(WHY, "free_text", [AnswerPart(value=True)]) == "true"


def test_store_skips_rows_it_already_holds_and_interns_ids() -> None:
    store = grid_store()
    again = store.add([row(1, "T1", "P1", choice("a"))])
    assert again == 0
    assert store.participant[0] is store.participant[3 * 0 + 0]
    assert store.answer[0] == "Apple"


def test_tasks_have_majority_agreement_and_a_disagreement_queue() -> None:
    tasks = {t.task_id: t for t in build_tasks(grid_store())}
    cell = tasks["T1"].cells["i-rate"]
    assert (cell.majority, cell.votes, cell.rated) == ("Apple", 3, 4)
    assert tasks["T3"].cells["i-rate"].tied is False
    queue = disagreement_queue(list(tasks.values()))
    assert [t.task_id for t in queue] == ["T3", "T2", "T1", "T4"]
    assert tasks["T4"].agreement == 1.0


def test_filter_keeps_exactly_the_matching_rows() -> None:
    store = grid_store()
    agreement = unit_agreement(build_tasks(store))

    def kept(text: str) -> list[str]:
        return [store.rows[i].id for i in apply_filter(store, parse_filter(text), agreement)]

    assert kept("participant:p4") == ["r4", "r11", "r14"]
    assert kept("answer=banana -task:T3") == ["r4", "r5", "r6"]
    assert kept("instruction:why text~refund") == ["r99"]
    assert kept("agree<0.6 answer=c") == ["r8", "r11"]
    assert kept("refund") == ["r99"]
    assert kept("type=free_text") == ["r99"]


def test_summary_counts_answers_and_warns_with_few_tasks() -> None:
    lines = summarise(grid_store(), range(15))
    items = [line.item.strip() for line in lines]
    assert lines[0].count == "14"
    assert "Apple" in items
    assert "Banana" in items
    assert any("only 4 tasks have 2+ ratings" in item for item in items)
    alpha = next(line for line in lines if "nominal" in line.item)
    assert alpha.share == "0.149"
    assert alpha.count == "4 tasks"
    gwet = next(line for line in lines if "AC1" in line.item)
    assert gwet.share == "0.306"


def test_participants_leave_one_out_agreement_matches_the_worked_example() -> None:
    store = grid_store()
    people = {p.participant_id: p for p in build_participants(store, range(len(store)))}
    assert round(people["P1"].agreement or 0, 6) == 1.0
    assert round(people["P2"].agreement or 0, 6) == 0.666667
    assert round(people["P3"].agreement or 0, 6) == 0.333333
    assert round(people["P4"].agreement or 0, 6) == 0.5
    assert "low agreement" in people["P3"].flags
    assert people["P1"].responses == 5


def test_bar_uses_eighths() -> None:
    assert bar(0.5, 4) == "██"
    assert bar(0.0) == ""
    assert bar(1 / 32, 4) == "▏"


def test_exports_hold_only_the_filtered_rows() -> None:
    state = ViewerState(grid_store())
    state.set_filter("task:T2")
    long = list(long_rows(state.store, state.indices))
    assert long[0][:3] == ["task", "annotator", "value"]
    assert [r[:3] for r in long[1:]] == [["T2", "P1", "b"], ["T2", "P2", "b"], ["T2", "P3", "a"]]
    wide = list(wide_rows(state.store, state.indices))
    assert wide == [["task", "Rate it [P1]", "Rate it [P2]", "Rate it [P3]"],
                    ["T2", "Banana", "Banana", "Apple"]]  # fmt: skip
    state.view = "tasks"
    table = list(table_rows(state.model()))
    assert len(table) == 2
    assert table[1][1] == "0.67"


def test_viewer_sorts_and_caches_until_the_store_changes() -> None:
    state = ViewerState(grid_store())
    state.set_filter("")
    first = state.model()
    assert state.model() is first
    state.sort_by(5)  # answer
    sorted_model = state.model()
    assert sorted_model.cell(0, 5) == "A refund!"
    state.sort_by(5)
    assert state.model().cell(0, 5) == "c"
    state.store.add([row(200, "T5", "P9", choice("a"))])
    assert len(state.model()) == len(state.store)

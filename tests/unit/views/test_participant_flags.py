"""The Participants view's flags on hand-made responses: fast, same answer, low agreement.

"Exceptionally fast" is Prolific's rule (mean seconds per task more than 3 SD below the mean
over participants, population SD). One participant can never be more than sqrt(N - 1) SD from
the mean of N (Samuelson's inequality), so the rule cannot fire with 10 participants or fewer:
`test_with_ten_participants_even_a_one_second_outlier_is_not_flagged` pins that down.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from atb_tui.api.models.response_rows import AnswerBody, AnswerPart, ResponseRow
from atb_tui.views.responses.answers import InstructionInfo
from atb_tui.views.responses.participants import (
    FAST_MIN_PARTICIPANTS,
    ParticipantRow,
    build_participants,
)
from atb_tui.views.responses.store import ResponseStore

RATE = InstructionInfo("i-rate", "Rate it", "multiple_choice", (("a", "Apple"), ("b", "Banana")))
TASKS = 6
START = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def majority(task: int) -> str:
    """What the crowd answers on task `task`: a, b, a, b, … (so nobody has one answer)."""
    return "ab"[task % 2]


def person_rows(person: str, seconds: float, answers: str, first: int) -> list[ResponseRow]:
    """One submission of `TASKS` tasks, one every `seconds`, with these answers."""
    return [
        ResponseRow(
            id=f"r{first + t}",
            participant_id=person,
            task_id=f"T{t}",
            response=AnswerBody("i-rate", "multiple_choice", [AnswerPart(value=answers[t])]),
            submission_id=f"s-{person}",
            created_at=(START + timedelta(seconds=seconds * (t + 1))).isoformat(),
        )
        for t in range(TASKS)
    ]


def crowd(normal: int, extra: dict[str, tuple[float, str]]) -> dict[str, ParticipantRow]:
    """`normal` participants agreeing at 55–65 s per task, plus `extra` (seconds, answers)."""
    people = {f"P{p:02d}": (55.0 + p % 11, agreed_answers()) for p in range(normal)} | extra
    store = ResponseStore([RATE])
    rows: list[ResponseRow] = []
    for person, (seconds, answers) in people.items():
        rows += person_rows(person, seconds, answers, len(rows))
    assert store.add(rows) == len(rows)
    return {p.participant_id: p for p in build_participants(store, range(len(store)))}


def agreed_answers() -> str:
    return "".join(majority(t) for t in range(TASKS))


def test_a_clearly_too_fast_participant_is_flagged_and_only_them() -> None:
    people = crowd(19, {"FAST": (5.0, agreed_answers())})
    assert people["FAST"].mean_seconds == 5.0
    assert people["FAST"].flags == ["fast"]
    assert [p for p, row in people.items() if row.flags] == ["FAST"]


def test_nobody_is_fast_when_everyone_takes_about_as_long() -> None:
    people = crowd(20, {})
    assert all(row.mean_seconds is not None for row in people.values())
    assert all(row.flags == [] for row in people.values())


def test_with_ten_participants_even_a_one_second_outlier_is_not_flagged() -> None:
    # The outlier inflates the SD: at N = 10 it sits exactly sqrt(9) = 3 SD away, never more.
    people = crowd(9, {"FAST": (1.0, agreed_answers())})
    assert len(people) == 10 < FAST_MIN_PARTICIPANTS
    assert "fast" not in people["FAST"].flags
    people = crowd(10, {"FAST": (1.0, agreed_answers())})
    assert len(people) == FAST_MIN_PARTICIPANTS
    assert "fast" in people["FAST"].flags


def test_always_the_same_answer_is_flagged() -> None:
    people = crowd(5, {"SAME": (60.0, "a" * TASKS)})
    assert people["SAME"].flags == ["same answer"]  # agrees on half the tasks: not "low"
    assert people["SAME"].agreement == 0.5
    assert all(row.flags == [] for p, row in people.items() if p != "SAME")


def test_low_agreement_is_flagged() -> None:
    contrary = "".join("ba"[t % 2] for t in range(TASKS))
    people = crowd(5, {"ODD": (60.0, contrary)})
    assert people["ODD"].agreement == 0.0
    assert people["ODD"].flags == ["low agreement"]
    assert all(row.flags == [] for p, row in people.items() if p != "ODD")

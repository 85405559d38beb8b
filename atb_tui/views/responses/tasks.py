"""One row per task: every annotator's answer side by side, the majority and the agreement.

Agreement on a task is the share of its annotators who gave the majority answer (2 of 3 →
0.67), per choice instruction; a task's own figure is the lowest over its instructions, so the
disagreement queue (least agreement first) brings up every contested task.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from atb_tui.logic.agreement import TaskAgreement, majority_answers
from atb_tui.views.responses.store import ResponseStore

Unit = tuple[str, str]  # (task id, instruction id)


@dataclass
class TaskCell:
    """What the annotators of one task said to one instruction."""

    answers: list[tuple[str, str]] = field(default_factory=list)  # (participant, answer)
    majority: str | None = None
    votes: int = 0
    rated: int = 0
    tied: bool = False

    @property
    def agreement(self) -> float | None:
        """Share agreeing with the majority; None below two comparable answers."""
        return self.votes / self.rated if self.rated >= 2 else None


@dataclass
class TaskRow:
    """One task and its cells per instruction."""

    task_id: str
    cells: dict[str, TaskCell] = field(default_factory=dict)

    @property
    def agreement(self) -> float | None:
        """The lowest agreement over the task's choice instructions (None: nothing to compare)."""
        figures = [c.agreement for c in self.cells.values() if c.agreement is not None]
        return min(figures) if figures else None

    @property
    def responses(self) -> int:
        return sum(len(cell.answers) for cell in self.cells.values())


def ratings(store: ResponseStore, indices: list[int] | None = None) -> list[tuple[Unit, str, str]]:
    """(unit, annotator, value) for every comparable answer, the shape the statistics take."""
    rows = range(len(store)) if indices is None else indices
    keys, tasks, instr, people = store.key, store.task, store.instruction, store.participant
    return [((tasks[i], instr[i]), people[i], k) for i in rows if (k := keys[i]) is not None]


def build_tasks(store: ResponseStore, indices: list[int] | None = None) -> list[TaskRow]:
    """Tasks in the order their first response arrived (only the given responses count)."""
    rows = range(len(store)) if indices is None else indices
    tasks: dict[str, TaskRow] = {}
    for i in rows:
        task = tasks.get(store.task[i]) or tasks.setdefault(store.task[i], TaskRow(store.task[i]))
        cell = task.cells.setdefault(store.instruction[i], TaskCell())
        cell.answers.append((store.participant[i], store.answer[i]))
    majorities = majority_answers(ratings(store, list(rows)))
    for task in tasks.values():
        for instruction_id, cell in task.cells.items():
            found = majorities.get((task.task_id, instruction_id))
            if found is not None:
                _apply_majority(store, cell, instruction_id, found)
    return list(tasks.values())


def _apply_majority(
    store: ResponseStore, cell: TaskCell, instruction_id: str, found: TaskAgreement
) -> None:
    info = store.info(instruction_id)
    cell.majority = ", ".join(info.label(v) for v in str(found.majority).split("|"))
    cell.votes, cell.rated, cell.tied = found.votes, found.total, found.tied


def disagreement_queue(tasks: list[TaskRow]) -> list[TaskRow]:
    """Least agreement first; tasks with nothing to compare go last."""
    return sorted(tasks, key=lambda t: (t.agreement is None, t.agreement or 0.0))


def unit_agreement(tasks: list[TaskRow]) -> dict[Unit, float]:
    """Agreement per (task, instruction), for the filter's `agree<…`."""
    return {
        (task.task_id, instruction_id): figure
        for task in tasks
        for instruction_id, cell in task.cells.items()
        if (figure := cell.agreement) is not None
    }

"""Inter-annotator agreement for categorical answers: majority, percentage, Fleiss' kappa.

Input is `(task_id, annotator_id, answer)` tuples; answers must be hashable (turn a
multi-select answer into a sorted tuple or frozenset first). An annotator counts once per task:
if the same pair appears twice, the later answer wins.

Percentage agreement is the mean, over tasks rated at least twice, of the share of annotator
pairs that agree (Fleiss' observed agreement P̄). Fleiss' kappa uses the generalisation to a
varying number of ratings per task (tasks rated once are left out); with a constant number of
ratings it is exactly Fleiss (1971).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable
from dataclasses import dataclass

Response = tuple[Hashable, Hashable, Hashable]


@dataclass(frozen=True)
class TaskAgreement:
    """One task's majority answer. `agreement` is votes / total (e.g. 2 of 3 → 0.667)."""

    task_id: Hashable
    majority: Hashable
    votes: int
    total: int
    tied: bool

    @property
    def agreement(self) -> float:
        """Share of this task's annotators who gave the majority answer."""
        return self.votes / self.total


def answer_counts(responses: Iterable[Response]) -> dict[Hashable, Counter[Hashable]]:
    """Per task, how many annotators gave each answer (first-seen order kept)."""
    latest: dict[Hashable, dict[Hashable, Hashable]] = {}
    for task_id, annotator_id, answer in responses:
        latest.setdefault(task_id, {})[annotator_id] = answer
    return {task: Counter(answers.values()) for task, answers in latest.items()}


def majority_answers(responses: Iterable[Response]) -> dict[Hashable, TaskAgreement]:
    """Per task, the most common answer; ties go to the answer seen first, flagged `tied`."""
    result: dict[Hashable, TaskAgreement] = {}
    for task_id, counts in answer_counts(responses).items():
        ranked = counts.most_common()
        answer, votes = ranked[0]
        tied = len(ranked) > 1 and ranked[1][1] == votes
        result[task_id] = TaskAgreement(task_id, answer, votes, counts.total(), tied)
    return result


def percent_agreement(responses: Iterable[Response]) -> float | None:
    """Mean pairwise agreement over tasks with ≥2 ratings, 0..1; None if there are none."""
    shares = [_pair_agreement(c) for c in answer_counts(responses).values() if c.total() >= 2]
    return sum(shares) / len(shares) if shares else None


def fleiss_kappa(responses: Iterable[Response]) -> float | None:
    """Fleiss' kappa, or None when undefined (no task rated twice, or only one category used)."""
    rated = [c for c in answer_counts(responses).values() if c.total() >= 2]
    if not rated:
        return None
    observed = sum(_pair_agreement(c) for c in rated) / len(rated)
    totals: Counter[Hashable] = Counter()
    for counts in rated:
        totals.update(counts)
    ratings = totals.total()
    expected = sum((n / ratings) ** 2 for n in totals.values())
    if expected >= 1.0:
        return None
    return (observed - expected) / (1.0 - expected)


def _pair_agreement(counts: Counter[Hashable]) -> float:
    n = counts.total()
    return sum(k * (k - 1) for k in counts.values()) / (n * (n - 1))

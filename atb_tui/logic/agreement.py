"""Inter-annotator agreement: percent agreement, Krippendorff's α, Fleiss' κ, Gwet's AC1,
majority answers and each annotator's agreement with the others.

Input is `(task, annotator, value)` ratings; values must be hashable (turn a multi-select answer
into a sorted tuple or frozenset first) and `None` means "no rating" (ignored everywhere). An
annotator counts once per task: if the same pair appears twice, the later value wins.

Definitions (issue 13):
- Percent agreement: mean, over tasks with 2+ ratings, of the share of agreeing ordered pairs
  of annotators (Fleiss' observed agreement P̄).
- Fleiss' κ: only when every task with 2+ ratings has the same number of ratings, else None.
- Gwet's AC1: P̄ against chance agreement Σπ_k(1-π_k)/(q-1), where π_k is category k's share
  averaged over every task with at least one rating and q the number of categories used.
- Krippendorff's α: see `krippendorff.py`.
- Majority agreement per annotator is leave-one-out: on each task they rated, their value is
  compared with the majority of the *other* annotators; tasks where the others are tied or
  absent are left out.
All statistics are None when undefined (too few ratings, no variation).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from atb_tui.logic import krippendorff
from atb_tui.logic.krippendorff import LEVELS, Level
from atb_tui.logic.tally import Rating, Tally, by_task, tally

Response = Rating  # the older name, kept for existing callers

__all__ = [
    "LEVELS",
    "AgreementReport",
    "AnnotatorAgreement",
    "Level",
    "Rating",
    "Response",
    "TaskAgreement",
    "agreement_report",
    "alpha_effects",
    "answer_counts",
    "fleiss_kappa",
    "gwet_ac1",
    "krippendorff_alpha",
    "majority_agreement",
    "majority_answers",
    "percent_agreement",
]


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


@dataclass(frozen=True)
class AnnotatorAgreement:
    """One annotator: how many ratings, and the leave-one-out agreement with the majority."""

    annotator: Hashable
    ratings: int
    agreement_with_majority: float | None


@dataclass(frozen=True)
class AgreementReport:
    """Every agreement figure for one set of ratings (one instruction)."""

    tasks: int
    annotators: int
    ratings: int
    tasks_with_2plus: int
    percent_agreement: float | None
    krippendorff_alpha: dict[Level, float | None]
    fleiss_kappa: float | None
    gwet_ac1: float | None
    annotators_detail: list[AnnotatorAgreement]

    def to_json(self) -> dict[str, Any]:
        """The stable JSON shape of `atb-tui agreement --json` (documented in the README)."""
        return {
            "tasks": self.tasks,
            "annotators": self.annotators,
            "ratings": self.ratings,
            "percent_agreement": self.percent_agreement,
            "krippendorff_alpha": {level: self.krippendorff_alpha.get(level) for level in LEVELS},
            "fleiss_kappa": self.fleiss_kappa,
            "gwet_ac1": self.gwet_ac1,
            "annotators_detail": [
                {
                    "annotator": _json_key(a.annotator),
                    "ratings": a.ratings,
                    "agreement_with_majority": a.agreement_with_majority,
                }
                for a in self.annotators_detail
            ],
        }


def answer_counts(responses: Iterable[Rating]) -> dict[Hashable, Counter[Hashable]]:
    """Per task, how many annotators gave each answer (first-seen order kept)."""
    return {task: Counter(values.values()) for task, values in by_task(responses).items()}


def majority_answers(responses: Iterable[Rating]) -> dict[Hashable, TaskAgreement]:
    """Per task, the most common answer; ties go to the answer seen first, flagged `tied`."""
    result: dict[Hashable, TaskAgreement] = {}
    for task_id, counts in answer_counts(responses).items():
        ranked = counts.most_common()
        answer, votes = ranked[0]
        tied = len(ranked) > 1 and ranked[1][1] == votes
        result[task_id] = TaskAgreement(task_id, answer, votes, counts.total(), tied)
    return result


def percent_agreement(ratings: Iterable[Rating]) -> float | None:
    """Mean pairwise agreement over tasks with ≥2 ratings, 0..1; None if there are none."""
    return _percent(tally(ratings))


def fleiss_kappa(ratings: Iterable[Rating]) -> float | None:
    """Fleiss' κ; None unless every task with 2+ ratings has the same number of them, and when
    undefined (no task rated twice, one category only)."""
    return _fleiss(tally(ratings))


def gwet_ac1(ratings: Iterable[Rating]) -> float | None:
    """Gwet's AC1; None without a task rated twice or with fewer than two categories."""
    return _gwet(tally(ratings))


def krippendorff_alpha(
    ratings: Iterable[Rating],
    level: Level = "nominal",
    order: Sequence[Hashable] | None = None,
) -> float | None:
    """Krippendorff's α. `order` ranks non-numeric categories for the ordinal level (e.g. the
    options' order); interval and ratio need numeric values. None when undefined."""
    return krippendorff.alpha_from_matrix(krippendorff.coincidences(tally(ratings)), level, order)


def alpha_effects(
    ratings: Iterable[Rating],
    level: Level = "nominal",
    order: Sequence[Hashable] | None = None,
) -> dict[Hashable, float | None]:
    """Per annotator: α without them minus α with them (positive: they lower agreement)."""
    return krippendorff.alpha_effects(tally(ratings), level, order)


def majority_agreement(ratings: Iterable[Rating]) -> dict[Hashable, float | None]:
    """Per annotator, the leave-one-out share of their ratings that match the others' majority."""
    return {a: share for a, (_, share) in _majority_agreement(tally(ratings)).items()}


def agreement_report(
    ratings: Iterable[Rating], order: Sequence[Hashable] | None = None
) -> AgreementReport:
    """Every statistic at once, tallying the ratings and the coincidences only once."""
    counted = tally(ratings)
    matrix = krippendorff.coincidences(counted)
    alphas = {level: krippendorff.alpha_from_matrix(matrix, level, order) for level in LEVELS}
    detail = [
        AnnotatorAgreement(annotator, rated, share)
        for annotator, (rated, share) in sorted(
            _majority_agreement(counted).items(), key=lambda item: str(item[0])
        )
    ]
    return AgreementReport(
        tasks=counted.tasks,
        annotators=len(detail),
        ratings=counted.ratings,
        tasks_with_2plus=counted.tasks_with_2plus,
        percent_agreement=_percent(counted),
        krippendorff_alpha=alphas,
        fleiss_kappa=_fleiss(counted),
        gwet_ac1=_gwet(counted),
        annotators_detail=detail,
    )


def _percent(counted: Tally) -> float | None:
    agreement, tasks = 0.0, 0
    for counts, m, weight in counted.counts():
        if m >= 2:
            agreement += weight * _pair_agreement(counts)
            tasks += weight
    return agreement / tasks if tasks else None


def _fleiss(counted: Tally) -> float | None:
    rated = [(counts, m, weight) for counts, m, weight in counted.counts() if m >= 2]
    if not rated or len({m for _, m, _ in rated}) > 1:
        return None
    observed = _percent(counted)
    assert observed is not None  # some task has 2+ ratings
    totals: Counter[Hashable] = Counter()
    for counts, _, weight in rated:
        for value, k in counts.items():
            totals[value] += k * weight
    n = totals.total()
    expected = sum((k / n) ** 2 for k in totals.values())
    if expected >= 1.0 - 1e-12:
        return None
    return (observed - expected) / (1.0 - expected)


def _gwet(counted: Tally) -> float | None:
    observed = _percent(counted)
    shares: dict[Hashable, float] = defaultdict(float)
    for counts, m, weight in counted.counts():
        for value, k in counts.items():
            shares[value] += weight * k / m
    categories = len(shares)
    if observed is None or categories < 2:
        return None
    units = counted.tasks
    expected = sum((s / units) * (1 - s / units) for s in shares.values()) / (categories - 1)
    return (observed - expected) / (1.0 - expected)


def _pair_agreement(counts: Counter[Hashable]) -> float:
    n = counts.total()
    return sum(k * (k - 1) for k in counts.values()) / (n * (n - 1))


def _majority_agreement(counted: Tally) -> dict[Hashable, tuple[int, float | None]]:
    """Per annotator: (ratings given, leave-one-out majority agreement or None)."""
    # The outcome depends only on the task's shape and the annotator's own value.
    outcomes = [
        {value: _against_others(counts, value) for value in counts}
        for counts, _, _ in counted.counts()
    ]
    rated: Counter[Hashable] = Counter()
    compared: Counter[Hashable] = Counter()
    agreed: Counter[Hashable] = Counter()
    for annotator, shape, value, n in counted.members():
        rated[annotator] += n
        verdict = outcomes[shape][value]
        if verdict is not None:
            compared[annotator] += n
            agreed[annotator] += n * verdict
    return {a: (n, agreed[a] / compared[a] if compared[a] else None) for a, n in rated.items()}


def _against_others(counts: Counter[Hashable], value: Hashable) -> bool | None:
    """Does `value` match the others' majority? None when the others are tied or absent."""
    best, runner_up, winner = 0, 0, None
    for candidate, n in counts.items():
        n -= candidate == value  # leave this annotator out
        if n > best:
            best, runner_up, winner = n, best, candidate
        elif n > runner_up:
            runner_up = n
    if best == 0 or best == runner_up:
        return None
    return winner == value


def _json_key(value: Hashable) -> Any:
    """Annotator ids as JSON can hold them (ints and strings stay, anything else as text)."""
    return value if isinstance(value, str | int | float) or value is None else str(value)

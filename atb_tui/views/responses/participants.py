"""Per participant: how much, how fast, how much they agree with the others, and flags.

Seconds per task come from response times: within one submission, the gap between the last
answer of one task and the last answer of the next (the first task of a submission has no
start time, so it is not timed). "Exceptionally fast" is Prolific's rule: a mean time per task
more than 3 SD below the mean over participants (population SD). No participant can sit more than
sqrt(N - 1) SD from the mean of N (Samuelson's inequality): the one fast outlier inflates the SD
it is measured against, so with 10 participants or fewer the rule can never fire, and with a few
more it only catches extreme cases. The flag is not computed below `FAST_MIN_PARTICIPANTS`.
Agreement is leave-one-out: with the majority
of the *other* annotators of the same tasks (ties left out), over every choice instruction.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from itertools import pairwise

from atb_tui.logic.agreement import alpha_effects, majority_agreement
from atb_tui.views.responses.store import ResponseStore
from atb_tui.views.responses.tasks import ratings

LOW_AGREEMENT = 0.5
# Below this the 3-SD rule is unreachable (see the docstring): don't pretend to check it.
FAST_MIN_PARTICIPANTS = 11
SAME_ANSWER_MIN = 5  # "always the same answer" needs at least this many choice answers


@dataclass
class ParticipantRow:
    """One participant's figures (None where there is nothing to count)."""

    participant_id: str
    responses: int = 0
    tasks: int = 0
    median_seconds: float | None = None
    mean_seconds: float | None = None
    agreement: float | None = None
    alpha_effect: float | None = None
    flags: list[str] = field(default_factory=list)


def build_participants(store: ResponseStore, indices: Sequence[int]) -> list[ParticipantRow]:
    """Participants in order of first response, with their figures and flags."""
    people: dict[str, ParticipantRow] = {}
    tasks: dict[str, set[str]] = defaultdict(set)
    for i in indices:
        who = store.participant[i]
        row = people.get(who) or people.setdefault(who, ParticipantRow(who))
        row.responses += 1
        tasks[who].add(store.task[i])
    for who, row in people.items():
        row.tasks = len(tasks[who])
    _times(store, indices, people)
    _agreement(store, list(indices), people)
    _flags(store, indices, people)
    return list(people.values())


def _times(store: ResponseStore, indices: Sequence[int], people: dict[str, ParticipantRow]) -> None:
    finished: dict[tuple[str, str], dict[str, datetime]] = defaultdict(dict)
    for i in indices:
        when = store.time_of(i)
        if when is None:
            continue
        key = (store.participant[i], store.submission[i])
        task = store.task[i]
        last = finished[key].get(task)
        finished[key][task] = when if last is None or when > last else last
    gaps: dict[str, list[float]] = defaultdict(list)
    for (who, _), ends in finished.items():
        times = sorted(ends.values())
        gaps[who].extend((b - a).total_seconds() for a, b in pairwise(times))
    for who, seconds in gaps.items():
        if seconds and who in people:
            people[who].median_seconds = statistics.median(seconds)
            people[who].mean_seconds = statistics.fmean(seconds)


def _agreement(store: ResponseStore, indices: list[int], people: dict[str, ParticipantRow]) -> None:
    rated = ratings(store, indices)
    if not rated:
        return
    for who, figure in majority_agreement(rated).items():
        if who in people:
            people[str(who)].agreement = figure
    for who, effect in alpha_effects(rated, "nominal").items():
        if who in people:
            people[str(who)].alpha_effect = effect


def _flags(store: ResponseStore, indices: Sequence[int], people: dict[str, ParticipantRow]) -> None:
    means = [p.mean_seconds for p in people.values() if p.mean_seconds is not None]
    fast_below = None
    if len(means) >= FAST_MIN_PARTICIPANTS:
        fast_below = statistics.fmean(means) - 3 * statistics.pstdev(means)
    for who in _same_answer(store, indices):
        people[who].flags.append("same answer")
    for row in people.values():
        mean = row.mean_seconds
        if fast_below is not None and mean is not None and mean < fast_below:
            row.flags.insert(0, "fast")
        if row.agreement is not None and row.agreement < LOW_AGREEMENT:
            row.flags.append("low agreement")


def _same_answer(store: ResponseStore, indices: Sequence[int]) -> list[str]:
    """Participants who gave one answer per instruction every time (over enough answers)."""
    given: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    counts: dict[str, int] = defaultdict(int)
    for i in indices:
        key = store.key[i]
        if key is not None:
            given[store.participant[i]][store.instruction[i]].add(key)
            counts[store.participant[i]] += 1
    return [
        who
        for who, per_instruction in given.items()
        if counts[who] >= SAME_ANSWER_MIN and all(len(k) == 1 for k in per_instruction.values())
    ]

"""Ratings compressed for the agreement statistics: one pass over them, then work per *shape*.

Every per-task statistic (pair agreement, coincidences, category shares) depends only on the
multiset of values the task received, its *shape*. With a handful of categories and annotators
per task there are few shapes (4 ratings from 5 categories: at most 70) however many tasks there
are, so each statistic runs over shapes with a task count rather than over 25,000 tasks.
Per-annotator statistics depend on (annotator, shape, own value), counted the same way.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Iterator
from dataclasses import dataclass
from itertools import chain

Rating = tuple[Hashable, Hashable, Hashable]
Shape = tuple[Hashable, ...]


@dataclass(frozen=True)
class Tally:
    """`shapes[i]` occurs in `weights[i]` tasks; `groups[i][(annotator, value)]` counts ratings
    of that annotator with that value in tasks of shape i."""

    shapes: list[Shape]
    weights: list[int]
    groups: list[dict[tuple[Hashable, Hashable], int]]

    @property
    def tasks(self) -> int:
        """Tasks with at least one rating."""
        return sum(self.weights)

    @property
    def ratings(self) -> int:
        """Ratings given (one per annotator and task)."""
        return sum(
            len(shape) * weight for shape, weight in zip(self.shapes, self.weights, strict=True)
        )

    @property
    def tasks_with_2plus(self) -> int:
        """Tasks rated at least twice (the only ones agreement is computed on)."""
        return sum(w for shape, w in zip(self.shapes, self.weights, strict=True) if len(shape) > 1)

    def counts(self) -> list[tuple[Counter[Hashable], int, int]]:
        """Per shape: value counts, number of ratings in it, number of tasks with it."""
        return [
            (Counter(shape), len(shape), weight)
            for shape, weight in zip(self.shapes, self.weights, strict=True)
        ]

    def members(self) -> Iterator[tuple[Hashable, int, Hashable, int]]:
        """(annotator, shape index, value, number of such ratings) for every group."""
        for shape, group in enumerate(self.groups):
            for (annotator, value), n in group.items():
                yield annotator, shape, value, n

    def annotators(self) -> set[Hashable]:
        """Everyone who gave at least one rating."""
        return {annotator for group in self.groups for annotator, _ in group}


def by_task(ratings: Iterable[Rating]) -> dict[Hashable, dict[Hashable, Hashable]]:
    """Task → annotator → value, without missing ratings; the later of two ratings wins."""
    units: defaultdict[Hashable, dict[Hashable, Hashable]] = defaultdict(dict)
    for task, annotator, value in ratings:
        if value is not None:
            units[task][annotator] = value
    return dict(units)


def tally(ratings: Iterable[Rating]) -> Tally:
    """Group the tasks by shape, then count (annotator, value) pairs per shape."""
    buckets: defaultdict[Shape, list[dict[Hashable, Hashable]]] = defaultdict(list)
    for values in by_task(ratings).values():
        # Sorting by hash gives equal multisets one key whatever the order (a hash collision
        # can only split a shape in two, which costs time, never correctness).
        buckets[tuple(sorted(values.values(), key=hash))].append(values)
    # Counting the dicts' items runs in C: no Python-level step per rating.
    groups = [dict(Counter(chain.from_iterable(map(dict.items, b)))) for b in buckets.values()]
    return Tally(list(buckets), [len(b) for b in buckets.values()], groups)

"""Krippendorff's α from coincidence matrices, and each annotator's effect on it.

Input is a `Tally` (see `tally.py`): the ratings grouped by the multiset of values per task.
The coincidence matrix `o[c, k]` counts, over every unit with 2+ values, the ordered pairs of
values (c, k) from different annotators, each unit weighted 1/(m_u - 1)
(Krippendorff 2011, "Computing Krippendorff's alpha-reliability"). Then

    α = 1 - (n - 1) · Σ o_ck δ²_ck / Σ n_c n_k δ²_ck

with n_c the row sums of `o` and δ² the difference function of the level of measurement.
Everything is O(ratings + categories²): the matrix is built once from per-unit counts.

`alpha_effects` needs α without each annotator. Recomputing per annotator would be
O(annotators × ratings); instead each rating's contribution to the matrix is subtracted. For
nominal, interval and ratio data δ² does not depend on the marginals, so only a scalar (the
observed disagreement) and the marginals change; ordinal δ² depends on the marginals, so that
level subtracts whole per-unit matrices (slower, still linear in the ratings).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Mapping, Sequence

from atb_tui.logic.levels import LEVELS as LEVELS  # re-exported: defined apart, see there
from atb_tui.logic.levels import Level as Level
from atb_tui.logic.tally import Tally

Matrix = dict[tuple[Hashable, Hashable], float]
Delta = Callable[[Hashable, Hashable], float]


def coincidences(tally: Tally) -> Matrix:
    """The coincidence matrix over every unit rated at least twice."""
    matrix: Matrix = defaultdict(float)
    for counts, m, tasks in tally.counts():
        if m >= 2:
            _add_unit(matrix, counts, m, tasks)
    return matrix


def alpha_from_matrix(
    matrix: Matrix, level: Level = "nominal", order: Sequence[Hashable] | None = None
) -> float | None:
    """α at `level` from a coincidence matrix; None when undefined (no variation, bad values)."""
    marginals = _marginals(matrix)
    delta = difference_function(level, marginals, order)
    if delta is None:
        return None
    observed = sum(
        count * delta(c, k)
        for (c, k), count in matrix.items()
        if c != k and c in marginals and k in marginals  # skip rounding residue of removed ones
    )
    return _alpha(observed, marginals, delta)


def alpha_effects(
    tally: Tally, level: Level = "nominal", order: Sequence[Hashable] | None = None
) -> dict[Hashable, float | None]:
    """Per annotator: α without them minus α with them (None where either is undefined)."""
    matrix = coincidences(tally)
    base = alpha_from_matrix(matrix, level, order)
    annotators = tally.annotators()
    if base is None:
        return dict.fromkeys(annotators)
    if level == "ordinal":
        without = _alphas_without_by_matrix(tally, matrix, level, order)
    else:
        without = _alphas_without_by_scalar(tally, matrix, level)
    return {a: None if (w := without.get(a, base)) is None else w - base for a in annotators}


def difference_function(
    level: Level, marginals: Mapping[Hashable, float], order: Sequence[Hashable] | None = None
) -> Delta | None:
    """δ² for `level` over the categories in `marginals`; None when the values don't allow it."""
    if level == "nominal":
        return _nominal
    if level == "ordinal":
        return _ordinal(marginals, order)
    if not all(is_number(value) for value in marginals):
        return None
    if level == "interval":
        return _interval
    if any(value < 0 for value in marginals):  # type: ignore[operator]
        return None  # ratio data have an absolute zero: negative values make no sense
    return _ratio


def is_number(value: object) -> bool:
    """A finite int or float (bools are not numbers here)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    return math.isfinite(value)


def _nominal(c: Hashable, k: Hashable) -> float:
    return 0.0 if c == k else 1.0


def _interval(c: Hashable, k: Hashable) -> float:
    return float((c - k) ** 2)  # type: ignore[operator]


def _ratio(c: Hashable, k: Hashable) -> float:
    total = c + k  # type: ignore[operator]
    return 0.0 if total == 0 else float(((c - k) / total) ** 2)  # type: ignore[operator]


def _ordinal(marginals: Mapping[Hashable, float], order: Sequence[Hashable] | None) -> Delta | None:
    """Ordinal δ²_ck = (Σ_{g=c..k} n_g - (n_c + n_k)/2)², i.e. the squared distance between the
    categories' cumulative mid-ranks, so it is computed once per category."""
    if order is not None:
        rank = {value: i for i, value in enumerate(order)}
        if not all(value in rank for value in marginals):
            return None
        ranked = sorted(marginals, key=lambda value: rank[value])
    elif all(is_number(value) for value in marginals):
        ranked = sorted(marginals, key=float)  # type: ignore[arg-type]
    else:
        return None
    position: dict[Hashable, float] = {}
    below = 0.0
    for value in ranked:
        position[value] = below + marginals[value] / 2
        below += marginals[value]
    return lambda c, k: (position[c] - position[k]) ** 2


def _marginals(matrix: Matrix) -> dict[Hashable, float]:
    marginals: dict[Hashable, float] = defaultdict(float)
    for (c, _), count in matrix.items():
        marginals[c] += count
    return {c: n for c, n in marginals.items() if n > 1e-9}


def _alpha(observed: float, marginals: Mapping[Hashable, float], delta: Delta) -> float | None:
    """α = 1 - (n-1)·Σo·δ / Σ n_c·n_k·δ; None when there is no expected disagreement."""
    n = sum(marginals.values())
    items = list(marginals.items())
    expected = sum(nc * nk * delta(c, k) for c, nc in items for k, nk in items if c != k)
    if n <= 1 or expected <= 1e-12:
        return None
    return 1.0 - (n - 1) * observed / expected


def _add_unit(matrix: Matrix, counts: Counter[Hashable], m: int, times: float) -> None:
    """Add `times` copies of one unit's pairs to the coincidence matrix (negative: remove)."""
    weight = times / (m - 1)
    for c, nc in counts.items():
        for k, nk in counts.items():
            pairs = nc * (nc - 1) if c == k else nc * nk
            if pairs:
                matrix[c, k] += pairs * weight


def _alphas_without_by_scalar(
    tally: Tally, matrix: Matrix, level: Level
) -> dict[Hashable, float | None]:
    """α without each annotator when δ² is fixed: observed disagreement and marginals change."""
    marginals = _marginals(matrix)
    delta = difference_function(level, marginals)
    assert delta is not None  # the caller checked α with everyone is defined
    observed = sum(count * delta(c, k) for (c, k), count in matrix.items() if c != k)
    shapes = tally.counts()
    changes: list[dict[Hashable, float]] = []
    partners: list[dict[Hashable, Hashable] | None] = []
    for counts, m, _ in shapes:
        if m < 2:  # never paired: removing its rating changes nothing
            changes.append({})
            partners.append(None)
            continue
        items = list(counts.items())
        unit_sum = sum(nc * nk * delta(c, k) for c, nc in items for k, nk in items)
        changes.append({v: _unit_change(counts, unit_sum, m, v, delta) for v in counts})
        partners.append(_partner(counts) if m == 2 else None)
    lost_observed: dict[Hashable, float] = defaultdict(float)
    lost_marginals: dict[Hashable, Counter[Hashable]] = defaultdict(Counter)
    for annotator, shape, value, n in tally.members():
        if shapes[shape][1] < 2:
            continue
        lost_observed[annotator] += n * changes[shape][value]
        lost = lost_marginals[annotator]
        lost[value] += n
        partner = partners[shape]
        if partner is not None:  # the unit had two values: the other one is no longer paired
            lost[partner[value]] += n
    result: dict[Hashable, float | None] = {}
    for annotator, lost in lost_marginals.items():
        remaining = {c: n - lost.get(c, 0) for c, n in marginals.items()}
        remaining = {c: n for c, n in remaining.items() if n > 1e-9}
        result[annotator] = _alpha(observed + lost_observed[annotator], remaining, delta)
    return result


def _unit_change(
    counts: Counter[Hashable], unit_sum: float, m: int, value: Hashable, delta: Delta
) -> float:
    """Change in observed disagreement when one rating `value` leaves a unit of m ratings."""
    if m == 2:
        return -unit_sum
    # Σ over ordered pairs loses every pair involving the leaving rating, both ways.
    reduced = unit_sum - 2 * sum(nk * delta(value, k) for k, nk in counts.items())
    return reduced / (m - 2) - unit_sum / (m - 1)


def _partner(counts: Counter[Hashable]) -> dict[Hashable, Hashable]:
    """In a unit of two ratings: for each value, the other rating's value."""
    values = list(counts.elements())
    return {values[0]: values[1], values[1]: values[0]}


def _alphas_without_by_matrix(
    tally: Tally, matrix: Matrix, level: Level, order: Sequence[Hashable] | None
) -> dict[Hashable, float | None]:
    """α without each annotator by subtracting their units' changes from the whole matrix."""
    per_shape: list[dict[Hashable, Matrix]] = []
    for counts, m, _ in tally.counts():
        per_value: dict[Hashable, Matrix] = {}
        for value in counts if m >= 2 else ():
            change: Matrix = defaultdict(float)
            _add_unit(change, counts, m, -1.0)
            if m > 2:
                _add_unit(change, counts - Counter([value]), m - 1, 1.0)
            per_value[value] = change
        per_shape.append(per_value)
    changes: dict[Hashable, Matrix] = defaultdict(lambda: defaultdict(float))
    for annotator, shape, value, n in tally.members():
        target = changes[annotator]
        for pair, count in per_shape[shape].get(value, {}).items():
            target[pair] += n * count
    result: dict[Hashable, float | None] = {}
    for annotator, change in changes.items():
        reduced: Matrix = dict(matrix)
        for pair, count in change.items():
            reduced[pair] = reduced.get(pair, 0.0) + count
        result[annotator] = alpha_from_matrix(reduced, level, order)
    return result

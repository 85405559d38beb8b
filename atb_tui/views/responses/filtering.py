"""Which responses a parsed filter keeps (see `logic/filter_lang.py` for the language).

Each term is evaluated as one pass over one precomputed column; terms on the instruction
(few distinct values) are decided once per instruction, not once per row.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping

from atb_tui.logic.filter_lang import NUMERIC_FIELDS, Filter, Term
from atb_tui.views.responses.store import ResponseStore
from atb_tui.views.responses.tasks import Unit

_COMPARE: dict[str, Callable[[float, float], bool]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
    "=": operator.eq,
    ":": operator.eq,
    "~": operator.eq,
    "!=": operator.ne,
}


def apply_filter(
    store: ResponseStore, query: Filter, agreement: Mapping[Unit, float] | None = None
) -> list[int]:
    """Indices of the responses that satisfy every term, in store order."""
    selected: list[int] = list(range(len(store)))
    for term in query.terms:
        selected = _select(store, term, selected, agreement or {})
    return selected


def _select(
    store: ResponseStore, term: Term, selected: list[int], agreement: Mapping[Unit, float]
) -> list[int]:
    """The rows of `selected` that `term` keeps. The common terms run as one comprehension
    with no call per row (100,000 rows in a few milliseconds)."""
    flip = term.negate
    if term.field in ("participant", "task", "submission", "instruction", "type"):
        column = (
            store.instruction
            if term.field in ("instruction", "type")
            else _column(store, term.field)
        )
        matching = _matching_values(store, term, column)
        return [i for i in selected if (column[i] in matching) != flip]
    if term.op in (":", "~") and term.field not in NUMERIC_FIELDS:
        column, needle = _column(store, term.field), term.value
        return [i for i in selected if (needle in column[i]) != flip]
    keep = _predicate(store, term, agreement)
    return [i for i in selected if keep(i) != flip]


def _matching_values(store: ResponseStore, term: Term, column: list[str]) -> set[str]:
    """The distinct values of an id column that the term accepts (each tested once)."""
    if term.field in ("instruction", "type"):
        return _instructions_matching(store, term)
    test = _text_test(term)
    return {value for value in set(column) if test(value.lower())}


def _predicate(
    store: ResponseStore, term: Term, agreement: Mapping[Unit, float]
) -> Callable[[int], bool]:
    if term.field == "agree":
        return _agree(store, term, agreement)
    if term.field == "length":
        compare, limit = _COMPARE[term.op], term.number
        return lambda i: compare(len(store.answer[i]), limit)
    column = _column(store, term.field)
    test = _text_test(term)
    return lambda i: test(column[i])


def _text_test(term: Term) -> Callable[[str], bool]:
    """The test on one (already lower-case) cell."""
    needle = term.value
    if term.op == "=":
        return lambda text: text == needle
    if term.op == "!=":
        return lambda text: text != needle
    return lambda text: needle in text


def _column(store: ResponseStore, field: str | None) -> list[str]:
    columns = {
        "participant": store.participant,
        "task": store.task,
        "submission": store.submission,
        "answer": store.answer_lower,
        "text": store.answer_lower,
    }
    return columns.get(field or "", store.haystack)


def _instructions_matching(store: ResponseStore, term: Term) -> set[str]:
    """Instructions whose title (or type, or id prefix) the term names."""
    matching = set()
    for instruction_id in store.instruction_order():
        info = store.info(instruction_id)
        text = (info.type if term.field == "type" else info.title).lower()
        hit = text == term.value if term.op in ("=", "!=") else term.value in text
        hit = hit or instruction_id.lower().startswith(term.value)
        if hit != (term.op == "!="):
            matching.add(instruction_id)
    return matching


def _agree(
    store: ResponseStore, term: Term, agreement: Mapping[Unit, float]
) -> Callable[[int], bool]:
    compare, limit = _COMPARE[term.op], term.number
    tasks, instructions = store.task, store.instruction

    def keep(i: int) -> bool:
        figure = agreement.get((tasks[i], instructions[i]))
        return figure is not None and compare(figure, limit)

    return keep

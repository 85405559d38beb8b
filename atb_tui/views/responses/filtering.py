"""Which responses a parsed filter keeps (see `logic/filter_lang.py` for the language).

Each term is evaluated as one pass over one precomputed column; terms on the instruction
(few distinct values) are decided once per instruction, not once per row.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping

from atb_tui.logic.filter_lang import Filter, Term
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
        keep = _predicate(store, term, agreement or {})
        if term.negate:
            selected = [i for i in selected if not keep(i)]
        else:
            selected = [i for i in selected if keep(i)]
    return selected


def _predicate(
    store: ResponseStore, term: Term, agreement: Mapping[Unit, float]
) -> Callable[[int], bool]:
    if term.field in ("instruction", "type"):
        return _per_instruction(store, term)
    if term.field == "agree":
        return _agree(store, term, agreement)
    if term.field == "length":
        compare, limit = _COMPARE[term.op], term.number
        return lambda i: compare(len(store.answer[i]), limit)
    column = _column(store, term.field)
    test = _text_test(term)
    if term.field in ("participant", "task", "submission"):
        return _per_distinct(column, test)
    return lambda i: test(column[i])


def _text_test(term: Term) -> Callable[[str], bool]:
    """The test on one (already lower-case) cell."""
    needle = term.value
    if term.op == "=":
        return lambda text: text == needle
    if term.op == "!=":
        return lambda text: text != needle
    return lambda text: needle in text


def _per_distinct(column: list[str], test: Callable[[str], bool]) -> Callable[[int], bool]:
    """Ids repeat on many rows: lower-case and test each distinct id once."""
    verdicts: dict[str, bool] = {}

    def keep(i: int) -> bool:
        value = column[i]
        verdict = verdicts.get(value)
        if verdict is None:
            verdict = verdicts[value] = test(value.lower())
        return verdict

    return keep


def _column(store: ResponseStore, field: str | None) -> list[str]:
    columns = {
        "participant": store.participant,
        "task": store.task,
        "submission": store.submission,
        "answer": store.answer_lower,
        "text": store.answer_lower,
    }
    return columns.get(field or "", store.haystack)


def _per_instruction(store: ResponseStore, term: Term) -> Callable[[int], bool]:
    matching = set()
    for instruction_id in store.instruction_order():
        info = store.info(instruction_id)
        text = (info.type if term.field == "type" else info.title).lower()
        exact = term.op in ("=", "!=")
        hit = text == term.value if exact else term.value in text
        if instruction_id.lower().startswith(term.value):
            hit = True
        if hit != (term.op == "!="):
            matching.add(instruction_id)
    column = store.instruction
    return lambda i: column[i] in matching


def _agree(
    store: ResponseStore, term: Term, agreement: Mapping[Unit, float]
) -> Callable[[int], bool]:
    compare, limit = _COMPARE[term.op], term.number
    tasks, instructions = store.task, store.instruction

    def keep(i: int) -> bool:
        figure = agreement.get((tasks[i], instructions[i]))
        return figure is not None and compare(figure, limit)

    return keep

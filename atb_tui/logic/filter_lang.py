"""The response viewer's filter language: a pure parser, no evaluation.

    participant:5f3a… instruction:"Rate" answer:positive agree<0.5 text~refund -type:free_text

A filter is terms separated by spaces; every term must match (AND). A term is

- ``field:value``  the field contains the value (case-insensitive; a trailing ``…`` or ``...``
  is dropped, so a shortened id pasted from the table works as a prefix),
- ``field=value``  the field equals the value (case-insensitive),
- ``field~value``  the field contains the value (same as ``:``; reads well for free text),
- ``field<n`` ``field<=n`` ``field>n`` ``field>=n``  numeric comparison (numeric fields only),
- a bare word or "quoted phrase": found in any column,

and a leading ``-`` negates a term. Values with spaces go in double quotes.

The fields are the response viewer's unless a :class:`Language` names others: the submissions
review uses the same syntax over its own columns (``status:``, ``flag:``, ``days<``…).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

TEXT_FIELDS = ("participant", "instruction", "answer", "task", "submission", "type", "text", "id")
NUMERIC_FIELDS = ("agree", "seconds", "length")
FIELDS = TEXT_FIELDS + NUMERIC_FIELDS
ALIASES = {"p": "participant", "i": "instruction", "a": "answer", "t": "task", "agreement": "agree"}


@dataclass(frozen=True)
class Language:
    """Which fields a filter may name: text fields, numeric fields, and short aliases."""

    text_fields: tuple[str, ...]
    numeric_fields: tuple[str, ...]
    aliases: tuple[tuple[str, str], ...] = ()

    @property
    def fields(self) -> tuple[str, ...]:
        """Every field name, text first."""
        return self.text_fields + self.numeric_fields


RESPONSES = Language(TEXT_FIELDS, NUMERIC_FIELDS, tuple(ALIASES.items()))
_OPERATORS = ("<=", ">=", "!=", ":", "=", "~", "<", ">")
_COMPARISONS = frozenset({"<", "<=", ">", ">="})


class FilterError(ValueError):
    """What is wrong with the filter, and where (0-based character position)."""

    def __init__(self, message: str, position: int) -> None:
        super().__init__(f"{message} (at character {position + 1})")
        self.position = position


@dataclass(frozen=True)
class Term:
    """One condition. ``field`` is None for a bare word (search every column)."""

    field: str | None
    op: str
    value: str
    negate: bool = False

    @property
    def number(self) -> float:
        """The value as a number (valid for the comparison operators, checked at parse time)."""
        return float(self.value)


@dataclass(frozen=True)
class Filter:
    """A parsed filter: every term must hold. An empty filter matches everything."""

    terms: tuple[Term, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.terms)


def parse_filter(text: str, language: Language = RESPONSES) -> Filter:
    """Parse ``text``; raises ``FilterError`` with a message a user can act on."""
    terms: list[Term] = []
    position = 0
    while True:
        position = _skip_spaces(text, position)
        if position >= len(text):
            return Filter(tuple(terms))
        term, position = _term(text, position, language)
        terms.append(term)


def _skip_spaces(text: str, position: int) -> int:
    while position < len(text) and text[position].isspace():
        position += 1
    return position


def _term(text: str, start: int, language: Language) -> tuple[Term, int]:
    negate = text[start] == "-" and start + 1 < len(text) and not text[start + 1].isspace()
    position = start + 1 if negate else start
    if text[position] == '"':
        value, end = _quoted(text, position)
        return Term(None, ":", value.lower(), negate), end
    word_end = position
    while word_end < len(text) and (text[word_end].isalnum() or text[word_end] == "_"):
        word_end += 1
    operator = next((op for op in _OPERATORS if text.startswith(op, word_end)), None)
    if operator is None or word_end == position:
        value, end = _bare(text, position)
        return Term(None, ":", _clean(value), negate), end
    field = _field(text[position:word_end].lower(), position, language)
    value, end = _value(text, word_end + len(operator), field, operator)
    return _checked(Term(field, operator, value, negate), word_end, language), end


def _field(name: str, position: int, language: Language) -> str:
    field = dict(language.aliases).get(name, name)
    if field not in language.fields:
        fields = ", ".join(language.fields)
        raise FilterError(f"Unknown field '{name}'. Fields: {fields}", position)
    return field


def _value(text: str, position: int, field: str, operator: str) -> tuple[str, int]:
    if position >= len(text) or text[position].isspace():
        raise FilterError(f"'{field}{operator}' needs a value after it", position)
    if text[position] == '"':
        value, end = _quoted(text, position)
    else:
        value, end = _bare(text, position)
    return _clean(value), end


def _checked(term: Term, position: int, language: Language) -> Term:
    field = term.field or ""
    numeric_fields = language.numeric_fields
    if term.op in _COMPARISONS and field not in numeric_fields:
        numeric = ", ".join(numeric_fields)
        raise FilterError(
            f"'{term.op}' compares numbers; '{field}' is text (numeric: {numeric})", position
        )
    if field in numeric_fields:
        try:
            number = float(term.value)
        except ValueError:
            raise FilterError(f"'{field}' needs a number, not '{term.value}'", position) from None
        if not math.isfinite(number):
            raise FilterError(f"'{field}' needs a finite number", position)
    return term


def _quoted(text: str, position: int) -> tuple[str, int]:
    end = text.find('"', position + 1)
    if end < 0:
        raise FilterError('This quote is never closed: add a closing "', position)
    return text[position + 1 : end], end + 1


def _bare(text: str, position: int) -> tuple[str, int]:
    end = position
    while end < len(text) and not text[end].isspace():
        if text[end] == '"':
            raise FilterError('A quote must start a value: write field:"two words"', end)
        end += 1
    return text[position:end], end


def _clean(value: str) -> str:
    """Lower-cased, without a trailing ellipsis (ids copied from a narrow column)."""
    for suffix in ("…", "..."):
        if value.endswith(suffix):
            value = value[: -len(suffix)]
    return value.lower()

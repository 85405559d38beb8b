"""The submissions review table without the UI: lines, columns, filter, sort and selection.

One line per submission, with the evidence once it is loaded (responses, the participant's
agreement and flags). The filter uses the response viewer's language over these columns:

    status:awaiting flag:fast -flag:none agree<0.5 days<=3 responses=0 minutes>20 p:5f3a

``flag:none`` keeps the unflagged, ``-flag:none`` the flagged. Numeric terms drop lines whose
figure is unknown (as the viewer's ``agree<…`` does), unless negated.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from atb_tui.api.models.studies import Submission
from atb_tui.flows.review import AWAITING, ReviewRow, days_left_before_auto_approve
from atb_tui.flows.review_evidence import Evidence
from atb_tui.logic.filter_lang import Filter, Language, Term, parse_filter
from atb_tui.logic.timefmt import short_time
from atb_tui.views.responses.participants import ParticipantRow
from atb_tui.views.table_model import Column

LANGUAGE = Language(
    text_fields=("participant", "submission", "status", "flag", "text"),
    numeric_fields=("agree", "seconds", "minutes", "responses", "days"),
    aliases=(("p", "participant"), ("s", "status"), ("f", "flag"), ("agreement", "agree")),
)
NO_FLAG = "none"
MARK = "✓"
STATUS_STYLES = {"AWAITING REVIEW": "bold yellow", "APPROVED": "green", "REJECTED": "red"}
_COMPARE: dict[str, Callable[[float, float], bool]] = {
    "<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge,
    "=": operator.eq, ":": operator.eq, "~": operator.eq, "!=": operator.ne,
}  # fmt: skip


@dataclass(frozen=True)
class ReviewLine:
    """One submission and what is known about it so far."""

    submission: Submission
    responses: int | None = None  # None: the responses are still loading
    figures: ParticipantRow | None = None
    days_left: int | None = None

    @property
    def id(self) -> str:
        return self.submission.id

    @property
    def awaiting(self) -> bool:
        return self.submission.status == AWAITING

    @property
    def minutes(self) -> float | None:
        """Time taken, in minutes (Prolific's figure, else completed minus started)."""
        item = self.submission
        if item.time_taken is not None:
            return item.time_taken / 60
        if item.started_at and item.completed_at:
            return (item.completed_at - item.started_at).total_seconds() / 60
        return None

    @property
    def flags(self) -> str:
        """The participant's flags in words, "" while unknown, "none" when there are none."""
        if self.figures is None:
            return ""
        return ", ".join(self.figures.flags) or NO_FLAG


def build_lines(
    submissions: Iterable[Submission], evidence: Evidence | None, now: datetime
) -> list[ReviewLine]:
    """Lines in the API's order; evidence (None while loading) fills the figures."""
    lines = []
    for item in submissions:
        responses = figures = None
        if evidence is not None:
            responses = evidence.counts.get(item.id, 0)
            figures = evidence.people.get(item.participant_id)
        days = None
        if item.status == AWAITING:
            days = days_left_before_auto_approve(item.completed_at, now)
        lines.append(ReviewLine(item, responses, figures, days))
    return lines


def review_rows(lines: Iterable[ReviewLine]) -> list[ReviewRow]:
    """The lines as the review flow's rows (for its suggestion of what to approve)."""
    return [ReviewRow(line.submission, line.responses or 0) for line in lines]


# -- cells ----------------------------------------------------------------------------------

COLUMNS = (
    Column("participant", "Participant", priority=9),
    Column("status", "Status", width=15, priority=8),
    Column("started", "Started", width=11, priority=1),
    Column("completed", "Completed", width=11, priority=2),
    Column("taken", "Taken", width=7, align="right", priority=3),
    Column("responses", "Resp.", width=5, align="right", priority=4),
    Column("days", "Auto-approve", width=12, align="right", priority=6),
    Column("agree", "Agree", width=5, align="right", priority=5),
    Column("flags", "Flags", priority=7),
)
MARK_COLUMN = Column("mark", MARK, width=1, priority=10)


def duration(minutes: float | None) -> str:
    """'4m 05s', '1h 02m', or '' when unknown."""
    if minutes is None:
        return ""
    seconds = round(minutes * 60)
    if seconds >= 3600:
        return f"{seconds // 3600}h {seconds % 3600 // 60:02d}m"
    return f"{seconds // 60}m {seconds % 60:02d}s"


def cell(line: ReviewLine, key: str) -> str:
    """One cell of a line, as shown."""
    item, figures = line.submission, line.figures
    if key == "participant":
        return item.participant_id
    if key == "status":
        return item.status
    if key in ("started", "completed"):
        return short_time(item.started_at if key == "started" else item.completed_at)[5:]
    if key == "taken":
        return duration(line.minutes)
    if key == "responses":
        return "…" if line.responses is None else str(line.responses)
    if key == "days":
        return "" if line.days_left is None else f"{line.days_left} days"
    if key == "agree":
        agreement = figures.agreement if figures else None
        return "" if agreement is None else f"{agreement:.2f}"
    return line.flags if line.flags != NO_FLAG else ""


class SubmissionsTable:
    """The lines as a `TableModel`, with a selection mark column when selecting is allowed."""

    def __init__(
        self, lines: Sequence[ReviewLine], selected: set[str], *, marks: bool = True
    ) -> None:
        self.lines = lines
        self.selected = selected
        self.columns: tuple[Column, ...] = ((MARK_COLUMN,) if marks else ()) + COLUMNS
        self._index: dict[str, int] | None = None

    def __len__(self) -> int:
        return len(self.lines)

    def cell(self, row: int, column: int) -> str:
        key, line = self.columns[column].key, self.lines[row]
        if key == "mark":
            return MARK if line.id in self.selected else ""
        return cell(line, key)

    def cell_style(self, row: int, column: int) -> str | None:
        key, line = self.columns[column].key, self.lines[row]
        if key == "status":
            return STATUS_STYLES.get(line.submission.status)
        if key == "flags" and line.flags not in ("", NO_FLAG):
            return "bold red"
        return "bold green" if key == "mark" else None

    def row_key(self, row: int) -> str:
        return self.lines[row].id

    def index_of(self, key: str) -> int | None:
        if self._index is None:
            self._index = {line.id: row for row, line in enumerate(self.lines)}
        return self._index.get(key)


# -- filter and sort ------------------------------------------------------------------------


def parse(text: str) -> Filter:
    """The filter in this view's fields (raises `FilterError` with what is wrong)."""
    return parse_filter(text, LANGUAGE)


def apply(lines: Sequence[ReviewLine], query: Filter) -> list[ReviewLine]:
    """The lines every term keeps, in order."""
    return [line for line in lines if all(_keeps(line, term) for term in query.terms)]


def _keeps(line: ReviewLine, term: Term) -> bool:
    if term.field in LANGUAGE.numeric_fields:
        figure = number(line, term.field)
        hit = figure is not None and _COMPARE[term.op](figure, term.number)
    else:
        hit = _text_hit(_text(line, term.field), term)
    return hit != term.negate


def _text(line: ReviewLine, field: str | None) -> str:
    if field in ("participant", "submission", "status", "flag"):
        values = {
            "participant": line.submission.participant_id,
            "submission": line.id,
            "status": line.submission.status,
            "flag": line.flags,
        }
        return values[field].lower()
    return "\0".join([line.id, *(cell(line, c.key) for c in COLUMNS)]).lower()


def _text_hit(text: str, term: Term) -> bool:
    if term.op == "=":
        return text == term.value
    if term.op == "!=":
        return text != term.value
    return term.value in text


def number(line: ReviewLine, field: str | None) -> float | None:
    """A numeric figure of the line (None when unknown)."""
    figures = line.figures
    if field == "agree":
        return figures.agreement if figures else None
    if field == "seconds":
        return figures.median_seconds if figures else None
    if field == "minutes":
        return line.minutes
    if field == "responses":
        return None if line.responses is None else float(line.responses)
    return None if line.days_left is None else float(line.days_left)


_NUMERIC_COLUMNS = {"taken": "minutes", "responses": "responses", "days": "days", "agree": "agree"}


def sort_lines(lines: Sequence[ReviewLine], key: str, descending: bool) -> list[ReviewLine]:
    """Lines ordered by one column; unknown figures always last."""
    field = _NUMERIC_COLUMNS.get(key)
    if field is not None:
        known = [line for line in lines if number(line, field) is not None]
        unknown = [line for line in lines if number(line, field) is None]
        ordered = sorted(known, key=lambda line: number(line, field) or 0.0, reverse=descending)
        return ordered + unknown
    text_key = "started" if key == "mark" else key
    return sorted(lines, key=lambda line: cell(line, text_key), reverse=descending)

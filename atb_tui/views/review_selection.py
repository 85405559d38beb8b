"""What the submissions review holds between keys, without the UI: the lines, the filter and
sort that pick the shown ones, the selection, and the words of its summary and questions.

The screen keeps one `ReviewSelection`, feeds it the submissions and the evidence as they
arrive, and shows what it computes; every rule about what may be selected lives here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from atb_tui.api.models.studies import Submission
from atb_tui.flows.review import ReviewPlan, plan_approve_unflagged
from atb_tui.flows.review_evidence import Evidence
from atb_tui.logic.filter_lang import Filter
from atb_tui.views import submissions as view
from atb_tui.views.submissions import NO_FLAG, ReviewLine


@dataclass(frozen=True)
class Summary:
    """The two summary lines as plain text: counts (the selection shown bold), then notes."""

    counts: list[str]
    selected: str | None  # None for a read-only profile (nothing can be selected)
    notes: list[str]


@dataclass
class ReviewSelection:
    """Lines, the shown subset (filter, then sort), and the selected submission ids."""

    lines: list[ReviewLine] = field(default_factory=list)
    shown: list[ReviewLine] = field(default_factory=list)
    selected: set[str] = field(default_factory=set)
    filter_query: Filter = field(default_factory=Filter)
    query_text: str = ""
    sort: tuple[str, bool] | None = None  # (column key, descending)
    evidence: Evidence | None = None
    evidence_note: str = "Loading responses…"

    def use_evidence(self, evidence: Evidence) -> None:
        """The figures are in: they fill the lines at the next rebuild."""
        self.evidence, self.evidence_note = evidence, evidence.note

    def rebuild(self, submissions: Sequence[Submission], now: datetime) -> None:
        """Lines from the submissions and the evidence; a selection reviewed meanwhile drops."""
        self.lines = view.build_lines(submissions, self.evidence, now)
        self.selected &= {line.id for line in self.lines if line.awaiting}
        self.pick_shown()

    def pick_shown(self) -> list[ReviewLine]:
        """The lines the filter keeps, in the chosen order."""
        shown = view.apply(self.lines, self.filter_query)
        if self.sort is not None:
            shown = view.sort_lines(shown, *self.sort)
        self.shown = shown
        return shown

    def sort_by(self, key: str) -> bool:
        """Sort on a column: ascending first, then descending; returns whether descending."""
        descending = self.sort is not None and self.sort == (key, False)
        self.sort = (key, descending)
        return descending

    def use_filter(self, query: Filter, text: str) -> None:
        self.filter_query, self.query_text = query, text.strip()

    @property
    def empty_message(self) -> str:
        return "Nothing matches the filter." if self.query_text else "No submissions yet."

    def line_at(self, row: int) -> ReviewLine | None:
        return self.shown[row] if 0 <= row < len(self.shown) else None

    def toggle(self, line: ReviewLine) -> str | None:
        """Select or unselect one line; why not, when it cannot be."""
        if not line.awaiting:
            return (f"Only submissions awaiting review can be selected (this one is "
                    f"{line.submission.status}).")  # fmt: skip
        self.selected ^= {line.id}
        return None

    def suggest(self) -> ReviewPlan | None:
        """Select the unflagged among the shown; None while the figures are still loading."""
        if self.evidence is None:
            return None
        plan = plan_approve_unflagged(view.review_rows(self.shown), self.evidence.flags())
        self.selected = set(plan.approve)
        return plan

    def suggestion_note(self, plan: ReviewPlan) -> str:
        scope = " shown by the filter" if self.query_text else ""
        return (
            f"Selected {len(plan.approve):,} not flagged{scope}; held back {len(plan.flagged):,} "
            f"flagged. A suggestion only: nothing is approved until you confirm."
        )

    def targets(self, cursor_row: int) -> list[ReviewLine]:
        """The selected lines, or else the one under the cursor if it awaits review."""
        if self.selected:
            return [line for line in self.lines if line.id in self.selected]
        line = self.line_at(cursor_row)
        return [line] if line is not None and line.awaiting else []

    def participants(self) -> dict[str, str]:
        """Submission id → participant id, for the words of a run's result."""
        return {line.id: line.submission.participant_id for line in self.lines}

    def summary(self, *, read_only: bool) -> Summary:
        awaiting = [line for line in self.lines if line.awaiting]
        flagged = sum(1 for line in awaiting if line.flags not in ("", NO_FLAG))
        counts = [f"{len(self.lines):,} submissions", f"{len(awaiting):,} awaiting review"]
        if self.evidence is not None and self.evidence.people:
            counts.append(f"{flagged:,} of them flagged")
        selected = None if read_only else f"{len(self.selected):,} selected"
        notes = [self.evidence_note]
        days = [line.days_left for line in awaiting if line.days_left is not None]
        if days:
            notes.append(f"auto-approved by Prolific in {min(days)} days at the earliest")
        if self.query_text:
            notes.append(f"filter: {self.query_text} ({len(self.shown):,} shown)")
        return Summary(counts, selected, notes)


def who(targets: Sequence[ReviewLine]) -> str:
    """Whom a run is about, in words."""
    if len(targets) == 1:
        return f"the submission of participant {targets[0].submission.participant_id}"
    return f"{len(targets):,} submissions"


def flag_warnings(targets: Sequence[ReviewLine]) -> list[str]:
    """One warning per flagged participant about to be approved."""
    return [
        f"⚠ {line.submission.participant_id} is flagged: {line.flags}"
        for line in targets
        if line.flags not in ("", NO_FLAG)
    ]


def filter_count(lines: Sequence[ReviewLine], typed: str) -> str:
    """The live count under the filter line; raises FilterError when it does not parse."""
    count = len(view.apply(lines, view.parse(typed)))
    return f"{count:,} of {len(lines):,} match (Enter applies)"

"""Review a study's submissions: the evidence beside each one, then approve or reject.

Submissions show at once; responses and the participants' figures (agreement, speed and
same-answer flags, computed as the response viewer does) fill their columns when loaded.
Selecting never acts: `n` only pre-selects the unflagged ones as a suggestion. Approving asks
for the typed amount; rejecting needs a category and a message, and a typed REJECT for
several. A run that stops half-way lists what was and was not done; the flow re-reads
statuses first, so running it again never sends anything twice.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from rich.markup import escape
from textual import on, work
from textual.app import ComposeResult
from textual.widgets import Input, Static

from atb_tui.api.errors import ProlificError
from atb_tui.api.models.studies import Study
from atb_tui.commands import bindings
from atb_tui.flows import review
from atb_tui.flows import review_evidence as evidence_flow
from atb_tui.flows.responses import LoadProgress
from atb_tui.flows.review_evidence import Evidence, ReviewSubject
from atb_tui.logic.filter_lang import Filter, FilterError
from atb_tui.screens.base import AtbScreen
from atb_tui.screens.confirm_dialogs import ChoiceScreen
from atb_tui.screens.reject_form import RejectFormScreen
from atb_tui.screens.review_dialogs import (
    ReviewResultScreen,
    approve_confirmation,
    reject_confirmation,
)
from atb_tui.views import submissions as view
from atb_tui.views.review_text import result_lines
from atb_tui.views.submissions import ReviewLine
from atb_tui.widgets import virtual_table_messages as table_messages
from atb_tui.widgets.chrome import key_hint
from atb_tui.widgets.virtual_table import VirtualTable


class ReviewFilterInput(Input):
    """The `/` filter line; Esc closes it (letters type, they never run commands)."""

    BINDINGS = bindings("responses.close_filter")

    def action_close_filter(self) -> None:
        screen = self.screen
        if isinstance(screen, SubmissionsScreen):
            screen.close_filter()


class SubmissionsScreen(AtbScreen):
    """One study's submissions with their evidence, selection, approve and reject."""

    SCREEN_ID = "submissions"
    BINDINGS = bindings(
        "review.toggle", "review.suggest", "review.clear", "review.approve", "review.reject",
        "table.filter", "study.responses", "table.refresh",
    )  # fmt: skip
    DEFAULT_CSS = """
    SubmissionsScreen #review-summary, SubmissionsScreen #review-hint { padding: 0 1; }
    SubmissionsScreen #review-hint { color: $text-muted; }
    SubmissionsScreen #review-progress { padding: 0 1; color: $warning; }
    SubmissionsScreen #review-filter-status { padding: 0 1; color: $text-muted; }
    """
    # How the flow waits between reads of a bulk approval (tests move the sandbox clock).
    poll_sleep: review.Sleep = staticmethod(asyncio.sleep)

    def __init__(self, workspace_id: str, workspace_title: str, study_id: str) -> None:
        super().__init__()
        self.workspace_id = workspace_id
        self.workspace_title = workspace_title
        self.study_id = study_id
        self.subject: ReviewSubject | None = None
        self.evidence: Evidence | None = None
        self.evidence_note = "Loading responses…"
        self.lines: list[ReviewLine] = []
        self.shown: list[ReviewLine] = []
        self.selected: set[str] = set()
        self.filter_query: Filter = Filter()
        self.query_text = ""
        self.sort: tuple[str, bool] | None = None
        self.busy = False

    def compose_body(self) -> ComposeResult:
        yield Static(f"Submissions  ·  {self.study_id}", classes="screen-title", id="title")
        yield Static("Loading submissions…", id="review-summary")
        yield Static("", id="review-hint")
        yield Static("", id="review-progress")
        yield ReviewFilterInput(
            placeholder="status:awaiting flag:fast -flag:none agree<0.5 days<=3 p:5f3a", id="filter"
        )
        yield Static("", id="review-filter-status")
        yield VirtualTable(empty_message="Loading…", id="table")

    def trail(self) -> tuple[str, ...]:
        name = self.subject.study.name if self.subject else self.study_id[:13]
        return (self.workspace_title, "studies", name or self.study_id[:13], "submissions")

    @property
    def table(self) -> VirtualTable:
        return self.query_one("#table", VirtualTable)

    @property
    def read_only(self) -> bool:
        return self.session.read_only

    def on_mount(self) -> None:
        for selector in ("#filter", "#review-progress", "#review-filter-status"):
            self.query_one(selector).display = False
        self.query_one("#review-hint", Static).update(self._hint())
        self.table.focus()
        self.load()

    def _hint(self) -> str:
        keys = {c: key_hint(self.app, c) for c in ("review.toggle", "review.suggest",
                "review.approve", "review.reject", "table.choose", "table.filter")}  # fmt: skip
        evidence = f"{keys['table.choose']} their responses · {keys['table.filter']} filter"
        if self.read_only:
            return escape(f"Read-only profile: approving and rejecting are hidden · {evidence}")
        return escape(
            f"{keys['review.toggle']} select · {keys['review.suggest']} suggest the unflagged · "
            f"{keys['review.approve']} approve · {keys['review.reject']} reject · {evidence}"
        )

    # ---- loading ----------------------------------------------------------------------------

    def action_refresh(self) -> None:
        self.load()

    @work(exclusive=True, group="review-load", exit_on_error=False)
    async def load(self, *, with_evidence: bool = True) -> None:
        subject = await evidence_flow.load_subject(self.client, self.study_id)
        self.subject = subject
        name = subject.study.name or self.study_id
        self.query_one("#title", Static).update(escape(f"Submissions  ·  {name}"))
        self.refresh_chrome()
        self._rebuild()
        if with_evidence or self.evidence is None:
            self.load_evidence(subject)

    @work(exclusive=True, group="review-evidence", exit_on_error=False)
    async def load_evidence(self, subject: ReviewSubject) -> None:
        study = subject.study
        try:
            store = await evidence_flow.load_evidence_store(self.client, study, self._loading)
            if store is None:
                found = await evidence_flow.collection_counts(self.client, study)
            else:  # figures over 100k responses take a while: off the event loop
                found = await asyncio.to_thread(evidence_flow.figures_from_store, store)
        except ProlificError as error:
            self.evidence_note = f"responses unavailable ({error.title}): press r to retry"
            self._rebuild()
            return
        self.evidence, self.evidence_note = found, found.note
        self._rebuild()

    def _loading(self, step: LoadProgress) -> None:
        self.evidence_note = step.describe()
        self._show_summary()

    def _rebuild(self) -> None:
        """Lines from the submissions and evidence, then the filter and sort, on screen."""
        if self.subject is None:
            return
        self.lines = view.build_lines(self.subject.submissions, self.evidence, self.server_now())
        awaiting = {line.id for line in self.lines if line.awaiting}
        self.selected &= awaiting  # reviewed meanwhile: no longer selectable
        self._show_lines()

    def _show_lines(self, *, keep_position: bool = True) -> None:
        shown = view.apply(self.lines, self.filter_query)
        if self.sort is not None:
            shown = view.sort_lines(shown, *self.sort)
        self.shown = shown
        table = self.table
        table.empty_message = (
            "Nothing matches the filter." if self.query_text else "No submissions yet."
        )
        model = view.SubmissionsTable(shown, self.selected, marks=not self.read_only)
        table.set_model(model, keep_position=keep_position)
        self._show_summary()

    def _show_summary(self) -> None:
        lines = self.lines
        awaiting = [line for line in lines if line.awaiting]
        flagged = sum(1 for line in awaiting if line.flags not in ("", view.NO_FLAG))
        parts = [f"{len(lines):,} submissions", f"{len(awaiting):,} awaiting review"]
        if self.evidence is not None and self.evidence.people:
            parts.append(f"{flagged:,} of them flagged")
        if not self.read_only:
            parts.append(f"[b]{len(self.selected):,} selected[/b]")
        second = [escape(self.evidence_note)]
        days = [line.days_left for line in awaiting if line.days_left is not None]
        if days:
            second.append(f"auto-approved by Prolific in {min(days)} days at the earliest")
        if self.query_text:
            second.append(escape(f"filter: {self.query_text} ({len(self.shown):,} shown)"))
        summary = "  ·  ".join(parts) + "\n[dim]" + "  ·  ".join(second) + "[/dim]"
        self.query_one("#review-summary", Static).update(summary)

    # ---- selection --------------------------------------------------------------------------

    def _cursor_line(self) -> ReviewLine | None:
        row = self.table.cursor_row
        return self.shown[row] if 0 <= row < len(self.shown) else None

    def action_toggle_select(self) -> None:
        line = self._cursor_line()
        if line is None:
            return
        if not line.awaiting:
            self.notify(f"Only submissions awaiting review can be selected (this one is "
                        f"{line.submission.status}).", severity="warning")  # fmt: skip
            return
        self.selected ^= {line.id}
        self._show_lines()
        self.table.action_cursor_down()

    def action_select_unflagged(self) -> None:
        if self.subject is None:
            return
        if self.evidence is None:
            self.notify("The participants' figures are still loading: nothing to go on yet.",
                        severity="warning")  # fmt: skip
            return
        plan = review.plan_approve_unflagged(view.review_rows(self.shown), self.evidence.flags())
        self.selected = set(plan.approve)
        self._show_lines()
        scope = " shown by the filter" if self.query_text else ""
        self.notify(
            f"Selected {len(plan.approve):,} not flagged{scope}; held back {len(plan.flagged):,} "
            f"flagged. A suggestion only: nothing is approved until you confirm.",
            timeout=8,
        )

    def action_clear_selection(self) -> None:
        self.selected.clear()
        self._show_lines()

    def _targets(self) -> list[ReviewLine]:
        """The selected lines, or else the one under the cursor if it awaits review."""
        if self.selected:
            return [line for line in self.lines if line.id in self.selected]
        line = self._cursor_line()
        return [line] if line is not None and line.awaiting else []

    def _who(self, targets: list[ReviewLine]) -> str:
        if len(targets) == 1:
            return f"the submission of participant {targets[0].submission.participant_id}"
        return f"{len(targets):,} submissions"

    # ---- approve and reject -----------------------------------------------------------------

    def action_approve(self) -> None:
        targets = self._targets()
        if self._ready(targets):
            self.busy = True
            self.run_approval(targets)

    def action_reject(self) -> None:
        targets = self._targets()
        if self._ready(targets):
            self.busy = True
            self.run_rejection(targets)

    def _ready(self, targets: list[ReviewLine]) -> bool:
        if self.busy or self.subject is None or self.read_only:
            return False
        if not targets:
            self.notify("Select submissions awaiting review first (or put the cursor on one).",
                        severity="warning")  # fmt: skip
        return bool(targets)

    @work(group="review-act", exit_on_error=False)
    async def run_approval(self, targets: list[ReviewLine]) -> None:
        try:
            assert self.subject is not None
            study = self.subject.study
            items = [line.submission for line in targets]
            cost = await review.approval_cost(self.client, study, items)
            warnings = [
                f"⚠ {line.submission.participant_id} is flagged: {line.flags}"
                for line in targets
                if line.flags not in ("", view.NO_FLAG)
            ]
            dialog = approve_confirmation(len(items), cost, study.name or study.id, warnings)
            if not await self.app.push_screen_wait(dialog):
                return
            self._progress(f"Approving {len(items):,}…")
            result = await review.approve(
                self.client, [i.id for i in items], self._progressed("approved"),
                study_id=study.id, sleep=self.poll_sleep,
            )  # fmt: skip
            await self._finish(result, "Approved")
        finally:
            self.busy = False
            self._progress("")

    @work(group="review-act", exit_on_error=False)
    async def run_rejection(self, targets: list[ReviewLine]) -> None:
        try:
            assert self.subject is not None
            choice = await self.app.push_screen_wait(RejectFormScreen(self._who(targets)))
            if choice is None:
                return
            if len(targets) > 1:
                dialog = reject_confirmation(len(targets), choice.category)
                if not await self.app.push_screen_wait(dialog):
                    return
            items = [review.Rejection(t.id, choice.category, choice.message) for t in targets]
            self._progress(f"Rejecting {len(items):,}, one at a time…")
            result = await review.reject_each(
                self.client, items, self._progressed("rejected"), study_id=self.subject.study.id
            )
            await self._finish(result, "Rejected")
        finally:
            self.busy = False
            self._progress("")

    def _progressed(self, verb: str) -> review.Progress:
        def report(done: int, total: int) -> None:
            self._progress(f"{done:,} of {total:,} {verb}…")

        return report

    def _progress(self, text: str) -> None:
        line = self.query_one("#review-progress", Static)
        line.update(text)
        line.display = bool(text)

    async def _finish(self, result: review.ReviewResult, verb: str) -> None:
        """Say what happened (a list when anything was not done), then read the statuses."""
        self.selected -= set(result.done)
        self.load(with_evidence=False)
        if result.complete and not result.skipped:
            self.notify(f"{verb} {len(result.done):,}.", title="Review")
            return
        people = {line.id: line.submission.participant_id for line in self.lines}
        title = f"{verb} {len(result.done):,}" + (
            "" if result.complete else f"; {len(result.not_done):,} not done"
        )
        lines = result_lines(result, verb, people)
        await self.app.push_screen_wait(ReviewResultScreen(title, lines, complete=result.complete))

    # ---- evidence: the participant's responses ----------------------------------------------

    @on(VirtualTable.Chosen)
    async def _chosen(self, event: table_messages.Chosen) -> None:
        line = next((line for line in self.shown if line.id == event.key), None)
        if line is not None:
            await self._open_responses(f"participant:{line.submission.participant_id}")

    async def action_view_responses(self) -> None:
        await self._open_responses("")

    async def _open_responses(self, filter_text: str) -> None:
        from atb_tui.screens.responses import ResponsesScreen  # loaded when first needed

        study = self.subject.study if self.subject else None
        if study is None or study.data_collection_method != evidence_flow.BATCH:
            self.notify("The response viewer shows batch studies only.", severity="warning")
            return
        batch_id = study.data_collection_id or ""
        screen = ResponsesScreen(self.workspace_id, self.workspace_title, batch_id, filter_text)
        await self.app.push_screen(screen)

    # ---- filter and sort --------------------------------------------------------------------

    def action_filter(self) -> None:
        line = self.query_one("#filter", ReviewFilterInput)
        line.display = True
        line.value = self.query_text
        line.focus()

    def close_filter(self) -> None:
        self.query_one("#filter", ReviewFilterInput).display = False
        self.query_one("#review-filter-status").display = False
        self.table.focus()

    @on(Input.Changed, "#filter")
    def _typing(self, event: Input.Changed) -> None:
        status = self.query_one("#review-filter-status", Static)
        status.display = True
        try:
            count = len(view.apply(self.lines, view.parse(event.value)))
        except FilterError as error:
            status.update(f"[b]Filter:[/b] {escape(str(error))}")
            return
        status.update(f"{count:,} of {len(self.lines):,} match (Enter applies)")

    @on(Input.Submitted, "#filter")
    def _submitted(self, event: Input.Submitted) -> None:
        try:
            self.filter_query = view.parse(event.value)
        except FilterError:
            return  # the status line already says what is wrong
        self.query_text = event.value.strip()
        self.close_filter()
        self._show_lines(keep_position=False)

    @on(VirtualTable.SortRequested)
    def _sort(self, event: table_messages.SortRequested) -> None:
        key = self.table.model.columns[event.column_index].key
        descending = self.sort is not None and self.sort == (key, False)
        self.sort = (key, descending)
        self.table.sort_column, self.table.sort_descending = event.column_index, descending
        self._show_lines()


async def open_submissions_of(screen: AtbScreen, studies: Sequence[Study]) -> None:
    """Open the review of a batch's study; asks which when several run on the batch."""
    if not studies:
        screen.notify("No study runs on this batch yet.", severity="warning")
        return
    if len(studies) == 1:
        await screen.atb.open_item("submissions", studies[0].id, studies[0].name or "")
        return

    def chosen(study_id: str | None) -> None:
        if study_id:
            screen.app.call_later(screen.atb.open_item, "submissions", study_id)

    choices = [(s.id, f"{s.name} ({s.status})") for s in studies]
    dialog = ChoiceScreen("Review which study?", "Several studies run on this batch.", choices)
    screen.app.push_screen(dialog, chosen)

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

from rich.markup import escape
from textual import on, work
from textual.app import ComposeResult
from textual.widgets import Input, Static

from atb_tui.api.errors import ProlificError
from atb_tui.commands import bindings
from atb_tui.flows import review
from atb_tui.flows import review_evidence as evidence_flow
from atb_tui.flows.responses import LoadProgress
from atb_tui.flows.review_evidence import Evidence, ReviewSubject
from atb_tui.logic.filter_lang import FilterError
from atb_tui.messages import OpenChild
from atb_tui.paths import styles_dir
from atb_tui.screens.base import AtbScreen
from atb_tui.screens.reject_form import RejectFormScreen
from atb_tui.screens.review_dialogs import (
    ReviewResultScreen,
    approve_confirmation,
    reject_confirmation,
)
from atb_tui.views import submissions as view
from atb_tui.views.review_selection import ReviewSelection, filter_count, flag_warnings, who
from atb_tui.views.review_text import result_lines, result_title
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
    CSS_PATH = str(styles_dir() / "review.tcss")
    # How the flow waits between reads of a bulk approval (tests move the sandbox clock).
    poll_sleep: review.Sleep = staticmethod(asyncio.sleep)

    def __init__(self, workspace_id: str, workspace_title: str, study_id: str) -> None:
        super().__init__()
        self.workspace_id = workspace_id
        self.workspace_title = workspace_title
        self.study_id = study_id
        self.subject: ReviewSubject | None = None
        self.review = ReviewSelection()
        # The screen's widgets, held rather than looked up each time.
        self.title_line = Static(f"Submissions  ·  {study_id}", classes="screen-title", id="title")
        self.summary_line = Static("Loading submissions…", id="review-summary")
        self.hint_line = Static("", id="review-hint")
        self.progress_line = Static("", id="review-progress")
        self.filter_line = ReviewFilterInput(
            placeholder="status:awaiting flag:fast -flag:none agree<0.5 days<=3 p:5f3a", id="filter"
        )
        self.filter_status = Static("", id="review-filter-status")
        self.table = VirtualTable(empty_message="Loading…", id="table")

    # What the tests and the summary read: the review's lines, shown subset and selection.
    @property
    def lines(self) -> list[ReviewLine]:
        return self.review.lines

    @property
    def shown(self) -> list[ReviewLine]:
        return self.review.shown

    @property
    def selected(self) -> set[str]:
        return self.review.selected

    @property
    def evidence(self) -> Evidence | None:
        return self.review.evidence

    def compose_body(self) -> ComposeResult:
        yield self.title_line
        yield self.summary_line
        yield self.hint_line
        yield self.progress_line
        yield self.filter_line
        yield self.filter_status
        yield self.table

    def trail(self) -> tuple[str, ...]:
        name = self.subject.study.name if self.subject else self.study_id[:13]
        return (self.workspace_title, "studies", name or self.study_id[:13], "submissions")

    @property
    def read_only(self) -> bool:
        return self.session.read_only

    def on_mount(self) -> None:
        for hidden in (self.filter_line, self.progress_line, self.filter_status):
            hidden.display = False
        self.hint_line.update(self._hint())
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
        self.title_line.update(escape(f"Submissions  ·  {name}"))
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
            self.review.evidence_note = f"responses unavailable ({error.title}): press r to retry"
            self._rebuild()
            return
        self.review.use_evidence(found)
        self._rebuild()

    def _loading(self, step: LoadProgress) -> None:
        self.review.evidence_note = step.describe()
        self._show_summary()

    def _rebuild(self) -> None:
        """Lines from the submissions and evidence, then the filter and sort, on screen."""
        if self.subject is not None:
            self.review.rebuild(self.subject.submissions, self.server_now())
            self._show_lines()

    def _show_lines(self, *, keep_position: bool = True) -> None:
        shown = self.review.pick_shown()
        self.table.empty_message = self.review.empty_message
        model = view.SubmissionsTable(shown, self.selected, marks=not self.read_only)
        self.table.set_model(model, keep_position=keep_position)
        self._show_summary()

    def _show_summary(self) -> None:
        summary = self.review.summary(read_only=self.read_only)
        bold = [f"[b]{summary.selected}[/b]"] if summary.selected is not None else []
        notes = "  ·  ".join(escape(note) for note in summary.notes)
        text = "  ·  ".join([*summary.counts, *bold]) + f"\n[dim]{notes}[/dim]"
        self.summary_line.update(text)

    # ---- selection --------------------------------------------------------------------------

    def action_toggle_select(self) -> None:
        line = self.review.line_at(self.table.cursor_row)
        if line is None:
            return
        problem = self.review.toggle(line)
        if problem is not None:
            self.notify(problem, severity="warning")
            return
        self._show_lines()
        self.table.action_cursor_down()

    def action_select_unflagged(self) -> None:
        if self.subject is None:
            return
        plan = self.review.suggest()
        if plan is None:
            self.notify("The participants' figures are still loading: nothing to go on yet.",
                        severity="warning")  # fmt: skip
            return
        self._show_lines()
        self.notify(self.review.suggestion_note(plan), timeout=8)

    def action_clear_selection(self) -> None:
        self.selected.clear()
        self._show_lines()

    def _targets(self) -> list[ReviewLine]:
        return self.review.targets(self.table.cursor_row)

    # ---- approve and reject -----------------------------------------------------------------

    @property
    def busy(self) -> bool:
        """An approval or rejection run is under way (a second one waits for it)."""
        return any(w.group == "review-act" and w.node is self and not w.is_finished
                   for w in self.workers)  # fmt: skip

    def action_approve(self) -> None:
        targets = self._targets()
        if self._ready(targets):
            self.run_approval(targets)

    def action_reject(self) -> None:
        targets = self._targets()
        if self._ready(targets):
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
            warnings = flag_warnings(targets)
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
            self._progress("")

    @work(group="review-act", exit_on_error=False)
    async def run_rejection(self, targets: list[ReviewLine]) -> None:
        try:
            assert self.subject is not None
            choice = await self.app.push_screen_wait(RejectFormScreen(who(targets)))
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
            self._progress("")

    def _progressed(self, verb: str) -> review.Progress:
        def report(done: int, total: int) -> None:
            self._progress(f"{done:,} of {total:,} {verb}…")

        return report

    def _progress(self, text: str) -> None:
        line = self.progress_line
        line.update(text)
        line.display = bool(text)

    async def _finish(self, result: review.ReviewResult, verb: str) -> None:
        """Say what happened (a list when anything was not done), then read the statuses."""
        self.review.selected -= set(result.done)
        self.load(with_evidence=False)
        if result.complete and not result.skipped:
            self.notify(f"{verb} {len(result.done):,}.", title="Review")
            return
        title = result_title(result, verb)
        lines = result_lines(result, verb, self.review.participants())
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
        self.navigate(OpenChild(screen))

    # ---- filter and sort --------------------------------------------------------------------

    def action_filter(self) -> None:
        line = self.filter_line
        line.display = True
        line.value = self.review.query_text
        line.focus()

    def close_filter(self) -> None:
        self.filter_line.display = False
        self.filter_status.display = False
        self.table.focus()

    @on(Input.Changed, "#filter")
    def _typing(self, event: Input.Changed) -> None:
        status = self.filter_status
        status.display = True
        try:
            status.update(filter_count(self.lines, event.value))
        except FilterError as error:
            status.update(f"[b]Filter:[/b] {escape(str(error))}")

    @on(Input.Submitted, "#filter")
    def _submitted(self, event: Input.Submitted) -> None:
        try:
            self.review.use_filter(view.parse(event.value), event.value)
        except FilterError:
            return  # the status line already says what is wrong
        self.close_filter()
        self._show_lines(keep_position=False)

    @on(VirtualTable.SortRequested)
    def _sort(self, event: table_messages.SortRequested) -> None:
        key = self.table.model.columns[event.column_index].key
        descending = self.review.sort_by(key)
        self.table.sort_column, self.table.sort_descending = event.column_index, descending
        self._show_lines()

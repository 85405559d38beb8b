"""Launch a READY batch as a Prolific study: a draft first, publishing as a separate step.

The form autosaves locally. Ctrl+S creates (or updates) the UNPUBLISHED draft, which spends
nothing; Ctrl+G publishes after a confirmation that repeats the amount and wants it typed (both
keys come from the registry: a letter would be typed into the focused field). The studies the
batch already has are listed; creating another while one runs needs a typed confirmation. A
create or publish whose answer was lost is never repeated blindly: the studies are re-read first.
"""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Input, Static

from atb_tui.api.models.studies import Study
from atb_tui.commands import bindings, key_label
from atb_tui.flows import studies as flow
from atb_tui.logic.money import CostEstimate
from atb_tui.messages import OpenItem
from atb_tui.paths import styles_dir
from atb_tui.screens.base import AtbScreen
from atb_tui.screens.study_actions import another_study_confirmation, publish_confirmation
from atb_tui.storage.errors import StorageError
from atb_tui.views import study_launch as view
from atb_tui.views.study_plan import FormValues, LaunchKind, StudyPlan, parse_plan, running
from atb_tui.widgets.status import status_text
from atb_tui.widgets.study_form import StudyForm

ACT = "launch-act"  # saving and publishing: one at a time, dialogs included


class StudyLaunchScreen(AtbScreen):
    """The study form with its live summary; creates the draft, then publishes it."""

    SCREEN_ID = "study_launch"
    BINDINGS = bindings("study.save_draft", "launch.publish")
    CSS_PATH = str(styles_dir() / "studies.tcss")

    def __init__(
        self, workspace_id: str, workspace_title: str, batch_id: str, kind: LaunchKind = "batch"
    ) -> None:
        super().__init__()
        self.workspace_id = workspace_id
        self.workspace_title = workspace_title
        self.batch_id = batch_id  # the batch's or, with kind "collection", the collection's id
        self.kind: LaunchKind = kind
        self.target: flow.LaunchTarget | None = None  # the batch, its task groups, the balance
        self.study: Study | None = None
        self.others: list[Study] = []  # the batch's studies other than our draft
        self.values: FormValues = {}
        self.saved_values: FormValues | None = None
        self.baseline: FormValues | None = None  # the study's or the defaults: "no edits"
        self.api_cost: CostEstimate | None = None
        self.loaded = False

    def compose_body(self) -> ComposeResult:
        yield Static("Launch a study · loading…", id="launch-title", classes="screen-title")
        yield Static("", id="launch-state")
        yield Static("", id="launch-others")
        yield Horizontal(Static("", id="launch-summary"), id="launch-main")

    def trail(self) -> tuple[str, ...]:
        name = self.target.name if self.target else self.batch_id[:13]
        area = "collections" if self.kind == "collection" else "batches"
        return (self.workspace_title, area, name, "launch")

    @property
    def draft_key(self) -> str:
        return f"study/{self.session.profile.name}/{self.batch_id}"

    @property
    def currency(self) -> str:
        return self.target.fetched.currency if self.target else "GBP"

    @property
    def plan(self) -> StudyPlan:
        return parse_plan(self.values, self.currency)

    @property
    def dirty(self) -> bool:
        return self.values != self.saved_values

    @property
    def busy(self) -> bool:
        """A save or a publish is under way (its worker, dialogs included)."""
        return any(w.node is self and w.group == ACT and not w.is_finished for w in self.workers)

    def unsaved_changes(self) -> str | None:
        """Form edits not yet in the Prolific draft: `q` asks first (see screens/unsaved.py)."""
        if self.baseline is None or self.session.read_only or self.values == self.baseline:
            return None
        return "the launch form's changes — a draft is kept on this machine for next time"

    def on_mount(self) -> None:
        self.load()

    def on_resize(self) -> None:
        # Below 100 columns the summary goes under the form, which scrolls (with a hint).
        self.set_class(self.size.width < 100, "-narrow")

    # ---- loading ----------------------------------------------------------------------------

    @work(exclusive=True, group="launch-load", exit_on_error=False)
    async def load(self) -> None:
        target = await flow.launch_target(self.client, self.workspace_id, self.batch_id, self.kind)
        self.target = target
        self._take(target.studies)
        self.values = view.form_values(target.name, self.currency, self.study, self.others)
        self.saved_values = dict(self.values) if self.study else None
        self.baseline = dict(self.values)
        self._restore_local_draft()
        self.refresh_chrome()
        self.query_one("#launch-title", Static).update(f"Launch a study · {target.name}")
        form = StudyForm(self.values, id="study-form", kind=self.kind)
        await self.query_one("#launch-main").mount(form, before=0)
        form.set_locked(self.session.read_only)
        if not self.session.read_only:
            form.query_one("#study-name", Input).focus()
        if self.study:
            await self._fetch_cost()
        self._redraw()
        self.loaded = True  # only now: the form is mounted, focused and costed

    def _take(self, studies: flow.TargetStudies) -> None:
        """The batch's draft (so nothing is created twice) and its other studies, to list."""
        self.study, self.others = studies.draft, list(studies.others)

    def key(self, command_id: str) -> str:
        """The key of a command as the user has it (remaps included), for hints."""
        return key_label(self.app, command_id, self.atb.settings.keymap)

    def _restore_local_draft(self) -> None:
        try:
            draft = self.atb.drafts.load(self.draft_key)
        except StorageError as error:
            self.notify(str(error), severity="error")
            return
        saved = draft.data.get("values") if draft else None
        if isinstance(saved, dict) and saved != self.values:
            self.values = {**self.values, **saved}
            self.notify("Restored the study form you had not saved.")

    # ---- the form and its summary -----------------------------------------------------------

    @on(StudyForm.Changed)
    def _edited(self, event: StudyForm.Changed) -> None:
        self.values = event.values
        self._autosave()
        self._redraw()

    def _autosave(self) -> None:
        try:
            if self.dirty:
                self.atb.drafts.save(self.draft_key, {"values": self.values})
            else:
                self.atb.drafts.delete(self.draft_key)
        except StorageError as error:
            self.notify(f"The form could not be saved locally: {error}", severity="error")

    def _redraw(self) -> None:
        plan = self.plan
        forms = self.query(StudyForm)
        if forms:
            forms.first().show_problems(plan.problems)
        save, publish = self.key("study.save_draft"), self.key("launch.publish")
        status = status_text(self.study.status).markup if self.study else ""
        state = view.state_text(self.study, status, self.dirty, save, publish)
        self.query_one("#launch-state", Static).update(state)
        others = view.others_text(self.others, self.kind, self.currency, save)
        self.query_one("#launch-others", Static).update(others)
        fetched = self.target.fetched if self.target else view.Fetched()
        lines = view.summary_lines(plan, fetched, self.api_cost, self.kind)
        self.query_one("#launch-summary", Static).update("\n".join(lines))

    async def _fetch_cost(self) -> None:
        if self.study is not None:  # else the local estimate is shown, labelled as such
            self.api_cost = await flow.study_cost(self.client, self.study.id, self.currency)

    # ---- the draft --------------------------------------------------------------------------

    def action_study_save_draft(self) -> None:
        if self.loaded and not self.busy:
            self.save()

    @work(exclusive=True, group=ACT, exit_on_error=False)
    async def save(self) -> None:
        """Create or update the draft; a second study on a running batch asks first."""
        plan = self.plan
        if not plan.ok:
            self.notify("Fix the marked fields first.", severity="warning")
        elif self.study is not None and self.study.status != "UNPUBLISHED":
            self.notify(f"The study is {self.study.status}; it can't be edited here.")
        elif self.study is None and running(self.others):
            dialog = another_study_confirmation(running(self.others), self.kind, self.currency)
            if await self.app.push_screen_wait(dialog):
                await self._save(plan)
        else:
            await self._save(plan)

    async def _save(self, plan: StudyPlan) -> None:
        known = flow.TargetStudies(self.study, tuple(self.others))
        groups = self.target.fetched.task_groups if self.target else 0
        key = self.key("study.save_draft")
        try:
            saved = await flow.save_draft(self.client, known, self.batch_id, plan, kind=self.kind,
                                          task_groups=groups)  # fmt: skip
        except flow.OutcomeUncheckedError:
            self.notify(view.UNCHECKED_CREATE.format(key=key), severity="error")
            return
        self._take(saved.studies)
        if saved.lost:
            text, warning = view.lost_create_message(self.study, key)
            self.notify(text, severity="warning" if warning else "information")
            self._redraw()
            return
        self.saved_values = dict(self.values)
        self._autosave()
        await self._fetch_cost()
        self._redraw()
        assert self.study is not None
        self.notify(f"Draft study saved ({self.study.id}). Nothing is spent until you publish.")

    # ---- publishing -------------------------------------------------------------------------

    def action_study_publish(self) -> None:
        key = self.key("study.save_draft")
        if self.study is None:
            self.notify(view.DRAFT_FIRST.format(key=key))
        elif self.dirty:
            self.notify(view.SAVE_FIRST.format(key=key), severity="warning")
        elif not self.busy:
            self.publish()

    @work(exclusive=True, group=ACT, exit_on_error=False)
    async def publish(self) -> None:
        """Re-read the study (never publish twice), confirm the amount, publish once."""
        assert self.study is not None
        self.study = await self.client.studies.get(self.study.id)
        self._redraw()
        if not flow.allowed("PUBLISH", self.study.status):
            self.notify(f"The study is already {self.study.status}; nothing to publish.")
            return
        await self._fetch_cost()
        self._redraw()
        balance = self.target.fetched.balance if self.target else None
        dialog = publish_confirmation(
            self.study, self.api_cost, balance, self.currency, running(self.others)
        )
        if await self.app.push_screen_wait(dialog):
            await self._publish(self.study.id)

    async def _publish(self, study_id: str) -> None:
        key = self.key("launch.publish")
        try:
            written = await flow.transition(self.client, study_id, "PUBLISH")
        except flow.OutcomeUncheckedError:
            self.notify(view.UNCHECKED_PUBLISH.format(key=key), severity="error", timeout=15)
            return
        self.study = written.study
        if written.lost and self.study.status == "UNPUBLISHED":
            self.notify(view.NOT_PUBLISHED.format(key=key), severity="warning", timeout=10)
            self._redraw()
            return
        if written.lost:
            self.notify(view.PUBLISHED_ANYWAY.format(status=self.study.status))
        self._published(self.study)

    def _published(self, study: Study) -> None:
        try:
            self.atb.drafts.delete(self.draft_key)
        except StorageError as error:
            self.notify(str(error), severity="warning")
        self._redraw()
        # Posted to the app itself so the toast queued after it is raised once the study shows
        # (raised on the form, it appeared on each screen). The study takes the form's place.
        workspace = (self.workspace_id, self.workspace_title)
        self.navigate(OpenItem("study", study.id, study.name, replace=True,
                                       workspace=workspace))  # fmt: skip
        self.app.call_later(
            self.app.notify, "Published: participants can start.", title="Study live"
        )

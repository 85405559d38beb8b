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

from atb_tui.api.models.batches import Batch
from atb_tui.api.models.studies import Study
from atb_tui.commands import bindings, key_label
from atb_tui.flows.studies import (
    OutcomeUncheckedError,
    TargetStudies,
    allowed,
    save_draft,
    study_cost,
    target_studies,
    transition,
)
from atb_tui.logic.money import CostEstimate
from atb_tui.messages import OpenItem
from atb_tui.paths import styles_dir
from atb_tui.screens.base import AtbScreen
from atb_tui.screens.study_actions import another_study_confirmation, publish_confirmation
from atb_tui.storage.errors import StorageError
from atb_tui.views.study_launch import others_text, summary_lines
from atb_tui.views.study_plan import (
    FormValues,
    LaunchKind,
    StudyPlan,
    default_values,
    distinct_name,
    parse_plan,
    running,
    values_of,
)
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
        self.target_name = ""
        self.current_batch: Batch | None = None
        self.study: Study | None = None
        self.others: list[Study] = []  # the batch's studies other than our draft
        self.task_groups = 0
        self.balance: int | None = None
        self.currency = "GBP"
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
        name = self.target_name or self.batch_id[:13]
        area = "collections" if self.kind == "collection" else "batches"
        return (self.workspace_title, area, name, "launch")

    @property
    def draft_key(self) -> str:
        return f"study/{self.session.profile.name}/{self.batch_id}"

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
        await self._load_target()
        balance = await self.client.workspaces.balance(self.workspace_id)
        self.currency = (balance.currency_code or "GBP").upper()
        self.balance = balance.available_balance
        self._take(await target_studies(self.client, self.batch_id))
        self.values = values_of(self.study, self.currency) if self.study else self._defaults()
        self.saved_values = dict(self.values) if self.study else None
        self.baseline = dict(self.values)
        self._restore_local_draft()
        self.refresh_chrome()
        self.query_one("#launch-title", Static).update(f"Launch a study · {self.target_name}")
        form = StudyForm(self.values, id="study-form", kind=self.kind)
        await self.query_one("#launch-main").mount(form, before=0)
        form.set_locked(self.session.read_only)
        if not self.session.read_only:
            form.query_one("#study-name", Input).focus()
        if self.study:
            await self._fetch_cost()
        self._redraw()
        self.loaded = True  # only now: the form is mounted, focused and costed

    async def _load_target(self) -> None:
        if self.kind == "collection":  # answered whole by each participant: one "task group"
            self.target_name = (await self.client.collections.get(self.batch_id)).name
            self.task_groups = 1
            return
        batch = await self.client.batches.get(self.batch_id)
        self.current_batch, self.target_name = batch, batch.name
        self.task_groups = batch.total_task_groups or len(
            await self.client.batches.task_groups(batch.id)
        )

    def _take(self, studies: TargetStudies) -> None:
        """The batch's draft (so nothing is created twice) and its other studies, to list."""
        self.study, self.others = studies.draft, list(studies.others)

    def _defaults(self) -> dict[str, object]:
        values = default_values(self.target_name, self.currency)
        values["name"] = distinct_name(self.target_name, (s.name for s in self.others))
        return values

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
        self.query_one("#launch-state", Static).update(self._state_text())
        others = others_text(self.others, self.kind, self.currency, self.key("study.save_draft"))
        self.query_one("#launch-others", Static).update(others)
        status = self.current_batch.status if self.current_batch else None
        lines = summary_lines(plan, self.task_groups, self.balance, self.currency,
                              self.api_cost, self.kind, status)  # fmt: skip
        self.query_one("#launch-summary", Static).update("\n".join(lines))

    def _state_text(self) -> str:
        save, publish = self.key("study.save_draft"), self.key("launch.publish")
        if self.study is None:
            return f"No study yet. {save} creates a draft (UNPUBLISHED) — nothing is spent."
        status = status_text(self.study.status).markup
        unsaved = (
            f"  ·  [b $warning]● form changed: {save} updates the draft[/]" if self.dirty else ""
        )
        ready = self.study.status == "UNPUBLISHED" and not self.dirty
        step = f"  ·  {publish} publishes" if ready else ""
        return f"Study {self.study.id}  {status}{unsaved}{step}"

    async def _fetch_cost(self) -> None:
        if self.study is not None:  # else the local estimate is shown, labelled as such
            self.api_cost = await study_cost(self.client, self.study.id, self.currency)

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
        known = TargetStudies(self.study, tuple(self.others))
        try:
            saved = await save_draft(self.client, known, self.batch_id, plan, kind=self.kind,
                                     task_groups=self.task_groups)  # fmt: skip
        except OutcomeUncheckedError:
            self.notify(
                "The answer was lost and Prolific can't be reached to check. Your form "
                f"is kept; press {self.key('study.save_draft')} again later (it checks first).",
                severity="error",
            )
            return
        self._take(saved.studies)
        if saved.lost:
            self._after_lost_create()
            return
        self.saved_values = dict(self.values)
        self._autosave()
        await self._fetch_cost()
        self._redraw()
        assert self.study is not None
        self.notify(f"Draft study saved ({self.study.id}). Nothing is spent until you publish.")

    def _after_lost_create(self) -> None:
        if self.study is not None:
            self.notify(f"The connection dropped, but the draft was created ({self.study.id}).")
        else:
            self.notify(
                "The connection dropped and no draft was created. "
                f"{self.key('study.save_draft')} tries again.",
                severity="warning",
            )
        self._redraw()

    # ---- publishing -------------------------------------------------------------------------

    def action_study_publish(self) -> None:
        if self.study is None:
            self.notify(
                f"Create the draft first ({self.key('study.save_draft')}); "
                "publishing is a separate step."
            )
        elif self.dirty:
            self.notify(
                f"The form has changes: {self.key('study.save_draft')} updates the draft, "
                "then publish.",
                severity="warning",
            )
        elif not self.busy:
            self.publish()

    @work(exclusive=True, group=ACT, exit_on_error=False)
    async def publish(self) -> None:
        """Re-read the study (never publish twice), confirm the amount, publish once."""
        assert self.study is not None
        self.study = await self.client.studies.get(self.study.id)
        self._redraw()
        if not allowed("PUBLISH", self.study.status):
            self.notify(f"The study is already {self.study.status}; nothing to publish.")
            return
        await self._fetch_cost()
        self._redraw()
        dialog = publish_confirmation(
            self.study, self.api_cost, self.balance, self.currency, running(self.others)
        )
        if await self.app.push_screen_wait(dialog):
            await self._publish(self.study.id)

    async def _publish(self, study_id: str) -> None:
        try:
            written = await transition(self.client, study_id, "PUBLISH")
        except OutcomeUncheckedError:
            self.notify(
                "The publish's outcome is unknown and Prolific can't be reached. Don't "
                "publish again until the study's status is known "
                f"({self.key('launch.publish')} re-checks first).",
                severity="error",
                timeout=15,
            )
            return
        self.study = written.study
        if written.lost and self.study.status == "UNPUBLISHED":
            self.notify(
                "The connection dropped and the study was NOT published. "
                f"{self.key('launch.publish')} tries again.",
                severity="warning",
                timeout=10,
            )
            self._redraw()
            return
        if written.lost:
            self.notify(
                f"The connection dropped, but the study was published ({self.study.status})."
            )
        self._published(self.study)

    def _published(self, study: Study) -> None:
        self._delete_local_draft()
        self._redraw()
        # Posted to the app itself so the toast queued after it is raised once the study shows
        # (raised on the form, it appeared on each screen). The study takes the form's place.
        workspace = (self.workspace_id, self.workspace_title)
        self.app.post_message(OpenItem("study", study.id, study.name, replace=True,
                                       workspace=workspace))  # fmt: skip
        self.app.call_later(
            self.app.notify, "Published: participants can start.", title="Study live"
        )

    def _delete_local_draft(self) -> None:
        try:
            self.atb.drafts.delete(self.draft_key)
        except StorageError as error:
            self.notify(str(error), severity="warning")

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

from atb_tui.api import APIConnectionError, OutcomeUnknownError, ProlificError
from atb_tui.api.models.batches import Batch
from atb_tui.api.models.studies import Study
from atb_tui.commands import bindings, key_label
from atb_tui.logic.money import CostEstimate, MoneyError, cost_from_study_cost
from atb_tui.screens.base import AtbScreen
from atb_tui.screens.confirm_dialogs import ConfirmSpendScreen
from atb_tui.screens.study_actions import publish_confirmation
from atb_tui.storage.errors import StorageError
from atb_tui.views.study_plan import (
    FormValues,
    LaunchKind,
    StudyPlan,
    create_request,
    default_values,
    distinct_name,
    local_totals,
    other_study_lines,
    parse_plan,
    running,
    update_request,
    values_of,
)
from atb_tui.widgets.status import status_text
from atb_tui.widgets.study_form import StudyForm

LOST = (OutcomeUnknownError, APIConnectionError)


class StudyLaunchScreen(AtbScreen):
    """The study form with its live summary; creates the draft, then publishes it."""

    SCREEN_ID = "study_launch"
    BINDINGS = bindings("study.save_draft", "launch.publish")
    DEFAULT_CSS = """
    StudyLaunchScreen #launch-state { height: auto; padding: 0 1; }
    StudyLaunchScreen #launch-others { height: auto; max-height: 6; padding: 0 1; }
    StudyLaunchScreen.-narrow #launch-main { layout: vertical; }
    StudyLaunchScreen.-narrow #launch-summary { width: 1fr; height: auto; max-height: 9; }
    StudyLaunchScreen #launch-summary {
        width: 42; height: 1fr; border: round $accent; padding: 0 1;
    }
    """

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
        self.busy = False

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
        self.study = await self._existing_draft()
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

    def _defaults(self) -> dict[str, object]:
        values = default_values(self.target_name, self.currency)
        values["name"] = distinct_name(self.target_name, (s.name for s in self.others))
        return values

    async def _existing_draft(self) -> Study | None:
        """An unpublished study already made for this batch (so nothing is created twice).

        The batch's other studies are kept in `others`: the form lists them and warns.
        """
        studies = await self.client.studies.list()
        mine = [s for s in studies if s.data_collection_id == self.batch_id]
        drafts = [s for s in mine if s.status == "UNPUBLISHED"]
        draft = max(drafts, key=lambda s: str(s.date_created or ""), default=None)
        self.others = [s for s in mine if draft is None or s.id != draft.id]
        return draft

    def key(self, command_id: str) -> str:
        """The key of a command as the user has it (remaps included), for hints."""
        return key_label(self.app, command_id, self.atb.settings.keymap)

    def _others_text(self) -> str:
        if not self.others:
            return ""
        lines = [f"[dim]Studies of this {self.kind}:[/] {_esc(line)}"
                 for line in other_study_lines(self.others, self.currency)]  # fmt: skip
        live = running(self.others)
        if live:
            lines.append(
                f"[b $warning]⚠ {len(live)} of them {'is' if len(live) == 1 else 'are'} "
                "running: another study doubles the work and the spend "
                f"({self.key('study.save_draft')} asks you to confirm).[/]"
            )
        return "\n".join(lines)

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
        self.query_one("#launch-others", Static).update(self._others_text())
        try:
            totals = local_totals(
                plan, self.task_groups, self.balance, self.currency, self.api_cost, self.kind
            )
            lines = totals.lines()
        except MoneyError as error:
            lines = [f"[b $error]{error}[/]"]
        batch = self.current_batch
        if batch is not None and batch.status != "READY":
            lines.append(
                f"[b $warning]⚠ The batch is {batch.status}; it must be READY to publish.[/]"
            )
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
        if self.study is None:
            return
        try:
            cost = await self.client.studies.cost(self.study.id, projected=True)
            self.api_cost = cost_from_study_cost(
                cost.model_dump(mode="json"), currency=self.currency
            )
        except (ProlificError, MoneyError):
            self.api_cost = None  # the local estimate is shown, labelled as such

    # ---- the draft --------------------------------------------------------------------------

    def action_study_save_draft(self) -> None:
        plan = self.plan
        if not self.loaded or self.busy:
            return
        if not plan.ok:
            self.notify("Fix the marked fields first.", severity="warning")
        elif self.study is not None and self.study.status != "UNPUBLISHED":
            self.notify(f"The study is {self.study.status}; it can't be edited here.")
        elif self.study is None and running(self.others):
            self.app.push_screen(self._another_confirmation(), self._another_confirmed)
        else:
            self.save_draft(plan)

    def _another_confirmation(self) -> ConfirmSpendScreen:
        live = running(self.others)
        lines = [
            f"This {self.kind} already has a running study:",
            *(f"  • {line}" for line in other_study_lines(live, self.currency)),
            "Another study sends the same tasks to more participants and spends again.",
        ]
        return ConfirmSpendScreen(
            f"Create another study on this {self.kind}?", lines, "", ["ANOTHER"], "Create draft"
        )

    def _another_confirmed(self, confirmed: bool | None) -> None:
        if confirmed and self.study is None and self.plan.ok:
            self.save_draft(self.plan)

    @work(exclusive=True, group="launch-save", exit_on_error=False)
    async def save_draft(self, plan: StudyPlan) -> None:
        self.busy = True
        try:
            self.study = await self._create_or_update(plan)
        except LOST:
            await self._after_lost_create()
            return
        finally:
            self.busy = False
        self.saved_values = dict(self.values)
        self._autosave()
        await self._fetch_cost()
        self._redraw()
        self.notify(f"Draft study saved ({self.study.id}). Nothing is spent until you publish.")

    async def _create_or_update(self, plan: StudyPlan) -> Study:
        if self.study is None:
            self.study = await self._existing_draft()  # someone (or a lost answer) made one
        places = self.task_groups * plan.annotators
        if self.study is not None:
            changes = update_request(plan, self.kind, places)
            return await self.client.studies.update(self.study.id, changes)
        request = create_request(plan, self.batch_id, places, self.kind)
        return await self.client.studies.create(request)

    async def _after_lost_create(self) -> None:
        try:
            self.study = await self._existing_draft()
        except ProlificError:
            self.notify(
                "The answer was lost and Prolific can't be reached to check. Your form "
                f"is kept; press {self.key('study.save_draft')} again later (it checks first).",
                severity="error",
            )
            return
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
            self.prepare_publish()

    @work(exclusive=True, group="launch-publish", exit_on_error=False)
    async def prepare_publish(self) -> None:
        assert self.study is not None
        self.study = await self.client.studies.get(self.study.id)  # never publish twice
        self._redraw()
        if self.study.status != "UNPUBLISHED":
            self.notify(f"The study is already {self.study.status}; nothing to publish.")
            return
        await self._fetch_cost()
        self._redraw()
        dialog = publish_confirmation(
            self.study, self.api_cost, self.balance, self.currency, running(self.others)
        )
        self.app.push_screen(dialog, self._publish_confirmed)

    def _publish_confirmed(self, confirmed: bool | None) -> None:
        if confirmed:
            self.publish()

    @work(exclusive=True, group="launch-publish", exit_on_error=False)
    async def publish(self) -> None:
        assert self.study is not None
        self.busy = True
        try:
            self.study = await self.client.studies.transition(self.study.id, "PUBLISH")
        except LOST:
            await self._after_lost_publish()
            return
        finally:
            self.busy = False
        self._published()

    async def _after_lost_publish(self) -> None:
        assert self.study is not None
        try:
            self.study = await self.client.studies.get(self.study.id)
        except ProlificError:
            self.notify(
                "The publish's outcome is unknown and Prolific can't be reached. Don't "
                "publish again until the study's status is known "
                f"({self.key('launch.publish')} re-checks first).",
                severity="error",
                timeout=15,
            )
            return
        if self.study.status == "UNPUBLISHED":
            self.notify(
                "The connection dropped and the study was NOT published. "
                f"{self.key('launch.publish')} tries again.",
                severity="warning",
                timeout=10,
            )
            self._redraw()
        else:
            self.notify(
                f"The connection dropped, but the study was published ({self.study.status})."
            )
            self._published()

    def _published(self) -> None:
        self._delete_local_draft()
        self._redraw()
        self.app.call_later(self._open_detail)

    async def _open_detail(self) -> None:
        from atb_tui.screens.study_detail import StudyDetailScreen

        assert self.study is not None
        detail = StudyDetailScreen(self.workspace_id, self.workspace_title, self.study.id)
        await self.app.pop_screen()
        await self.app.push_screen(detail)
        # Told once the detail shows: a toast raised before the switch appeared on each screen.
        self.app.notify("Published: participants can start.", title="Study live")

    def _delete_local_draft(self) -> None:
        try:
            self.atb.drafts.delete(self.draft_key)
        except StorageError as error:
            self.notify(str(error), severity="warning")


def _esc(text: str) -> str:
    return text.replace("[", r"\[")

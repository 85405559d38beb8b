"""One study: status, places, submissions by status, cost, and the actions its status allows.

Pause and resume act at once; publishing, scheduling, stopping and adding places or
annotators ask first, repeating what will be spent or ended. A request whose answer was lost
is never repeated: the study is re-read and the user told what actually happened.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from textual import work
from textual.app import ComposeResult
from textual.widgets import Static

from atb_tui.api import APIConnectionError, OutcomeUnknownError, ProlificError
from atb_tui.api.models.studies import Study, StudyUpdate
from atb_tui.api.request_log import caused_by
from atb_tui.commands import REGISTRY, bindings, key_label
from atb_tui.logic.money import CostEstimate, MoneyError, cost_from_study_cost, format_money
from atb_tui.logic.timefmt import short_time
from atb_tui.screens.base import AtbScreen
from atb_tui.screens.confirm_dialogs import PromptScreen
from atb_tui.screens.study_actions import (
    more_places_confirmation,
    publish_confirmation,
    stop_confirmation,
)
from atb_tui.widgets.status import status_text

LOST = (OutcomeUnknownError, APIConnectionError)
# Which study actions each status allows (api-reference §8.4).
ALLOWED = {
    "study_publish": {"UNPUBLISHED"},
    "study_schedule": {"UNPUBLISHED"},
    "study_transition('CANCEL_PUBLISH')": {"SCHEDULED"},
    "study_transition('PAUSE')": {"ACTIVE"},
    "study_transition('START')": {"PAUSED"},
    "study_stop": {"ACTIVE", "PAUSED"},
    "study_more_places": {"UNPUBLISHED", "ACTIVE", "PAUSED", "AWAITING REVIEW"},
    "study_more_annotators": {"UNPUBLISHED", "ACTIVE", "PAUSED", "AWAITING REVIEW"},
}
ACTION_WORDS = {"PAUSE": "Paused", "START": "Resumed", "CANCEL_PUBLISH": "Schedule cancelled"}


class StudyDetailScreen(AtbScreen):
    """A study and what can be done with it now."""

    SCREEN_ID = "study_detail"
    BINDINGS = bindings(
        "table.refresh",
        "study.responses",
        "study.publish",
        "study.pause",
        "study.resume",
        "study.stop",
        "study.schedule",
        "study.unschedule",
        "study.places",
        "study.annotators",
        "study.open_batch",
        "study.submissions",
    )
    DEFAULT_CSS = """
    StudyDetailScreen #study-info { padding: 0 1; height: auto; }
    StudyDetailScreen #study-counts { padding: 1 1 0 1; height: auto; }
    """

    def __init__(self, workspace_id: str, workspace_title: str, study_id: str) -> None:
        super().__init__()
        self.workspace_id = workspace_id
        self.workspace_title = workspace_title
        self.study_id = study_id
        self.study: Study | None = None
        self.counts: dict[str, int] = {}
        self.cost: CostEstimate | None = None
        self.currency = "GBP"
        self.batch_name: str | None = None
        self.busy = False

    def compose_body(self) -> ComposeResult:
        yield Static("Study · loading…", id="study-title", classes="screen-title")
        yield Static("", id="study-info")
        yield Static("", id="study-counts")

    def trail(self) -> tuple[str, ...]:
        return (
            self.workspace_title,
            "studies",
            self.study.name if self.study else self.study_id[:13],
        )

    def on_mount(self) -> None:
        self.action_refresh()
        self.set_interval(max(self.atb.settings.refresh_interval, 1.0), self._poll)

    def _poll(self) -> None:
        if self.is_current and self.study is not None and self.study.status == "ACTIVE":
            with caused_by("poll study"):  # the API log's cause
                self.action_refresh()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        allowed = super().check_action(action, parameters)
        if not allowed:
            return allowed
        full = f"{action}({parameters[0]!r})" if parameters else action
        statuses = ALLOWED.get(full)
        if statuses is None or self.study is None:
            return True
        return self.study.status in statuses

    # ---- reading ----------------------------------------------------------------------------

    async def action_view_responses(self) -> None:
        batch_id = self.study.data_collection_id if self.study else None
        if batch_id and self.study and self.study.data_collection_method == "AI_TASK_BUILDER_BATCH":
            await self.atb.open_item("responses", batch_id)
        else:
            self.notify("This study does not use a batch.", severity="warning")

    async def action_view_submissions(self) -> None:
        name = self.study.name if self.study else ""
        await self.atb.open_item("submissions", self.study_id, name or "")

    def action_refresh(self) -> None:
        self.load()

    @work(exclusive=True, group="study-load", exit_on_error=False)
    async def load(self) -> None:
        study = await self.client.studies.get(self.study_id)
        self.currency = (study.currency_code or self.currency).upper()
        self.counts = await self.client.studies.submission_counts(self.study_id)
        if self.batch_name is None and study.data_collection_id:
            await self._read_batch_name(study.data_collection_id)
        try:
            cost = await self.client.studies.cost(self.study_id, projected=True)
            self.cost = cost_from_study_cost(cost.model_dump(mode="json"), currency=self.currency)
        except (ProlificError, MoneyError):
            self.cost = None
        self._show(study)

    async def _read_batch_name(self, batch_id: str) -> None:
        try:
            self.batch_name = (await self.client.batches.get(batch_id)).name
        except ProlificError:
            self.batch_name = None  # the id is shown instead; the next refresh tries again

    def hint(self, command_id: str) -> str:
        """The key of a command as the user has it, or "" where a read-only profile can't."""
        if self.session.read_only and REGISTRY[command_id].mutates:
            return ""
        return key_label(self.app, command_id, self.atb.settings.keymap)

    def _batch_text(self, study: Study) -> str:
        if not study.data_collection_id:
            return "—"
        name = _esc(self.batch_name or study.data_collection_id)
        return f"{name}  [dim]({_esc(self.hint('study.open_batch'))} opens)[/]"

    def action_open_batch(self) -> None:
        if self.study is not None and self.study.data_collection_id:
            batch_id, name = self.study.data_collection_id, self.batch_name or ""
            self.app.call_later(self.atb.open_item, "batch", batch_id, name)

    def _show(self, study: Study) -> None:
        self.study = study
        self.refresh_chrome()
        self.refresh_bindings()
        self.query_one("#study-title", Static).update(f"Study · {study.name}")
        self.query_one("#study-info", Static).update("\n".join(self._info_lines(study)))
        self.query_one("#study-counts", Static).update(self._counts_text())

    def _info_lines(self, study: Study) -> list[str]:
        money = self._money
        metadata = study.data_collection_metadata
        minutes = study.estimated_completion_time or 0
        lines = [
            f"Status        {status_text(study.status).markup}",
            f"Places        {study.places_taken or 0} taken of {study.total_available_places or 0}",
            f"Annotators    {(metadata.annotators_per_task if metadata else None) or 1} per task",
            f"Reward        {money(study.reward)} for about {minutes:g} min",
            f"Batch         {self._batch_text(study)}",
        ]
        if self.cost is not None:
            lines.append(
                f"Cost          {money(self.cost.total_cost)} when every place is filled "
                f"(rewards {money(self.cost.rewards)}, fees + VAT {money(self.cost.fees_and_tax)})"
            )
        if study.published_at:
            lines.append(f"Published     {short_time(study.published_at)}")
        if study.status == "SCHEDULED" and study.publish_at:
            cancel = self.hint("study.unschedule")
            lines.append(
                f"Publishes at  {short_time(study.publish_at)}"
                + (f" ({_esc(cancel)} cancels)" if cancel else "")
            )
        return lines

    def _money(self, minor: float | None) -> str:
        return format_money(int(minor or 0), self.currency)

    def _counts_text(self) -> str:
        shown = {name: count for name, count in self.counts.items() if name != "TOTAL" and count}
        if not shown:
            return "[dim]No submissions yet.[/dim]"
        parts = [f"{status_text(name).markup} {count}" for name, count in sorted(shown.items())]
        return f"Submissions ({self.counts.get('TOTAL', sum(shown.values()))}):  " + "   ".join(
            parts
        )

    # ---- transitions ------------------------------------------------------------------------

    def action_study_transition(self, action: str) -> None:
        if not self.busy:
            self.transition(action)

    @work(exclusive=True, group="study-act", exit_on_error=False)
    async def transition(self, action: str, publish_at: datetime | None = None) -> None:
        self.busy = True
        try:
            study = await self.client.studies.transition(self.study_id, action, publish_at)
        except LOST:
            await self._after_lost(action)
            return
        finally:
            self.busy = False
        self.notify(f"{ACTION_WORDS.get(action, action.title())}: the study is {study.status}.")
        self.load()

    async def _after_lost(self, action: str) -> None:
        try:
            study = await self.client.studies.get(self.study_id)
        except ProlificError:
            self.notify(
                f"The {action} request's outcome is unknown and Prolific can't be reached. "
                f"Refresh ({self.hint('table.refresh')}) before trying again.",
                severity="error",
                timeout=12,
            )
            return
        self._show(study)
        self.notify(
            f"The connection dropped; the study is now {study.status}. Check before trying again.",
            severity="warning",
            timeout=12,
        )

    def action_study_publish(self) -> None:
        if not self.busy:
            self.prepare_publish(None)

    @work(exclusive=True, group="study-act", exit_on_error=False)
    async def prepare_publish(self, when: datetime | None) -> None:
        study = await self.client.studies.get(self.study_id)  # never publish twice
        self._show(study)
        if study.status != "UNPUBLISHED":
            self.notify(f"The study is {study.status}; there is nothing to publish.")
            return
        balance = await self.client.workspaces.balance(self.workspace_id)
        dialog = publish_confirmation(study, self.cost, balance.available_balance, self.currency)
        if when is not None:
            dialog.dialog_title = f"Schedule publishing at {when:%Y-%m-%d %H:%M} UTC?"
        action = "PUBLISH" if when is None else "SCHEDULE_PUBLISH"
        self.app.push_screen(dialog, self._if_confirmed(lambda: self.transition(action, when)))

    def action_study_schedule(self) -> None:
        prompt = PromptScreen(
            "Schedule publishing",
            "When (UTC), like 2026-11-24 09:00:",
            placeholder="YYYY-MM-DD HH:MM",
        )
        self.app.push_screen(prompt, self._schedule_at)

    def _schedule_at(self, answer: str | None) -> None:
        if not answer:
            return
        try:
            when = datetime.fromisoformat(answer.strip()).replace(tzinfo=UTC)
        except ValueError:
            self.notify(
                f"'{answer}' is not a date and time like 2026-11-24 09:00.", severity="error"
            )
            return
        self.prepare_publish(when)

    def action_study_stop(self) -> None:
        if self.study is not None and not self.busy:
            self.app.push_screen(
                stop_confirmation(self.study), self._if_confirmed(lambda: self.transition("STOP"))
            )

    @staticmethod
    def _if_confirmed(run: Callable[[], object]) -> Callable[[bool | None], None]:
        """A dialog callback that runs `run` only on a deliberate yes."""

        def callback(confirmed: bool | None) -> None:
            if confirmed:
                run()

        return callback

    # ---- more places ------------------------------------------------------------------------

    @work(exclusive=True, group="study-ask", exit_on_error=False)
    async def action_study_more_places(self) -> None:
        study = self.study
        if study is None:
            return
        if study.data_collection_method == "AI_TASK_BUILDER_BATCH":
            # Places of a batch study are task groups × annotators: more places = more annotators.
            self.notify("Places of a batch study follow annotators per task.")
            await self._more_annotators(study)
            return
        now = study.total_available_places or 0
        wanted = await self._ask_more("More places", "New total of places", now)
        if wanted is None:
            return
        dialog = more_places_confirmation(
            study, wanted - now, f"{now} → {wanted} places", self.currency
        )
        if await self.app.push_screen_wait(dialog):
            self.update(StudyUpdate(total_available_places=wanted))

    @work(exclusive=True, group="study-ask", exit_on_error=False)
    async def action_study_more_annotators(self) -> None:
        if self.study is not None:
            await self._more_annotators(self.study)

    async def _more_annotators(self, study: Study) -> None:
        metadata = study.data_collection_metadata
        now = (metadata.annotators_per_task if metadata else None) or 1
        wanted = await self._ask_more("More annotators", "Annotators per task", now)
        if wanted is None:
            return
        groups = (study.total_available_places or 0) // now
        dialog = more_places_confirmation(
            study, groups * (wanted - now), f"{now} → {wanted} annotators per task", self.currency
        )
        if await self.app.push_screen_wait(dialog):
            changes = {"data_collection_metadata": {"annotators_per_task": wanted}}
            self.update(StudyUpdate.model_validate(changes))

    async def _ask_more(self, title: str, what: str, now: int) -> int | None:
        """Ask for a new number above `now`; None when cancelled or not more than now."""
        prompt = PromptScreen(title, f"{what} (now {now}; only more):", str(now + 1))
        wanted = _whole(await self.app.push_screen_wait(prompt))
        if wanted is not None and wanted <= now:
            self.notify(f"{what} can only go up (now {now}).", severity="warning")
            return None
        return wanted

    @work(exclusive=True, group="study-act", exit_on_error=False)
    async def update(self, changes: StudyUpdate) -> None:
        try:
            study = await self.client.studies.update(self.study_id, changes)
        except LOST:
            await self._after_lost("update")
            return
        self.notify(f"Updated: {study.total_available_places or 0} places.")
        self.load()


def _esc(text: str) -> str:
    return text.replace("[", r"\[")


def _whole(text: str | None) -> int | None:
    cleaned = (text or "").strip()
    return int(cleaned) if cleaned.isdigit() else None

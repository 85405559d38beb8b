"""One study: status, places, submissions by status, cost, and the actions its status allows.

Pause and resume act at once; publishing, scheduling, stopping and adding places or
annotators ask first, repeating what will be spent or ended. A request whose answer was lost
is never repeated: the study is re-read and the user told what actually happened.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime

from textual import work
from textual.app import ComposeResult
from textual.widgets import Static

from atb_tui.api import ProlificError
from atb_tui.api.models.studies import Study
from atb_tui.api.request_log import caused_by
from atb_tui.commands import REGISTRY, bindings, key_label
from atb_tui.flows.studies import (
    Growth,
    OutcomeUncheckedError,
    Written,
    allowed,
    annotators_of,
    grows_by_annotators,
    more_annotators,
    more_places,
    parse_publish_at,
    study_cost,
    transition,
    update,
    whole_number,
)
from atb_tui.logic.money import CostEstimate, format_money
from atb_tui.logic.timefmt import short_time
from atb_tui.messages import OpenItem
from atb_tui.paths import styles_dir
from atb_tui.screens.confirm_dialogs import PromptScreen
from atb_tui.screens.item import ItemScreen
from atb_tui.screens.study_actions import (
    more_places_confirmation,
    publish_confirmation,
    stop_confirmation,
)
from atb_tui.views.study_launch import escape
from atb_tui.widgets.status import status_text

ACT = "study-act"  # every action, its dialogs included: one at a time
# The flow's operation behind each action that a status may not allow (transitions: their own).
OPERATIONS = {
    "study_publish": "PUBLISH",
    "study_schedule": "SCHEDULE_PUBLISH",
    "study_stop": "STOP",
    "study_more_places": "MORE_PLACES",
    "study_more_annotators": "MORE_ANNOTATORS",
}
ACTION_WORDS = {"PAUSE": "Paused", "START": "Resumed", "CANCEL_PUBLISH": "Schedule cancelled"}


class StudyDetailScreen(ItemScreen):
    """A study and what can be done with it now."""

    SCREEN_ID = "study_detail"
    AREA_TITLE = "studies"
    TITLE_LOADING = "Study · loading…"
    TITLE_LOADED = "Study · {name}"
    CSS_PATH = str(styles_dir() / "studies.tcss")
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

    def __init__(self, workspace_id: str, workspace_title: str, study_id: str) -> None:
        super().__init__(workspace_id, workspace_title, study_id)
        self.study: Study | None = None
        self.counts: dict[str, int] = {}
        self.cost: CostEstimate | None = None
        self.currency = "GBP"
        self.batch_name: str | None = None

    @property
    def study_id(self) -> str:
        return self.item_id

    @property
    def busy(self) -> bool:
        """An action is under way (its worker, dialogs included)."""
        return any(w.node is self and w.group == ACT and not w.is_finished for w in self.workers)

    def compose_body(self) -> ComposeResult:
        yield self.title_line()
        yield Static("", id="study-info")
        yield Static("", id="study-counts")

    def on_mount(self) -> None:
        super().on_mount()
        # Its own timer, not the shared PollClock: the clock's status line would change what
        # the screen shows, and this polls only while the study is ACTIVE.
        self.set_interval(max(self.atb.settings.refresh_interval, 1.0), self._poll)

    def _poll(self) -> None:
        if self.is_current and self.study is not None and self.study.status == "ACTIVE":
            with caused_by("poll study"):  # the API log's cause
                self.reload()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        permitted = super().check_action(action, parameters)
        if not permitted or self.study is None:
            return permitted
        operation = str(parameters[0]) if parameters else OPERATIONS.get(action, "")
        return allowed(operation, self.study.status)

    # ---- reading ----------------------------------------------------------------------------

    def action_view_responses(self) -> None:
        batch_id = self.study.data_collection_id if self.study else None
        if batch_id and self.study and grows_by_annotators(self.study):
            self.post_message(OpenItem("responses", batch_id))
        else:
            self.notify("This study does not use a batch.", severity="warning")

    def action_view_submissions(self) -> None:
        name = self.study.name if self.study else ""
        self.post_message(OpenItem("submissions", self.study_id, name or ""))

    def action_open_batch(self) -> None:
        if self.study is not None and self.study.data_collection_id:
            batch_id, name = self.study.data_collection_id, self.batch_name or ""
            self.post_message(OpenItem("batch", batch_id, name))

    @work(exclusive=True, group="study-load", exit_on_error=False)
    async def load(self) -> None:
        study = await self.client.studies.get(self.study_id)
        self.currency = (study.currency_code or self.currency).upper()
        self.counts = await self.client.studies.submission_counts(self.study_id)
        if self.batch_name is None and study.data_collection_id:
            await self._read_batch_name(study.data_collection_id)
        self.cost = await study_cost(self.client, self.study_id, self.currency)
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
        name = escape(self.batch_name or study.data_collection_id)
        return f"{name}  [dim]({escape(self.hint('study.open_batch'))} opens)[/]"

    def _show(self, study: Study) -> None:
        self.study = study
        self.show_name(study.name)
        self.refresh_bindings()
        self.query_one("#study-info", Static).update("\n".join(self._info_lines(study)))
        self.query_one("#study-counts", Static).update(self._counts_text())

    def _info_lines(self, study: Study) -> list[str]:
        money = self._money
        minutes = study.estimated_completion_time or 0
        lines = [
            f"Status        {status_text(study.status).markup}",
            f"Places        {study.places_taken or 0} taken of {study.total_available_places or 0}",
            f"Annotators    {annotators_of(study)} per task",
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
                + (f" ({escape(cancel)} cancels)" if cancel else "")
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

    # ---- actions: each in one worker of the ACT group, its dialogs awaited -------------------

    def _act(self, run: Callable[[], Awaitable[None]]) -> None:
        """Run one action unless another is under way (a second key press is not a retry)."""
        if not self.busy:
            self.act(run)

    @work(exclusive=True, group=ACT, exit_on_error=False)
    async def act(self, run: Callable[[], Awaitable[None]]) -> None:
        await run()

    def action_study_transition(self, action: str) -> None:
        self._act(
            lambda: self._send(action, lambda: transition(self.client, self.study_id, action))
        )

    def action_study_publish(self) -> None:
        self._act(lambda: self._publish(None))

    def action_study_schedule(self) -> None:
        self._act(self._schedule)

    def action_study_stop(self) -> None:
        self._act(self._stop)

    def action_study_more_places(self) -> None:
        self._act(self._more_places)

    def action_study_more_annotators(self) -> None:
        self._act(self._more_annotators)

    async def _publish(self, when: datetime | None) -> None:
        study = await self.client.studies.get(self.study_id)  # never publish twice
        self._show(study)
        if not allowed("PUBLISH", study.status):
            self.notify(f"The study is {study.status}; there is nothing to publish.")
            return
        balance = await self.client.workspaces.balance(self.workspace_id)
        dialog = publish_confirmation(study, self.cost, balance.available_balance, self.currency)
        if when is not None:
            dialog.dialog_title = f"Schedule publishing at {when:%Y-%m-%d %H:%M} UTC?"
        action = "PUBLISH" if when is None else "SCHEDULE_PUBLISH"
        if await self.app.push_screen_wait(dialog):
            await self._send(action, lambda: transition(self.client, self.study_id, action, when))

    async def _schedule(self) -> None:
        prompt = PromptScreen(
            "Schedule publishing",
            "When (UTC), like 2026-11-24 09:00:",
            placeholder="YYYY-MM-DD HH:MM",
        )
        answer = await self.app.push_screen_wait(prompt)
        if not answer:
            return
        when = parse_publish_at(answer)
        if when is None:
            self.notify(
                f"'{answer}' is not a date and time like 2026-11-24 09:00.", severity="error"
            )
            return
        await self._publish(when)

    async def _stop(self) -> None:
        if self.study is not None and await self.app.push_screen_wait(
            stop_confirmation(self.study)
        ):
            await self._send("STOP", lambda: transition(self.client, self.study_id, "STOP"))

    async def _send(self, action: str, write: Callable[[], Awaitable[Written]]) -> None:
        """Send one write; a lost answer is checked by re-reading, never by sending it again."""
        try:
            written = await write()
        except OutcomeUncheckedError:
            self.notify(
                f"The {action} request's outcome is unknown and Prolific can't be reached. "
                f"Refresh ({self.hint('table.refresh')}) before trying again.",
                severity="error",
                timeout=12,
            )
            return
        if written.lost:
            self._show(written.study)
            self.notify(
                f"The connection dropped; the study is now {written.study.status}. "
                "Check before trying again.",
                severity="warning",
                timeout=12,
            )
            return
        if action == "update":
            self.notify(f"Updated: {written.study.total_available_places or 0} places.")
        else:
            words = ACTION_WORDS.get(action, action.title())
            self.notify(f"{words}: the study is {written.study.status}.")
        self.reload()

    # ---- more places ------------------------------------------------------------------------

    async def _more_places(self) -> None:
        study = self.study
        if study is None:
            return
        if grows_by_annotators(study):
            self.notify("Places of a batch study follow annotators per task.")
            await self._more_annotators()
            return
        now = study.total_available_places or 0
        wanted = await self._ask_more("More places", "New total of places", now)
        if wanted is not None:
            await self._grow(study, more_places(study, wanted))

    async def _more_annotators(self) -> None:
        study = self.study
        if study is None:
            return
        now = annotators_of(study)
        wanted = await self._ask_more("More annotators", "Annotators per task", now)
        if wanted is not None:
            await self._grow(study, more_annotators(study, wanted))

    async def _grow(self, study: Study, growth: Growth) -> None:
        dialog = more_places_confirmation(study, growth.added_places, growth.what, self.currency)
        if await self.app.push_screen_wait(dialog):
            await self._send("update", lambda: update(self.client, self.study_id, growth.changes))

    async def _ask_more(self, title: str, what: str, now: int) -> int | None:
        """Ask for a new number above `now`; None when cancelled or not more than now."""
        prompt = PromptScreen(title, f"{what} (now {now}; only more):", str(now + 1))
        wanted = whole_number(await self.app.push_screen_wait(prompt))
        if wanted is not None and wanted <= now:
            self.notify(f"{what} can only go up (now {now}).", severity="warning")
            return None
        return wanted

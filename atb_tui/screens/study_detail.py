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

from atb_tui.api.cause import caused_by
from atb_tui.api.models.studies import Study, StudyUpdate
from atb_tui.commands import REGISTRY, bindings, key_label
from atb_tui.flows import studies as flow
from atb_tui.logic.money import CostEstimate
from atb_tui.messages import OpenItem
from atb_tui.paths import styles_dir
from atb_tui.screens.confirm_dialogs import PromptScreen
from atb_tui.screens.item import ItemScreen
from atb_tui.screens.study_actions import (
    more_places_confirmation,
    publish_confirmation,
    stop_confirmation,
)
from atb_tui.views import study_detail as view
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
Grower = Callable[[Study, int], "flow.Growth"]  # more places or more annotators


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
        return flow.allowed(operation, self.study.status)

    # ---- reading ----------------------------------------------------------------------------

    def action_view_responses(self) -> None:
        batch_id = self.study.data_collection_id if self.study else None
        if batch_id and self.study and flow.runs_on_batch(self.study):
            self.navigate(OpenItem("responses", batch_id))
        else:
            self.notify("This study does not use a batch.", severity="warning")

    def action_view_submissions(self) -> None:
        name = self.study.name if self.study else ""
        self.navigate(OpenItem("submissions", self.study_id, name or ""))

    def action_open_batch(self) -> None:
        if self.study is not None and self.study.data_collection_id:
            batch_id, name = self.study.data_collection_id, self.batch_name or ""
            self.navigate(OpenItem("batch", batch_id, name))

    @work(exclusive=True, group="study-load", exit_on_error=False)
    async def load(self) -> None:
        read = await flow.read_study(self.client, self.study_id, self.currency, self.batch_name)
        self.counts, self.cost = read.counts, read.cost
        self.batch_name, self.currency = read.batch_name, read.currency
        self._show(read.study)

    def hint(self, command_id: str) -> str:
        """The key of a command as the user has it, or "" where a read-only profile can't."""
        if self.session.read_only and REGISTRY[command_id].mutates:
            return ""
        return key_label(self.app, command_id, self.atb.settings.keymap)

    def _show(self, study: Study) -> None:
        self.study = study
        self.show_name(study.name)
        self.refresh_bindings()
        hints = {key: self.hint(key) for key in ("study.open_batch", "study.unschedule")}
        info = view.info_lines(study, self.batch_name, self.cost, self.currency, hints, _colour)
        self.query_one("#study-info", Static).update("\n".join(info))
        self.query_one("#study-counts", Static).update(view.counts_text(self.counts, _colour))

    # ---- actions: each in one worker of the ACT group, its dialogs awaited -------------------

    def _act(self, run: Callable[[], Awaitable[None]]) -> None:
        """Run one action unless another is under way (a second key press is not a retry)."""
        if not self.busy:
            self.act(run)

    @work(exclusive=True, group=ACT, exit_on_error=False)
    async def act(self, run: Callable[[], Awaitable[None]]) -> None:
        await run()

    def action_study_transition(self, action: str) -> None:
        self._act(lambda: self._send(action))

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
        if not flow.allowed("PUBLISH", study.status):
            self.notify(f"The study is {study.status}; there is nothing to publish.")
            return
        balance = await self.client.workspaces.balance(self.workspace_id)
        dialog = publish_confirmation(study, self.cost, balance.available_balance, self.currency)
        if when is not None:
            dialog.dialog_title = f"Schedule publishing at {when:%Y-%m-%d %H:%M} UTC?"
        action = "PUBLISH" if when is None else "SCHEDULE_PUBLISH"
        if await self.app.push_screen_wait(dialog):
            await self._send(action, when)

    async def _schedule(self) -> None:
        prompt = PromptScreen(
            "Schedule publishing",
            "When (UTC), like 2026-11-24 09:00:",
            placeholder="YYYY-MM-DD HH:MM",
        )
        answer = await self.app.push_screen_wait(prompt)
        if not answer:
            return
        when = flow.parse_publish_at(answer)
        if when is None:
            self.notify(
                f"'{answer}' is not a date and time like 2026-11-24 09:00.", severity="error"
            )
            return
        await self._publish(when)

    async def _stop(self) -> None:
        if self.study is None:
            return
        if await self.app.push_screen_wait(stop_confirmation(self.study)):
            await self._send("STOP")

    async def _send(
        self, action: str, when: datetime | None = None, changes: StudyUpdate | None = None
    ) -> None:
        """Send one transition (or, with `changes`, an update) once; a lost answer is checked
        by re-reading, never by sending it again."""
        client, study_id = self.client, self.study_id
        try:
            if changes is not None:
                written = await flow.update(client, study_id, changes)
            else:
                written = await flow.transition(client, study_id, action, when)
        except flow.OutcomeUncheckedError:
            text = view.UNCHECKED.format(action=action, key=self.hint("table.refresh"))
            self.notify(text, severity="error", timeout=12)
            return
        if written.lost:
            self._show(written.study)
            text = view.LOST.format(status=written.study.status)
            self.notify(text, severity="warning", timeout=12)
            return
        self.notify(view.done_message(action, written.study))
        self.reload()

    # ---- more places ------------------------------------------------------------------------

    async def _more_places(self) -> None:
        study = self.study
        if study is not None and flow.runs_on_batch(study):
            self.notify("Places of a batch study follow annotators per task.")
            await self._more_annotators()
        elif study is not None:
            now = study.total_available_places or 0
            await self._grow(study, "More places", "New total of places", now, flow.more_places)

    async def _more_annotators(self) -> None:
        if study := self.study:
            now = flow.annotators_of(study)
            title, what = "More annotators", "Annotators per task"
            await self._grow(study, title, what, now, flow.more_annotators)

    async def _grow(self, study: Study, title: str, what: str, now: int, growth: Grower) -> None:
        """Ask for the new number, then confirm what it adds and costs, then send it once."""
        wanted = await self._ask_more(title, what, now)
        if wanted is None:
            return
        grown = growth(study, wanted)
        dialog = more_places_confirmation(study, grown.added_places, grown.what, self.currency)
        if await self.app.push_screen_wait(dialog):
            await self._send("update", changes=grown.changes)

    async def _ask_more(self, title: str, what: str, now: int) -> int | None:
        """Ask for a new number above `now`; None when cancelled or not more than now."""
        prompt = PromptScreen(title, f"{what} (now {now}; only more):", str(now + 1))
        wanted = flow.whole_number(await self.app.push_screen_wait(prompt))
        if wanted is not None and wanted <= now:
            self.notify(f"{what} can only go up (now {now}).", severity="warning")
            return None
        return wanted


def _colour(status: str | None) -> str:
    return status_text(status).markup

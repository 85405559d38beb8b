"""The live monitor: everything processing or running in a workspace, on one screen.

One poll loop (a `PollClock` following `logic.polling`): fast while something is processing or
a study is live, slower when idle, backing off while the API fails (the last data stays on
screen with "offline, retrying in …"). Polls never overlap; `p` pauses, `r` polls now, and
the clock stops while the screen is hidden. When a batch or dataset finishes or a study
completes, the user is told (and the bell rings if enabled) and the row is highlighted.
Rows are diffed cell by cell, so an idle monitor redraws nothing but its "updated" line.
"""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.widgets import Static

from atb_tui.api.errors import ProlificError
from atb_tui.commands import bindings
from atb_tui.flows import monitor as monitor_flow
from atb_tui.messages import OpenItem, OpenPanel
from atb_tui.paths import styles_dir
from atb_tui.screens.polled import PolledScreen
from atb_tui.views.monitor_rows import (
    COLUMNS,
    Column,
    MonitorModel,
    Observation,
    Tracked,
    Transition,
    fit_columns,
    hidden_note,
    sparkline,
    summarise,
)
from atb_tui.widgets.chrome import key_hint
from atb_tui.widgets.data_view import Cell, DataView, Row
from atb_tui.widgets.status import status_text

# Cells are updated in place without re-measuring columns, so they start as wide as they get.
STATUS_WIDTH, PROGRESS_WIDTH, RATE_WIDTH = 15, 20, 14
EMPTY = (
    "Nothing is processing or live in this workspace. Batches being set up, datasets being\n"
    "processed and live studies appear here as soon as they start."
)
MAX_NOTIFICATIONS = 3


class MonitorScreen(PolledScreen):
    """Live view of a workspace's moving parts."""

    SCREEN_ID = "monitor"
    OPEN_ENDED = True  # new work can appear at any time: never stop polling
    CSS_PATH = str(styles_dir() / "monitor.tcss")
    BINDINGS = bindings(
        "monitor.pause", "table.refresh", "monitor.responses", "monitor.submissions"
    )

    def __init__(self, workspace_id: str, workspace_title: str) -> None:
        super().__init__()
        self.workspace_id = workspace_id
        self.workspace_title = workspace_title
        self.model = MonitorModel()
        self.finished_datasets: set[str] = set()
        self.shown_columns: list[Column] = list(COLUMNS)
        # (id, name) of the batch behind each row: a batch's own, or the one a study uses.
        self.row_batches: dict[str, tuple[str, str]] = {}
        self.last_observations: list[Observation] = []

    def compose_body(self) -> ComposeResult:
        ids = ("monitor.pause", "table.refresh", "table.open", "monitor.responses")
        keys = [key_hint(self.app, c) for c in ids]
        hint = f"{keys[0]} pauses · {keys[1]} refreshes · {keys[2]} opens · {keys[3]} responses"
        yield Static(f"Monitor  ·  {hint}", classes="screen-title")
        yield self.poll_clock()
        yield Static("", id="hidden-columns")
        yield DataView([(c.key, c.label) for c in COLUMNS], empty_message=EMPTY)

    def trail(self) -> tuple[str, ...]:
        return (self.workspace_title, "Monitor")

    def on_mount(self) -> None:
        self.query_one(DataView).focus_table()
        self._fit(self.app.size.width)
        self.clock.poll_now()

    def on_resize(self, event: events.Resize) -> None:
        self._fit(event.size.width)

    def _fit(self, width: int) -> None:
        """Priority columns: at 80 wide the table keeps name, status and progress, and says
        what it left out."""
        shown = fit_columns(width - 2)  # the table's own edges
        note = self.query_one("#hidden-columns", Static)
        note.update(hidden_note(shown))
        note.display = len(shown) < len(COLUMNS)
        if shown == self.shown_columns:
            return
        self.shown_columns = shown
        view = self.query_one(DataView)
        view.set_columns([(c.key, c.label) for c in shown])
        if view.loaded:
            self._show(self.server_now())

    def action_refresh(self) -> None:
        self.finished_datasets.clear()
        self.clock.poll_now()

    def action_toggle_pause(self) -> None:
        paused = self.clock.toggle_pause()
        self.notify("Live updates paused." if paused else "Live updates resumed.", timeout=2)

    def action_view_responses(self) -> None:
        """The response viewer of the highlighted batch, or of the batch a study uses."""
        key = self.query_one(DataView).cursor_key
        batch = self.row_batches.get(key) if key else None
        if batch is None:
            self.notify("Highlight a batch, or a study that uses one.", severity="warning")
            return
        self.navigate(OpenItem("responses", *batch))

    def action_view_submissions(self) -> None:
        """Review the submissions of the highlighted study."""
        key = self.query_one(DataView).cursor_key
        tracked = self.model.items.get(key) if key else None
        if tracked is None or tracked.seen.kind != "study":
            self.notify("Highlight a study to review its submissions.", severity="warning")
            return
        self.navigate(OpenItem("submissions", tracked.seen.item_id, tracked.seen.name))

    @work(exclusive=True, group="monitor-poll", exit_on_error=False)
    async def poll(self) -> None:
        try:
            observations = await self._observe()
        except ProlificError as error:
            self.clock.failed(error)
            return
        now = self.server_now()  # rates and highlights on the clock the server stamps with
        changed, self.last_observations = observations != self.last_observations, observations
        self._announce(self.model.update(observations, now))
        self.clock.succeeded(self.model.statuses(), changed=changed)  # unchanged: poll slower
        self._show(now)

    async def _observe(self) -> list[Observation]:
        profile = self.session.profile.name
        remembered = [
            k.dataset_id for k in self.atb.state.known_datasets(profile, self.workspace_id)
        ]
        found = await monitor_flow.look(self.client, self.workspace_id, remembered,
                                        self.model.items, self.finished_datasets,
                                        self.session.recent_datasets)  # fmt: skip
        self.finished_datasets |= found.finished_datasets
        self.row_batches = found.row_batches
        return found.observations

    def _announce(self, transitions: list[Transition]) -> None:
        """One notification per finish, or one summary when many finish at once."""
        if not transitions:
            return
        if len(transitions) > MAX_NOTIFICATIONS:
            self._notify(summarise(transitions), any(t.failed for t in transitions))
        else:
            for transition in transitions:
                self._notify(transition.message(), transition.failed)
        if self.atb.settings.bell:
            self.app.bell()

    def _notify(self, message: str, failed: bool) -> None:
        if failed:
            self.notify(message, title="Monitor", severity="error", timeout=10)
        else:
            self.notify(message, title="Monitor", timeout=10)

    def _show(self, now: datetime) -> None:
        keys = [column.key for column in self.shown_columns]
        rows = [self._row(tracked, now, keys) for tracked in self.model.items.values()]
        view = self.query_one(DataView)
        if not view.loaded or rows != view.rows:
            view.set_rows(rows)  # unchanged rows are not even handed over: nothing is redrawn

    @staticmethod
    def _row(tracked: Tracked, now: datetime, keys: list[str]) -> Row:
        seen = tracked.seen
        name = Text(seen.name, style="reverse bold" if tracked.highlighted(now) else "")
        rate = ""
        if any(tracked.rates):  # a line of zeros says nothing and would redraw every poll
            rate = f"{sparkline(tracked.rates)} {tracked.rates[-1]:.1f}".strip()
        status = status_text(seen.status)
        status.pad_right(STATUS_WIDTH - len(status))
        progress, rate = seen.progress.ljust(PROGRESS_WIDTH), rate.ljust(RATE_WIDTH)
        values: tuple[Cell, ...] = (seen.kind, name, status, progress, rate, seen.detail)
        cells = dict(zip([c.key for c in COLUMNS], values, strict=True))
        return Row(seen.item_id, tuple(cells[key] for key in keys))

    @on(DataView.Chosen)
    def _chosen(self, event: DataView.Chosen) -> None:
        tracked = self.model.items.get(event.key)
        if tracked is not None and tracked.seen.kind == "export":
            batch_id, name = self.row_batches.get(event.key, ("", ""))
            self.navigate(OpenPanel("exports", "batch", batch_id, name))
        elif tracked is not None:
            self.navigate(OpenItem(tracked.seen.kind, event.key))

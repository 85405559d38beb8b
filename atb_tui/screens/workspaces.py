"""Workspaces: the first screen after sign-in. Enter opens a workspace."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from atb_tui.api.errors import ProlificError
from atb_tui.commands import bindings
from atb_tui.messages import OpenWorkspace
from atb_tui.screens.base import AtbScreen
from atb_tui.storage.state import Place
from atb_tui.widgets.chrome import key_hint
from atb_tui.widgets.data_view import DataView, Row

if TYPE_CHECKING:
    from atb_tui.api.models import Workspace

FIRST_LOAD_DELAY_SECONDS = 0.02
COLUMNS = (
    ("title", "Workspace"),
    ("id", "ID"),
    ("description", "Description"),
    ("balance", "Available"),
)


class WorkspacesScreen(AtbScreen):
    """Every workspace of the account, with its available balance."""

    SCREEN_ID = "workspaces"
    BINDINGS = bindings("table.refresh")

    def __init__(self) -> None:
        super().__init__()
        self.workspaces: list[Workspace] = []
        self.balances: dict[str, str] = {}
        self._recent: list[Place] = []

    def compose_body(self) -> ComposeResult:
        keys = (
            f"{key_hint(self.app, 'table.open')} opens it  ·  {key_hint(self.app, 'table.filter')}"
        )
        yield Static(f"Choose a workspace  ·  {keys} filters", classes="screen-title")
        yield DataView(COLUMNS, empty_message="This account has no workspaces.", id="workspaces")
        # The recent places' list is mounted once there is a place to list (`_show_recent`):
        # a first start has none, and an unused list would cost the first frame time.

    def on_screen_resume(self) -> None:
        super().on_screen_resume()
        self._show_recent()

    def _show_recent(self) -> None:
        profile = self.session.profile.name
        places = [p for p in self.atb.state.recent() if p.profile == profile]
        self._recent = places
        if not self.query("#recent"):
            if not places:
                return
            title = Static("Recent  ·  Tab to reach, Enter to return there", id="recent-title")
            self.query_one("#body").mount(title, OptionList(id="recent"))
        recent = self.query_one("#recent", OptionList)
        recent.clear_options()
        recent.add_options(Option(self._describe(p), id=str(i)) for i, p in enumerate(places))
        recent.highlighted = 0 if places else None
        recent.display = bool(places)
        self.query_one("#recent-title").display = bool(places)

    @staticmethod
    def _describe(place: Place) -> str:
        return place.label or f"{place.workspace_name} › {place.screen}"

    @on(OptionList.OptionSelected, "#recent")
    def _return_to(self, event: OptionList.OptionSelected) -> None:
        place = self._recent[int(event.option.id or 0)]
        self.app.call_later(self.atb.restore_place, place)

    def trail(self) -> tuple[str, ...]:
        return ("Workspaces",)

    def on_mount(self) -> None:
        self.query_one(DataView).focus_table()
        # A moment later, so the first frame goes out before the first load builds the client
        # (and the demo's world). Not call_after_refresh: before the app runs, Textual drops it.
        self.set_timer(FIRST_LOAD_DELAY_SECONDS, self.action_refresh)

    def action_refresh(self) -> None:
        self.load()

    @work(exclusive=True, group="workspaces", exit_on_error=False)
    async def load(self) -> None:
        try:
            self.workspaces = await self.client.workspaces.list()
        except ProlificError as error:
            self.query_one(DataView).show_message(f"Could not load: {error.message}  (r retries)")
            raise
        self.atb.known_workspaces = {ws.id: ws.title for ws in self.workspaces}
        self._show()
        await asyncio.gather(*(self._load_balance(ws.id) for ws in self.workspaces))
        self._show()

    async def _load_balance(self, workspace_id: str) -> None:
        try:
            balance = await self.client.workspaces.balance(workspace_id)
        except ProlificError:
            self.balances[workspace_id] = "n/a"
            return
        if balance.available_balance is None:
            self.balances[workspace_id] = "n/a"
        else:
            from atb_tui.logic.money import format_money  # after the first frame: start-up time

            currency = balance.currency_code or "GBP"
            self.balances[workspace_id] = format_money(balance.available_balance, currency)

    def _show(self) -> None:
        rows = [
            Row(ws.id, (ws.title, ws.id, ws.description or "", self.balances.get(ws.id, "…")))
            for ws in self.workspaces
        ]
        self.query_one(DataView).set_rows(rows)

    @on(DataView.Chosen)
    def _open(self, event: DataView.Chosen) -> None:
        workspace = next(ws for ws in self.workspaces if ws.id == event.key)
        self.navigate(OpenWorkspace(workspace.id, workspace.title))

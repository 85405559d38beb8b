"""A workspace's home: its areas, each one key away."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from atb_tui.commands import bindings
from atb_tui.messages import OpenArea
from atb_tui.screens.base import AtbScreen
from atb_tui.widgets.chrome import key_hint

AREAS = (
    ("batches", "home.batches", "Batches", "annotation jobs: dataset + instructions → tasks"),
    ("datasets", "home.datasets", "Datasets", "the data participants annotate (CSV / JSONL)"),
    ("studies", "home.studies", "Studies", "batches published to participants, and submissions"),
    ("collections", "home.collections", "Collections", "multi-page forms (early access)"),
    ("monitor", "home.monitor", "Monitor", "live view of everything processing or running"),
)


class WorkspaceHomeScreen(AtbScreen):
    """Areas of one workspace."""

    SCREEN_ID = "workspace"
    BINDINGS = bindings(
        "home.batches", "home.datasets", "home.studies", "home.collections", "home.monitor"
    )

    def __init__(self, workspace_id: str, title: str) -> None:
        super().__init__()
        self.workspace_id = workspace_id
        self.workspace_title = title

    def compose_body(self) -> ComposeResult:
        yield Static(f"{self.workspace_title}  ·  {self.workspace_id}", classes="screen-title")
        options = [
            Option(f"[b]{title}[/b]  [dim]({key_hint(self.app, cid)})[/dim]\n  {text}", id=area)
            for area, cid, title, text in AREAS
        ]
        yield OptionList(*options, id="areas")

    def trail(self) -> tuple[str, ...]:
        return (self.workspace_title,)

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def action_open_area(self, area: str) -> None:
        self.navigate(OpenArea(area))

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.navigate(OpenArea(event.option.id))

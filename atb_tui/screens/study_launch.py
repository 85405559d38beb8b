"""Placeholder: replaced by the instruction-editor and study issue (issue 6)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Static

from atb_tui.screens.base import AtbScreen


class StudyLaunchScreen(AtbScreen):
    """Not built yet."""

    SCREEN_ID = "study_launch"

    def __init__(self, workspace_id: str, workspace_title: str, item_id: str) -> None:
        super().__init__()
        self.workspace_id = workspace_id
        self.workspace_title = workspace_title
        self.item_id = item_id

    def compose_body(self) -> ComposeResult:
        yield Static("Coming soon.")

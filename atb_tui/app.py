"""The Textual application: wiring only."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static


class AtbApp(App[None]):
    """Placeholder shell until the app-shell issue lands."""

    TITLE = "atb-tui"

    def __init__(self, *, demo: bool = False) -> None:
        super().__init__()
        self.demo = demo

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("atb-tui — Prolific AI Task Builder in your terminal. Press q to quit.")
        yield Footer()

    BINDINGS = [("q", "quit", "Quit")]


def run_app(*, demo: bool, api_url: str | None, profile: str | None) -> int:
    """Run the app until the user quits; returns the exit code."""
    AtbApp(demo=demo).run()
    return 0

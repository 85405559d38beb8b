"""Pick a dataset file from a folder tree (the path input's completion is the other way)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import DirectoryTree, Static

from atb_tui.screens.batch_dialogs import Dialog

DATASET_SUFFIXES = (".csv", ".jsonl", ".ndjson")


class DatasetTree(DirectoryTree):
    """Folders and dataset files only; hidden entries are left out."""

    def filter_paths(self, paths: Iterable[Path]) -> Iterable[Path]:
        return [
            path
            for path in paths
            if not path.name.startswith(".")
            and (path.is_dir() or path.suffix.lower() in DATASET_SUFFIXES)
        ]


class FilePickerDialog(Dialog[Path | None]):
    """A folder tree; Enter on a file chooses it, Esc cancels."""

    DEFAULT_CSS = """
    FilePickerDialog { align: center middle; }
    FilePickerDialog > Vertical {
        width: 80; max-width: 100%; height: 80%; border: round $accent; background: $panel;
    }
    """

    def __init__(self, start: Path) -> None:
        super().__init__()
        self.start = (start if start.is_dir() else Path.cwd()).resolve()

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(
                f"[b]Choose a CSV or JSONL file[/b]  [dim]{self.start} · Esc cancels[/dim]"
            )
            yield DatasetTree(self.start)

    def on_mount(self) -> None:
        self.query_one(DatasetTree).focus()

    @on(DirectoryTree.FileSelected)
    def _chosen(self, event: DirectoryTree.FileSelected) -> None:
        self.dismiss(event.path)

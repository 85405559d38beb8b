"""Pick a dataset file from a folder tree (the path input's completion is the other way).

The tree starts in the folder of the typed path; backspace climbs to the parent folder, so a
file anywhere on disk can be reached without typing.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import DirectoryTree, Static

from atb_tui.commands import bindings
from atb_tui.paths import styles_dir
from atb_tui.screens.batch_dialogs import Dialog
from atb_tui.widgets.chrome import key_hint

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
    """A folder tree; Enter on a file chooses it, backspace goes up a folder, Esc cancels."""

    BINDINGS = bindings("file_picker.parent")
    CSS_PATH = str(styles_dir() / "dialogs.tcss")

    def __init__(self, start: Path) -> None:
        super().__init__()
        self.start = (start if start.is_dir() else Path.cwd()).resolve()

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self._heading(self.start), id="picker-heading")
            yield DatasetTree(self.start)

    def _heading(self, folder: Path) -> str:
        parent = key_hint(self.app, "file_picker.parent")
        return (
            f"[b]Choose a CSV or JSONL file[/b]  [dim]{folder} · {parent} parent folder"
            f" · {key_hint(self.app, 'dialog.cancel')} cancels[/dim]"
        )

    def on_mount(self) -> None:
        self.query_one(DatasetTree).focus()

    @property
    def folder(self) -> Path:
        return Path(self.query_one(DatasetTree).path)

    def action_parent_folder(self) -> None:
        parent = self.folder.parent
        if parent == self.folder:
            self.notify("This is the top folder.", severity="information")
            return
        self.query_one(DatasetTree).path = parent
        self.query_one("#picker-heading", Static).update(self._heading(parent))

    @on(DirectoryTree.FileSelected)
    def _chosen(self, event: DirectoryTree.FileSelected) -> None:
        self.dismiss(event.path)

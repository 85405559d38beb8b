"""New dataset: choose a file, see exactly what Prolific will get, then upload it with progress.

Nothing is sent until the user presses Upload (or its key, which edits no text field) on a
previewed file with no blocking problems. The file is
inspected in one streaming pass off the event loop; V4 datasets get a schema proposed from the
file that the user can edit. The upload streams the file (memory stays flat), shows bytes,
rate and time left, and can be cancelled; then the dataset screen follows the processing.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Button, Input, Label, Select, Static

from atb_tui.api.models import DatasetSchema
from atb_tui.commands import bindings
from atb_tui.logic.csv_inspect import inspect_file
from atb_tui.logic.inspection import FileInspection
from atb_tui.logic.schema_proposal import FieldProposal, propose_schema, schema_problems
from atb_tui.logic.schema_proposal import schema_to_wire as proposals_to_wire
from atb_tui.messages import OpenItem
from atb_tui.paths import styles_dir
from atb_tui.screens.base import AtbScreen
from atb_tui.screens.dataset_file_picker import FilePickerDialog
from atb_tui.views.dataset_preview import (
    findings_markup,
    next_type,
    summary_markup,
    version_problem,
)
from atb_tui.widgets.chrome import key_hint
from atb_tui.widgets.data_view import DataView, Row
from atb_tui.widgets.file_suggester import PathSuggester
from atb_tui.widgets.upload_progress import UploadProgress

PREVIEW_ROWS = 8
SCHEMA_COLUMNS = (("field", "Field"), ("type", "Type"), ("why", "Why"))


class DatasetNewScreen(AtbScreen):
    """Choose a file, preview it, upload it, then hand over to the dataset screen."""

    SCREEN_ID = "dataset_new"
    CSS_PATH = str(styles_dir() / "datasets.tcss")
    BINDINGS = bindings("dataset_new.upload", "dataset_new.browse", "dataset_new.cancel")

    def __init__(self, workspace_id: str, workspace_title: str) -> None:
        super().__init__()
        self.workspace_id = workspace_id
        self.workspace_title = workspace_title
        self.inspection: FileInspection | None = None
        self.proposals: dict[str, FieldProposal] = {}
        self.created_id: str | None = None  # kept so a retried upload reuses the dataset
        self.uploading = False
        self.previews = 0
        self.shown_path: Path | None = None
        self.suggested_name = ""
        self.preview_view = DataView((), empty_message="The first rows of the file appear here.")
        # The form's widgets, held rather than looked up each time.
        self.path_input = Input(placeholder="path to a .csv or .jsonl file (→ completes)",
                                id="path", suggester=PathSuggester(), compact=True)  # fmt: skip
        self.name_input = Input(placeholder="dataset name", id="name", compact=True)
        self.version_select = Select([("V3 · CSV", 3), ("V4 · schema", 4)], value=3,
                                     allow_blank=False, id="version", compact=True)  # fmt: skip
        self.upload_button = Button("Upload", id="upload", variant="primary", compact=True,
                                    disabled=True)  # fmt: skip
        self.summary: Static  # its words name the upload key: made in compose
        self.findings = Static("", id="findings")
        self.schema_view = DataView(SCHEMA_COLUMNS, empty_message="", id="schema")
        self.progress = UploadProgress()

    def compose_body(self) -> ComposeResult:
        yield Static(f"New dataset  ·  {self._hint()}", classes="screen-title")
        with Horizontal(classes="form-row"):
            yield Label("File")
            yield self.path_input
            yield Button("Browse", id="browse", compact=True)
        with Horizontal(classes="form-row"):
            yield Label("Name")
            yield self.name_input
            yield self.version_select
            yield self.upload_button
        upload = key_hint(self.app, "dataset_new.upload")
        self.summary = Static(f"Choose a file: nothing is sent before you press {upload}.",
                              id="summary")  # fmt: skip
        yield self.summary
        yield self.findings
        yield self.schema_view
        yield self.preview_view
        yield self.progress

    def _hint(self) -> str:
        keys = [key_hint(self.app, f"dataset_new.{name}") for name in ("browse", "upload")]
        return f"Enter previews · {keys[0]} browses · {keys[1]} uploads · Esc back"

    def trail(self) -> tuple[str, ...]:
        return (self.workspace_title, "Datasets", "New")

    def on_mount(self) -> None:
        self.path_input.focus()
        self.schema_view.display = False
        self.progress.display = False
        self.preview_view.set_rows([])

    @property
    def version(self) -> int:
        value = self.version_select.value
        return value if isinstance(value, int) else 3

    # ---- choosing and inspecting ------------------------------------------------------------

    @on(Input.Submitted, "#path")
    def _path_entered(self, event: Input.Submitted) -> None:
        self.inspect(Path(event.value.strip()).expanduser())

    @on(Button.Pressed, "#browse")
    def action_browse(self) -> None:
        typed = Path(self.path_input.value.strip() or ".").expanduser()
        self.choose_file(typed if typed.is_dir() else typed.parent)

    @work(exclusive=True, group="browse", exit_on_error=False)
    async def choose_file(self, start: Path) -> None:
        path = await self.app.push_screen_wait(FilePickerDialog(start))
        if path is not None:
            self.path_input.value = str(path)
            self.inspect(path)

    @work(exclusive=True, group="inspect", exit_on_error=False)
    async def inspect(self, path: Path) -> None:
        self.summary.update(f"Checking {path.name}…")
        inspection = await asyncio.to_thread(inspect_file, path, preview_rows=PREVIEW_ROWS)
        self.inspection, self.shown_path = inspection, None
        self.proposals = propose_schema(inspection)
        self._name_from(path)
        if inspection.format == "jsonl":
            self.version_select.value = 4
        self._show_inspection()

    def _name_from(self, path: Path) -> None:
        # The name follows the picked file until the user types a name of their own.
        name = self.name_input
        if not name.value.strip() or name.value == self.suggested_name:
            self.suggested_name = path.stem.replace("_", " ")
            name.value = self.suggested_name

    @on(Select.Changed, "#version")
    def _show_inspection(self) -> None:
        inspection = self.inspection
        if inspection is None:
            return
        self.upload_button.disabled = not self._can_upload()
        self.summary.update(summary_markup(inspection))
        self.findings.update(findings_markup(inspection, self.blocking_problems()))
        self._show_rows(inspection)
        self._show_schema()

    def _show_rows(self, inspection: FileInspection) -> None:
        # The columns differ from file to file, so each file gets a fresh table.
        if self.shown_path == inspection.path:
            return
        self.shown_path = inspection.path
        self.previews += 1
        columns = [(f"c{i}", name) for i, name in enumerate(inspection.columns)]
        view = DataView(columns, empty_message="The file has no data rows.",
                        id=f"preview-{self.previews}")  # fmt: skip
        self.preview_view.remove()
        self.preview_view = view
        self.query_one("#body").mount(view, before=self.progress)
        rows = [Row(str(n), tuple(row)) for n, row in enumerate(inspection.preview)]
        self.call_after_refresh(view.set_rows, rows)

    def _show_schema(self) -> None:
        schema = self.schema_view
        schema.display = self.version == 4 and bool(self.proposals)
        rows = [Row(name, (name, p.type, p.reason)) for name, p in self.proposals.items()]
        schema.set_rows(rows)

    @on(DataView.Chosen, "#schema")
    def _cycle_type(self, event: DataView.Chosen) -> None:
        self.proposals[event.key] = next_type(self.proposals[event.key])
        self._show_inspection()

    def blocking_problems(self) -> list[str]:
        """Problems that are not in the file itself: wrong version, unusable schema."""
        inspection = self.inspection
        if inspection is None:
            return ["choose a file first"]
        problems = []
        mismatch = version_problem(inspection, self.version)
        if mismatch:
            problems.append(mismatch)
        if self.version == 4:
            problems += [f"schema: {p}" for p in schema_problems(self.proposals)]
        return problems

    def unsaved_changes(self) -> str | None:
        """A previewed file not yet uploaded: quitting asks first (see screens/unsaved.py)."""
        if self.inspection is None or self.created_id is not None:
            return None
        return f"the new dataset from {self.inspection.path.name} (not uploaded)"

    # ---- uploading --------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        allowed = super().check_action(action, parameters)
        if not allowed:
            return allowed
        if action == "cancel_upload":
            return self.uploading  # otherwise Esc goes back as usual
        if action == "upload" and (self.uploading or self.inspection is None):
            return None
        return True

    def _can_upload(self) -> bool:
        inspection = self.inspection
        return inspection is not None and inspection.can_upload and not self.blocking_problems()

    @on(Button.Pressed, "#upload")
    def action_upload(self) -> None:
        inspection = self.inspection
        if inspection is None or not self._can_upload():
            self.notify("Fix the problems shown before uploading.", severity="warning")
            return
        name = self.name_input.value.strip()
        if not name:
            self.notify("The dataset needs a name.", severity="warning")
            return
        self.upload(inspection, name)

    @work(exclusive=True, group="upload", exit_on_error=False)
    async def upload(self, inspection: FileInspection, name: str) -> None:
        progress = self.progress
        progress.display = True
        self._set_uploading(True)
        try:
            dataset_id = await self._dataset_for(name)
            progress.start(inspection.size_bytes)
            await self.client.datasets.upload(
                dataset_id, inspection.path, progress=progress.advance
            )
        except asyncio.CancelledError:
            again = key_hint(self.app, "dataset_new.upload")
            progress.say(
                f"Upload cancelled. The dataset exists without data; {again} uploads again."
            )
            raise
        except Exception:
            again = key_hint(self.app, "dataset_new.upload")
            progress.say(f"Upload failed; nothing was lost. {again} tries again.")
            raise
        finally:
            self._set_uploading(False)
        self.atb.state.remember_dataset(
            self.session.profile.name,
            self.workspace_id,
            dataset_id,
            sample=inspection.first_datapoint(),
        )
        self.notify(f"Uploaded {inspection.path.name}; Prolific is processing it.", title="Dataset")
        self.navigate(OpenItem("dataset", dataset_id, name, replace=True))

    async def _dataset_for(self, name: str) -> str:
        if self.created_id is not None:
            return self.created_id
        schema = None
        if self.version == 4:
            schema = DatasetSchema.model_validate(proposals_to_wire(self.proposals))
        dataset = await self.client.datasets.create(self.workspace_id, name, schema)
        self.created_id = dataset.id
        profile = self.session.profile.name
        self.atb.state.remember_dataset(profile, self.workspace_id, dataset.id, dataset.name)
        return dataset.id

    def _set_uploading(self, uploading: bool) -> None:
        self.uploading = uploading
        self.upload_button.disabled = uploading or not self._can_upload()
        self.refresh_bindings()

    def action_cancel_upload(self) -> None:
        for worker in self.workers:
            if worker.group == "upload":
                worker.cancel()

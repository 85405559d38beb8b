"""ZIP export jobs of one batch or collection: list, request, download, delete, retry.

The table follows the jobs through the app's poll policy (fast while one is generating, stopped
once all are complete or failed). Downloads go to a folder the user chooses (the downloads
folder by default) under a temporary name, then take a name that is free; cancelling one leaves
no partial file (flows/exports.py). A downloaded ZIP opens in the response viewer, offline.

Collections use the same screen: ``ExportsScreen(workspace_id, workspace_title, "collection",
collection_id, collection_name)``.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.widgets import Static
from textual.worker import Worker

from atb_tui.api.errors import ConflictError, ProlificError
from atb_tui.api.models.common import ExportJob
from atb_tui.commands import REGISTRY, bindings, key_label
from atb_tui.flows import exports as flow
from atb_tui.flows.downloads import downloads_dir, open_file
from atb_tui.logic.timefmt import short_time
from atb_tui.messages import OpenExportFile
from atb_tui.paths import styles_dir
from atb_tui.screens.confirm_dialogs import ChoiceScreen, PromptScreen
from atb_tui.screens.export_form import ExportFormDialog
from atb_tui.screens.polled import PolledScreen
from atb_tui.views.exports import (
    COLUMNS,
    ExportRequest,
    filter_summary,
    human_bytes,
    job_cells,
    request_of,
)
from atb_tui.widgets.data_view import DataView, Row
from atb_tui.widgets.status import status_text

KEYS = ("exports.new", "exports.download", "exports.view", "exports.delete", "exports.retry")


class ExportsScreen(PolledScreen):
    """The export jobs of a batch or a collection."""

    SCREEN_ID = "exports"
    CSS_PATH = str(styles_dir() / "exports.tcss")
    BINDINGS = bindings(*KEYS, "exports.cancel_download", "table.refresh")

    def __init__(
        self,
        workspace_id: str,
        workspace_title: str,
        kind: flow.Kind,
        object_id: str,
        title: str = "",
    ) -> None:
        super().__init__()
        self.workspace_id = workspace_id
        self.workspace_title = workspace_title
        self.kind: flow.Kind = kind
        self.object_id = object_id
        self.object_title = title or object_id[:13]
        self.jobs: dict[str, ExportJob] = {}
        self.saved: dict[str, Path] = {}  # export id → the file downloaded in this session
        self.studies: list[tuple[str, str]] = []  # (name, id) of the studies that use it
        self.download: Worker[None] | None = None

    def compose_body(self) -> ComposeResult:
        noun = "Batch" if self.kind == "batch" else "Collection"
        yield Static(f"Exports  ·  {noun} {self.object_title}", classes="screen-title")
        yield Static(self._help(), id="help")
        yield self.poll_clock()
        yield Static("", id="transfer")
        yield DataView(COLUMNS, empty_message=self._empty())

    def trail(self) -> tuple[str, ...]:
        area = "Batches" if self.kind == "batch" else "Collections"
        return (self.workspace_title, area, self.object_title, "Exports")

    def hint(self, command_id: str) -> str:
        """The key of a command, or "" where a read-only profile cannot use it."""
        if self.session.read_only and REGISTRY[command_id].mutates:
            return ""
        return key_label(self.app, command_id, self.atb.settings.keymap)

    def _help(self) -> str:
        words = {"exports.new": "new", "exports.download": "download",
                 "exports.view": "view a download", "exports.delete": "delete",
                 "exports.retry": "retry a failed one"}  # fmt: skip
        parts = [f"{key} {words[c]}" for c in KEYS if (key := self.hint(c))]
        return "At most 10 jobs each.  " + " · ".join(parts)

    def _empty(self) -> str:
        new = self.hint("exports.new")
        return "No export jobs yet" + (f" ({new} requests one)." if new else ".")

    def on_mount(self) -> None:
        self.query_one(DataView).focus_table()
        self.query_one("#transfer", Static).display = False
        if self.kind == "batch":
            self.load_studies()

    # ---- loading ----------------------------------------------------------------------------

    def action_refresh(self) -> None:
        self.clock.poll_now()

    @work(exclusive=True, group="exports-poll", exit_on_error=False)
    async def poll(self) -> None:
        try:
            jobs = await flow.list_jobs(self.client, self.kind, self.object_id)
        except ProlificError as error:
            self.clock.failed(error)
            if not self.jobs:
                self.query_one(DataView).show_message(f"Could not list exports: {error.message}")
            return
        self.jobs = {job.export_id or f"job-{n}": job for n, job in enumerate(jobs)}
        self._show()
        self.clock.succeeded([job.status for job in jobs])

    @work(exclusive=True, group="exports-studies", exit_on_error=False)
    async def load_studies(self) -> None:
        """The batch's studies, for the form's choice and the filter column's names."""
        every = await self.client.studies.list()
        self.studies = [(s.name, s.id) for s in every if s.data_collection_id == self.object_id]
        if self.jobs:
            self._show()

    def _show(self) -> None:
        names = {study_id: name for name, study_id in self.studies}
        rows = []
        for key, job in self.jobs.items():
            cells = job_cells(job, names, self.saved.get(key), flow.file_name_of(job))
            rows.append(Row(key, (cells[0], status_text(cells[1]), *cells[2:])))
        self.query_one(DataView).set_rows(rows)

    def _highlighted(self) -> ExportJob | None:
        key = self.query_one(DataView).cursor_key
        job = self.jobs.get(key) if key else None
        if job is None:
            self.notify("Highlight an export job first.", severity="warning")
        return job

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        allowed = super().check_action(action, parameters)
        if allowed and action == "export_cancel_download":
            return self.download is not None and self.download.is_running
        return allowed

    # ---- new and retry ----------------------------------------------------------------------

    @work(exclusive=True, group="exports-form", exit_on_error=False)
    async def action_export_new(self) -> None:
        dialog = ExportFormDialog(self.object_title, self.studies)
        request = await self.app.push_screen_wait(dialog)
        if request is not None:
            self.request_export(request)

    def action_export_retry(self) -> None:
        job = self._highlighted()
        if job is None:
            return
        if not job.is_failed:
            self.notify("Only a failed export is retried; this one is " + job.status + ".")
            return
        self.request_export(request_of(job))

    @work(exclusive=True, group="exports-action", exit_on_error=False)
    async def request_export(self, request: ExportRequest) -> None:
        # Not retried on its own (each request may make a job): the list is re-read instead.
        try:
            job = await flow.request_and_watch(self.client, self.kind, self.object_id,
                                               study_id=request.study_id, from_=request.from_,
                                               to=request.to)  # fmt: skip
        except ConflictError as error:
            self.notify(f"{error.message}", title="No new export", severity="warning", timeout=10)
        except ValueError as error:
            self.notify(str(error), title="No new export", severity="warning")
        else:
            known = job.export_id in self.jobs
            what = "already generating with that filter" if known else "requested"
            self.notify(f"Export {what}: the list follows it.", title="Exports")
        self.clock.poll_now()

    # ---- delete -----------------------------------------------------------------------------

    @work(exclusive=True, group="exports-delete", exit_on_error=False)
    async def action_export_delete(self) -> None:
        job = self._highlighted()
        if job is None or job.export_id is None:
            return
        names = {study_id: name for name, study_id in self.studies}
        what = f"{filter_summary(job, names)}, created {short_time(job.created_at)}, {job.status}"
        message = f"Delete the export job ({what}) at Prolific? Files you downloaded stay."
        choices = [("keep", "Keep it"), ("delete", "Delete the job")]
        choice = await self.app.push_screen_wait(
            ChoiceScreen("Delete export job", message, choices)
        )
        if choice == "delete":
            self.delete_job(job.export_id)

    @work(exclusive=True, group="exports-action", exit_on_error=False)
    async def delete_job(self, export_id: str) -> None:
        resource = flow.resource_for(self.client, self.kind)
        try:
            await resource.delete_export(self.object_id, export_id)
        except ConflictError as error:
            self.notify(error.message, title="Not deleted", severity="warning", timeout=10)
        else:
            flow.watch_of(self.client).finished(export_id)
            self.notify("Export job deleted.", title="Exports")
        self.clock.poll_now()

    # ---- download ---------------------------------------------------------------------------

    @work(exclusive=True, group="exports-folder", exit_on_error=False)
    async def action_export_download(self) -> None:
        job = self._highlighted()
        if job is None:
            return
        if not job.is_complete or job.export_id is None:
            self.notify(f"This export is {job.status}: it can be downloaded once complete.")
            return
        prompt = PromptScreen("Download export", "Save the ZIP into this folder:",
                              str(downloads_dir()))  # fmt: skip
        typed = await self.app.push_screen_wait(prompt)
        if typed is not None:
            self._folder_chosen(job.export_id, typed)

    def _folder_chosen(self, export_id: str, typed: str) -> None:
        folder = Path(typed).expanduser()
        if not folder.is_dir():
            self.notify(f"{folder} is not a folder; nothing was downloaded.", severity="warning")
            return
        self.download = self.download_job(export_id, folder)
        self.refresh_bindings()

    @work(exclusive=True, group="exports-download", exit_on_error=False)
    async def download_job(self, export_id: str, folder: Path) -> None:
        label = self.query_one("#transfer", Static)
        label.display = True
        cancel = key_label(self.app, "exports.cancel_download", self.atb.settings.keymap)
        loop = asyncio.get_running_loop()

        def progress(done: int, total: int | None) -> None:
            of = f" of {human_bytes(total)}" if total else ""
            text = f"Downloading… {human_bytes(done)}{of}  ({cancel} cancels)"
            loop.call_soon(label.update, text)

        label.update(f"Downloading…  ({cancel} cancels)")
        try:
            # A fresh URL: the one listed may have expired while the screen was open.
            job = await flow.resource_for(self.client, self.kind).export_status(
                self.object_id, export_id
            )
            saved = await flow.download_export(self.client, self.kind, job, folder,
                                               progress=progress)  # fmt: skip
        except asyncio.CancelledError:
            label.update("Download cancelled; no file was left behind.")
            raise
        except ProlificError as error:
            label.update(f"[red]Not downloaded: {error.message}[/]")
            raise
        finally:
            self.call_later(self.refresh_bindings)
        self.saved[export_id] = saved
        label.update(f"Saved to {saved}")
        self._show()
        self.offer(saved)

    def action_export_cancel_download(self) -> None:
        if self.download is not None and self.download.is_running:
            self.download.cancel()

    @work(exclusive=True, group="exports-offer", exit_on_error=False)
    async def offer(self, saved: Path) -> None:
        """What to do with the file just downloaded."""
        choices = [("view", "Open in the response viewer"), ("open", "Open the file"),
                   ("keep", "OK")]  # fmt: skip
        dialog = ChoiceScreen("Export downloaded", f"Saved to {saved}", choices)
        choice = await self.app.push_screen_wait(dialog)
        if choice == "view":
            self.open_viewer(saved)
        elif choice == "open":
            problem = open_file(saved)
            if problem:
                self.notify(problem, title="Exports")

    def action_export_view(self) -> None:
        job = self._highlighted()
        saved = self.saved.get(job.export_id or "") if job else None
        if job is None:
            return
        if saved is None or not saved.exists():
            key = key_label(self.app, "exports.download", self.atb.settings.keymap)
            self.notify(f"Download this export first ({key}); then it opens here.")
            return
        self.open_viewer(saved)

    def open_viewer(self, path: Path) -> None:
        """The response viewer on a downloaded ZIP (offline)."""
        self.navigate(OpenExportFile(path))

"""The instruction editor of a batch: list on the left, the selected form on the right.

This module adds saving to Prolific (legacy endpoints or `batch_items`, through
flows/instructions.py), the participant preview, and JSON import/export in the official CLI's
shape. A failed save keeps the local draft, so nothing typed is lost; leaving with unsaved
changes asks first (screens/draft_editor.py).
"""

from __future__ import annotations

from pathlib import Path

from textual import work
from textual.widgets import Static

from atb_tui.api import OutcomeUnknownError, ProlificError
from atb_tui.api.models.batches import Batch
from atb_tui.api.models.instructions import DeprecationNotice
from atb_tui.commands import bindings
from atb_tui.flows.downloads import downloads_dir, free_path, resolve, save_text
from atb_tui.flows.instructions import (
    SaveOutcome,
    dataset_fields,
    placeholder_datapoint,
    preview_datapoint,
    read_batch_instructions,
    save_instructions,
)
from atb_tui.logic.instructions import (
    LAYOUT_ISSUES,
    Instruction,
    InstructionFileError,
    export_json,
    read_instructions_file,
)
from atb_tui.screens.confirm_dialogs import ChoiceScreen, PromptScreen
from atb_tui.screens.instruction_editor_base import InstructionEditorBase, deprecation_text
from atb_tui.views.instruction_draft import ImportHow
from atb_tui.widgets.instruction_form import InstructionForm


class InstructionEditorScreen(InstructionEditorBase):
    """Edit, check, preview and save the instructions of one batch."""

    SCREEN_ID = "instruction_editor"
    BINDINGS = bindings(
        "instructions.save",
        "instructions.add",
        "instructions.duplicate",
        "instructions.delete",
        "instructions.up",
        "instructions.down",
        "instructions.preview",
        "instructions.mode",
        "instructions.export",
        "instructions.import",
        "instructions.leave",
    )

    # ---- saving -----------------------------------------------------------------------------

    async def refused(self) -> bool:
        problem = self.draft.save_problem()
        if not problem:
            return False
        self.notify(problem, severity="warning")
        problems = self.draft.all_issues()
        if problems:
            await self.select(min(problems))
        return True

    async def send(self) -> bool:
        assert self.current_batch is not None
        self.query_one("#editor-state", Static).update("Saving…")
        try:
            outcome = await save_instructions(self.client, self.current_batch, self.draft)
        except OutcomeUnknownError:
            await self._after_unknown_outcome()
            return False
        except ProlificError:
            self.redraw_state()
            raise  # the app shows it; the draft is still on disk
        return await self._apply(outcome)

    async def _apply(self, outcome: SaveOutcome) -> bool:
        if outcome.instructions is None:
            self.draft.server_issues = outcome.issues
            first = min((i for i in outcome.issues if i != LAYOUT_ISSUES), default=self.selected)
            self.notify("Prolific refused the instructions; see the ⚠ marks.", severity="error")
            await self.select(first)
            return False
        self.draft.stored(outcome.instructions)
        self.delete_draft()
        if outcome.deprecation is not None:
            self._note_deprecation(outcome.deprecation)
        self.notify(f"Saved {len(outcome.instructions)} instructions as {self.mode}.")
        await self.redraw()
        return True

    def _note_deprecation(self, notice: DeprecationNotice) -> None:
        text = deprecation_text(notice)
        if text not in self.notices:
            self.notices.append(text)
            self.notify(text, title="Deprecated endpoint", severity="warning", timeout=10)

    async def _after_unknown_outcome(self) -> None:
        """The answer was lost: re-read what Prolific has before offering to save again."""
        try:
            batch, loaded = await read_batch_instructions(self.client, self.batch_id)
        except ProlificError:
            self.notify(
                "The save's outcome is unknown and Prolific can't be reached. Your "
                "draft is kept; save again when the connection is back.",
                severity="error",
            )
            return
        self.current_batch = batch
        self.draft.reread(loaded.instructions, batch.batch_items is not None)
        self.notify(
            f"The connection dropped during the save. Prolific now has "
            f"{loaded.server_count} instructions; your draft is kept — check and save "
            "again (it replaces them, no duplicates).",
            severity="warning",
            timeout=12,
        )
        self.redraw_state()

    # ---- preview ---------------------------------------------------------------------------

    async def action_instr_preview(self) -> None:
        await super().action_instr_preview()
        if self.preview_on and self.datapoint is None and self.current_batch is not None:
            self.fetch_datapoint()

    @work(exclusive=True, group="instructions-preview", exit_on_error=False)
    async def fetch_datapoint(self) -> None:
        assert self.current_batch is not None
        try:
            fields = await dataset_fields(self.client, self.current_batch)
            remembered = self._remembered_datapoint(self.current_batch)
            self.datapoint = await preview_datapoint(
                self.client, self.current_batch, fields, remembered
            )
        except (ProlificError, OSError) as error:
            self.datapoint = placeholder_datapoint([])
            self.notify(f"No datapoint for the preview: {error}", severity="warning")
        self.draw_preview()

    def _remembered_datapoint(self, batch: Batch) -> dict[str, str]:
        """The first row of the dataset file if it was uploaded from this app."""
        if batch.dataset_id is None:
            return {}
        profile = self.session.profile.name
        return self.atb.state.dataset_sample(profile, self.workspace_id, batch.dataset_id)

    # ---- files ------------------------------------------------------------------------------

    def action_instr_export(self) -> None:
        if not self.instructions:
            self.notify("There are no instructions to export.", severity="warning")
            return
        self._ask_export()

    @work(exclusive=True, group="editor-dialog", exit_on_error=False)
    async def _ask_export(self) -> None:
        default = free_path(downloads_dir() / self._export_name)
        prompt = PromptScreen(
            "Export instructions",
            "Write them to this JSON file (the Prolific CLI's format, without ids; a name "
            f"without a folder goes to {downloads_dir()}):",
            str(default),
        )
        answer = await self.app.push_screen_wait(prompt)
        if answer:
            self._export_to(answer)

    def _export_to(self, answer: str) -> None:
        path = resolve(answer, self._export_name)  # never relative to where the app started
        try:
            saved = save_text(path, export_json(self.instructions))  # never overwrites
        except OSError as error:
            self.notify(f"Could not write {path}: {error.strerror or error}", severity="error")
            return
        self.notify(f"Exported {len(self.instructions)} instructions to {saved}.", timeout=10)

    @property
    def _export_name(self) -> str:
        return f"instructions-{self.batch_id[:8]}.json"

    def action_instr_import(self) -> None:
        if not self.refuse_edit():
            self._ask_import()

    @work(exclusive=True, group="editor-dialog", exit_on_error=False)
    async def _ask_import(self) -> None:
        prompt = PromptScreen(
            "Import instructions",
            'Read this JSON file ({"instructions": [...]} as the Prolific CLI writes it):',
            "",
            "instructions.json",
        )
        answer = await self.app.push_screen_wait(prompt)
        imported = self._read_import(answer) if answer else None
        if imported is None:
            return
        how = await self._ask_how(len(imported)) if self.instructions else "replace"
        if how is not None:
            await self._list_changed(self.draft.add_imported(imported, how))
            self.notify(f"Imported {len(imported)} instructions (not saved to Prolific yet).")

    def _read_import(self, answer: str) -> list[Instruction] | None:
        try:
            return read_instructions_file(Path(answer).expanduser())
        except InstructionFileError as error:
            self.notify(f"Not imported: {error}", severity="error", timeout=10)
            return None

    async def _ask_how(self, count: int) -> ImportHow | None:
        """Add the imported ones after the current ones, or replace them?"""
        choices = [
            ("append", f"Add the {count} after the current ones"),
            ("replace", "Replace the current instructions"),
        ]
        how = await self.app.push_screen_wait(ChoiceScreen("Import", "", choices))
        return "append" if how == "append" else "replace" if how == "replace" else None

    def focused_form(self) -> InstructionForm | None:
        """The form, if one is shown."""
        forms = self.query(InstructionForm)
        return forms.first() if forms else None

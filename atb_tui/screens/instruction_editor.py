"""The instruction editor of a batch: list on the left, the selected form on the right.

This module adds what leaves the editor: saving to Prolific (legacy endpoints or `batch_items`),
JSON import/export in the official CLI's shape, and asking what to do with unsaved changes
on the way out. A failed save keeps the local draft, so nothing typed is lost.
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
    load_instructions,
    placeholder_datapoint,
    preview_datapoint,
    save_batch_items,
    save_legacy,
    wire_list,
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
from atb_tui.widgets.instruction_form import InstructionForm

LEAVE_CHOICES = [
    ("save", "Save to Prolific, then leave"),
    ("keep", "Leave; keep my changes as a draft for next time"),
    ("discard", "Discard my changes and leave"),
    ("stay", "Keep editing"),
]


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

    def action_instr_save(self) -> None:
        if self._refuse_edit():
            return
        problems = self._all_issues()
        if not self.instructions:
            self.notify("Add at least one instruction before saving.", severity="warning")
        elif problems:
            count = sum(len(issues) for issues in problems.values())
            self.notify(f"Fix {count} problem(s) first (marked ⚠).", severity="warning")
            self.call_later(self._select, min(problems))
        else:
            self.save()

    async def _select(self, index: int) -> None:
        self.selected = index
        await self._redraw()

    @work(exclusive=True, group="instructions-save", exit_on_error=False)
    async def save(self) -> None:
        assert self.current_batch is not None
        self.query_one("#editor-state", Static).update("Saving…")
        try:
            outcome = await self._send()
        except OutcomeUnknownError:
            await self._after_unknown_outcome()
            return
        except ProlificError:
            self._leave_after_save = False
            self._redraw_state()
            raise  # the app shows it; the draft is still on disk
        await self._apply(outcome)

    async def _send(self) -> SaveOutcome:
        assert self.current_batch is not None
        if self.mode == "legacy":
            first = self.server_count == 0
            return await save_legacy(self.client, self.batch_id, self.instructions, first)
        fields = await dataset_fields(self.client, self.current_batch)
        return await save_batch_items(self.client, self.current_batch, self.instructions, fields)

    async def _apply(self, outcome: SaveOutcome) -> None:
        if outcome.instructions is None:
            self._leave_after_save = False
            self.server_issues = outcome.issues
            first = min((i for i in outcome.issues if i != LAYOUT_ISSUES), default=self.selected)
            self.notify("Prolific refused the instructions; see the ⚠ marks.", severity="error")
            await self._select(first)
            return
        self._stored(outcome.instructions)
        if outcome.deprecation is not None:
            self._note_deprecation(outcome.deprecation)
        self.notify(f"Saved {len(outcome.instructions)} instructions as {self.mode}.")
        await self._redraw()
        if self._leave_after_save:
            self.app.call_later(self.app.pop_screen)

    def _stored(self, instructions: list[Instruction]) -> None:
        self.instructions = instructions
        self.saved_wire = wire_list(instructions)
        self.server_count = len(instructions)
        self.server_issues = {}
        self._delete_draft()

    def _note_deprecation(self, notice: DeprecationNotice) -> None:
        text = deprecation_text(notice)
        if text not in self.notices:
            self.notices.append(text)
            self.notify(text, title="Deprecated endpoint", severity="warning", timeout=10)

    async def _after_unknown_outcome(self) -> None:
        """The answer was lost: re-read what Prolific has before offering to save again."""
        self._leave_after_save = False
        try:
            assert self.current_batch is not None
            batch = await self.client.batches.get(self.batch_id)
            loaded = await load_instructions(self.client, batch)
        except ProlificError:
            self.notify(
                "The save's outcome is unknown and Prolific can't be reached. Your "
                "draft is kept; save again when the connection is back.",
                severity="error",
            )
            return
        self.current_batch, self.server_count = batch, loaded.server_count
        self.saved_wire = wire_list(loaded.instructions)
        self.notify(
            f"The connection dropped during the save. Prolific now has "
            f"{loaded.server_count} instructions; your draft is kept — check and save "
            "again (it replaces them, no duplicates).",
            severity="warning",
            timeout=12,
        )
        self._redraw_state()

    # ---- preview ---------------------------------------------------------------------------

    async def action_instr_preview(self) -> None:
        self.preview_on = not self.preview_on
        await self._show_selected()
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
        self._draw_preview()

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
        default = free_path(downloads_dir() / self._export_name)
        prompt = PromptScreen(
            "Export instructions",
            "Write them to this JSON file (the Prolific CLI's format, without ids; a name "
            f"without a folder goes to {downloads_dir()}):",
            str(default),
        )
        self.app.push_screen(prompt, self._export_to)

    def _export_to(self, answer: str | None) -> None:
        if not answer:
            return
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
        if self._refuse_edit():
            return
        prompt = PromptScreen(
            "Import instructions",
            'Read this JSON file ({"instructions": [...]} as the Prolific CLI writes it):',
            "",
            "instructions.json",
        )
        self.app.push_screen(prompt, self._import_from)

    def _import_from(self, answer: str | None) -> None:
        if not answer:
            return
        try:
            imported = read_instructions_file(Path(answer).expanduser())
        except InstructionFileError as error:
            self.notify(f"Not imported: {error}", severity="error", timeout=10)
            return
        if not self.instructions:
            self.call_later(self._add_imported, "replace", imported)
            return
        choices = [
            ("append", f"Add the {len(imported)} after the current ones"),
            ("replace", "Replace the current instructions"),
        ]
        self.app.push_screen(
            ChoiceScreen("Import", "", choices), lambda how: self._add_imported(how, imported)
        )

    async def _add_imported(self, how: str | None, imported: list[Instruction]) -> None:
        if how == "replace":
            self.instructions = list(imported)
        elif how == "append":
            self.instructions.extend(imported)
        else:
            return
        await self._list_changed(0 if how == "replace" else len(self.instructions) - len(imported))
        self.notify(f"Imported {len(imported)} instructions (not saved to Prolific yet).")

    # ---- leaving ----------------------------------------------------------------------------

    def action_instr_leave(self) -> None:
        if self.focused is not None and self.focused is not self.query_one("#instruction-list"):
            self.query_one("#instruction-list").focus()
            return
        if not (self.editable and self.dirty):
            self.app.call_later(self.app.pop_screen)
            return
        message = "These instructions have changes that are not saved to Prolific."
        self.app.push_screen(ChoiceScreen("Leave the editor?", message, LEAVE_CHOICES), self._leave)

    def _leave(self, choice: str | None) -> None:
        if choice == "save":
            self._leave_after_save = True
            self.action_instr_save()
        elif choice == "keep":
            self.app.call_later(self.app.pop_screen)
        elif choice == "discard":
            self._delete_draft()
            self.app.call_later(self.app.pop_screen)

    def focused_form(self) -> InstructionForm | None:
        """The form, if one is shown."""
        forms = self.query(InstructionForm)
        return forms.first() if forms else None

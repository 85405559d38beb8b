"""The instruction editor's core: loading, the list and form, edits and drawing.

`instruction_editor.InstructionEditorScreen` adds saving, the preview and files. What is edited
is an `InstructionDraft` (views/instruction_draft.py: it checks, serialises and compares); the
list and form only show it and hand it the user's edits. What both editors share (the draft
kept on disk, leaving, the save worker) is in `draft_editor.DraftEditor`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from textual import on, work
from textual.widgets import Static

from atb_tui.api.models.batches import Batch
from atb_tui.api.models.instructions import DeprecationNotice
from atb_tui.flows.instructions import (
    PreviewDatapoint,
    locked_reason,
    placeholder_datapoint,
    read_batch_instructions,
)
from atb_tui.logic.instructions import (
    INSTRUCTION_TYPES,
    LAYOUT_ISSUES,
    FieldIssue,
    Instruction,
    UnsupportedInstruction,
    new_instruction,
)
from atb_tui.logic.instructions.model import INSTRUCTION_CLASSES
from atb_tui.screens.confirm_dialogs import ChoiceScreen
from atb_tui.screens.draft_editor import DraftEditor
from atb_tui.views.batch_html import html_to_text
from atb_tui.views.instruction_draft import MODE_TEXT, InstructionDraft, SaveMode
from atb_tui.widgets.chrome import key_hint
from atb_tui.widgets.instruction_form import InstructionForm
from atb_tui.widgets.instruction_list import InstructionList
from atb_tui.widgets.instruction_preview import InstructionPreview


def deprecation_text(notice: DeprecationNotice) -> str:
    """One line about the legacy endpoint's Deprecation/Sunset headers."""
    sunset = f", sunset {notice.sunset:%d %b %Y}" if notice.sunset else ""
    return f"⚠ Legacy instructions endpoint: deprecated{sunset} (server notice)."


class InstructionEditorBase(DraftEditor):
    """Edit, check and preview the instructions of one batch (saving is in the subclass)."""

    TITLE_TEXT = "Instructions"
    LIST_ID = "instruction-list"
    WHAT = "the instruction edits"
    LEAVE_MESSAGE = "These instructions have changes that are not saved to Prolific."
    DISCARD_LABEL = "Discard it; use what Prolific has"
    DRAFT_LOCKED = "An unsaved draft exists, but these instructions can't change now."

    def __init__(self, workspace_id: str, workspace_title: str, batch_id: str) -> None:
        super().__init__(workspace_id, workspace_title)
        self.batch_id = batch_id
        self.current_batch: Batch | None = None
        self.draft = InstructionDraft()
        self.locked = ""
        self.notices: list[str] = []
        self.datapoint: PreviewDatapoint | None = None

    # What tests and the proof driver read: the draft's state under the screen's names.
    @property
    def instructions(self) -> list[Instruction]:
        return self.draft.instructions

    @property
    def mode(self) -> SaveMode:
        return self.draft.mode

    @property
    def server_issues(self) -> dict[int, list[FieldIssue]]:
        return self.draft.server_issues

    @property
    def server_count(self) -> int:
        return self.draft.server_count

    # ---- what DraftEditor asks ------------------------------------------------------------

    def make_list(self) -> InstructionList:
        return InstructionList(id=self.LIST_ID)

    def trail(self) -> tuple[str, ...]:
        name = self.current_batch.name if self.current_batch else self.batch_id[:13]
        return (self.workspace_title, "batches", name, "instructions")

    @property
    def draft_key(self) -> str:
        return f"instructions/{self.session.profile.name}/{self.batch_id}"

    @property
    def editable(self) -> bool:
        return self.loaded and not self.locked and not self.session.read_only

    @property
    def dirty(self) -> bool:
        return self.draft.dirty

    def draft_data(self) -> Mapping[str, Any]:
        return self.draft.to_json()

    def draft_offered(self, data: Mapping[str, Any]) -> bool:
        return self.draft.offers(data)

    def draft_summary(self, data: Mapping[str, Any]) -> str:
        return f" ({len(data.get('instructions') or [])} instructions)"

    def restore_draft(self, data: Mapping[str, Any]) -> None:
        self.draft.restore(data)

    def lock_text(self) -> str:
        return self.locked

    # ---- loading ----------------------------------------------------------------------------

    @work(exclusive=True, group="instructions-load", exit_on_error=False)
    async def load(self) -> None:
        batch, loaded = await read_batch_instructions(self.client, self.batch_id)
        self.current_batch, self.locked = batch, locked_reason(batch)
        self.draft.stored(loaded.instructions)
        self.draft.mode, self.draft.server_count = loaded.mode, loaded.server_count
        self.draft.batch_has_items = batch.batch_items is not None
        if self.session.read_only and not self.locked:
            self.notices.append("Read-only profile: you can look, preview and export, not change.")
        if loaded.deprecation is not None and loaded.mode == "legacy" and not self.locked:
            self.notices.append(deprecation_text(loaded.deprecation))
        self.loaded = True
        self.refresh_chrome()
        self.refresh_bindings()
        self.show_title(batch.name)
        await self.redraw()
        self.offer_draft()

    # ---- drawing ----------------------------------------------------------------------------

    async def redraw(self) -> None:
        self._redraw_list()
        self.redraw_state()
        await self.show_selected()

    def _redraw_list(self) -> None:
        self.query_one(InstructionList).show(
            self.instructions, self.draft.all_issues(), self.selected
        )

    def state_parts(self) -> list[str]:
        return self.draft.state_parts()

    def shows_saved(self) -> bool:
        return self.loaded and not self.dirty

    def notice_lines(self) -> list[str]:
        layout = [f"⚠ {issue.message}" for issue in self.server_issues.get(LAYOUT_ISSUES, [])]
        return ([self.locked] if self.locked else []) + self.notices + layout

    async def show_selected(self) -> None:
        await self.pane.remove_children()
        if self.preview_on:
            await self.pane.mount(InstructionPreview())
            self.draw_preview()
        elif not self.instructions:
            await self.pane.mount(Static(self._empty_text(), id="editor-empty"))
        else:
            await self.pane.mount(self._form_for(self.selected))

    def _empty_text(self) -> str:
        if not self.editable:
            return "No instructions."
        add, load = (
            key_hint(self.app, "instructions.add"),
            key_hint(self.app, "instructions.import"),
        )
        return f"No instructions yet. Press {add} to add one, {load} to import a JSON file."

    def _form_for(self, index: int) -> Static | InstructionForm:
        item = self.instructions[index]
        if isinstance(item, UnsupportedInstruction):
            text = (
                f"'{item.type}' instructions are kept exactly as they are; edit them on Prolific."
            )
            return Static(text, id="editor-empty")
        form = InstructionForm(item, read_only=not self.editable, id="instruction-form")
        self.call_after_refresh(form.show_issues, self.draft.issues_of(index))
        return form

    def draw_preview(self) -> None:
        """The participant's page: the task, a datapoint and the questions."""
        previews = self.query(InstructionPreview)
        if not previews or self.current_batch is None:
            return
        details = self.current_batch.task_details
        task = {
            "name": (details.task_name if details else None) or self.current_batch.name,
            "introduction": html_to_text(details.task_introduction or "") if details else "",
            "steps": html_to_text(details.task_steps or "") if details else "",
        }
        point = self.datapoint or placeholder_datapoint([])
        previews.first().show(task, point.values, point.real, self.instructions)

    # ---- edits ------------------------------------------------------------------------------

    @on(InstructionForm.Changed)
    def _edited(self, event: InstructionForm.Changed) -> None:
        if not self.editable or not self.instructions:
            return
        self.draft.edit(self.selected, event.instruction)
        issues = self.draft.issues_of(self.selected)
        event.control.show_issues(issues)
        self.query_one(InstructionList).update_one(self.selected, event.instruction, len(issues))
        self.changed()

    async def _list_changed(self, selected: int | None) -> None:
        if selected is None:
            return
        self.autosave()
        await self.select(selected)

    def action_instr_add(self) -> None:
        if not self.refuse_edit():
            self._ask_add()

    @work(exclusive=True, group="editor-dialog", exit_on_error=False)
    async def _ask_add(self) -> None:
        choices = [(name, INSTRUCTION_CLASSES[name].title) for name in INSTRUCTION_TYPES]
        dialog = ChoiceScreen("Add an instruction", "Which kind of question?", choices)
        type_name = await self.app.push_screen_wait(dialog)
        if type_name not in INSTRUCTION_TYPES:
            return
        await self._list_changed(self.draft.insert(self.selected, new_instruction(type_name)))
        self.query_one(InstructionForm).focus_first()

    async def action_instr_duplicate(self) -> None:
        if self.refuse_edit() or not self.instructions:
            return
        at = self.draft.duplicate(self.selected)
        if at is None:
            self.notify("This kind of instruction can't be copied here.", severity="warning")
        await self._list_changed(at)

    async def action_instr_delete(self) -> None:
        if self.refuse_edit() or not self.instructions:
            return
        removed, selected = self.draft.delete(self.selected)
        await self._list_changed(selected)
        question = removed.description[:40] or "the instruction"
        leave = key_hint(self.app, "instructions.leave")
        self.notify(f"Deleted “{question}”. Not saved yet: {leave} → discard brings it back.")

    async def action_instr_move(self, step: int) -> None:
        if self.refuse_edit() or not self.instructions:
            return
        await self._list_changed(self.draft.move(self.selected, step))

    def action_instr_mode(self) -> None:
        if self.refuse_edit():
            return
        if not self.draft.toggle_mode():
            self.notify(f"This batch already keeps its instructions as {MODE_TEXT[self.mode]}.")
            return
        self._redraw_list()
        self.changed()
        self.notify(f"Will save as {MODE_TEXT[self.mode]}.")

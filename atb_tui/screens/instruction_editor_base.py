"""The instruction editor's core: loading, the list and form, edits, drafts and the preview.

`instruction_editor.InstructionEditorScreen` adds saving, import/export and leaving.
Rules are checked as the user types; every change is autosaved as a local draft (after a
pause in typing, off the event loop: flows/drafts.py).
"""

from __future__ import annotations

from dataclasses import replace

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import OptionList, Static

from atb_tui.api.models.batches import Batch
from atb_tui.api.models.instructions import DeprecationNotice
from atb_tui.commands import REGISTRY
from atb_tui.flows.drafts import DraftWriter
from atb_tui.flows.instructions import (
    PreviewDatapoint,
    SaveMode,
    from_wire_list,
    load_instructions,
    locked_reason,
    placeholder_datapoint,
    wire_list,
)
from atb_tui.logic.instructions import (
    INSTRUCTION_TYPES,
    LAYOUT_ISSUES,
    FieldIssue,
    Instruction,
    InstructionFormatError,
    UnsupportedInstruction,
    new_instruction,
    validate_instruction,
)
from atb_tui.logic.instructions.model import INSTRUCTION_CLASSES
from atb_tui.screens.base import AtbScreen
from atb_tui.screens.confirm_dialogs import ChoiceScreen
from atb_tui.storage.errors import StorageError
from atb_tui.views.batch_html import html_to_text
from atb_tui.widgets.instruction_form import InstructionForm
from atb_tui.widgets.instruction_list import InstructionList
from atb_tui.widgets.instruction_preview import InstructionPreview

MODE_TEXT = {
    "batch_items": "batch_items",
    "legacy": "legacy endpoint",
}
# Actions bound to a plain letter: they only work in the list, never while a form field has
# focus (a letter typed there is text; on a checkbox it must not delete the instruction).
LETTER_ACTIONS = frozenset(
    c.action.split("(", 1)[0]
    for c in REGISTRY.values()
    if c.id.startswith("instructions.") and len(c.key) == 1
)
EDITING_ACTIONS = frozenset(
    {
        "instr_add",
        "instr_duplicate",
        "instr_delete",
        "instr_move",
        "instr_save",
        "instr_mode",
        "instr_import",
    }
)


def deprecation_text(notice: DeprecationNotice) -> str:
    """One line about the legacy endpoint's Deprecation/Sunset headers."""
    sunset = f", sunset {notice.sunset:%d %b %Y}" if notice.sunset else ""
    return f"⚠ Legacy instructions endpoint: deprecated{sunset} (server notice)."


class InstructionEditorBase(AtbScreen):
    """Edit, check and preview the instructions of one batch (saving is in the subclass)."""

    DEFAULT_CSS = """
    InstructionEditorScreen #editor-state { height: 1; padding: 0 1; }
    InstructionEditorScreen #editor-notice { height: auto; padding: 0 1; color: $warning; }
    InstructionEditorScreen #editor-pane { width: 1fr; height: 1fr; }
    InstructionEditorScreen #editor-empty { padding: 1 2; color: $text-muted; }
    """

    def __init__(self, workspace_id: str, workspace_title: str, batch_id: str) -> None:
        super().__init__()
        self.workspace_id = workspace_id
        self.workspace_title = workspace_title
        self.batch_id = batch_id
        self.current_batch: Batch | None = None
        self._draft_writer: DraftWriter | None = None
        self.instructions: list[Instruction] = []
        self.saved_wire: list[dict[str, object]] = []
        self.server_issues: dict[int, list[FieldIssue]] = {}
        self.selected = 0
        self.mode: SaveMode = "batch_items"
        self.server_count = 0
        self.locked = ""
        self.notices: list[str] = []
        self.preview_on = False
        self.datapoint: PreviewDatapoint | None = None
        self.loaded = False
        self._leave_after_save = False

    # ---- layout and chrome ------------------------------------------------------------------

    def compose_body(self) -> ComposeResult:
        yield Static("Instructions · loading…", id="editor-title", classes="screen-title")
        yield Static("", id="editor-state")
        yield Static("", id="editor-notice", markup=False)
        with Horizontal():
            yield InstructionList(id="instruction-list")
            yield Vertical(id="editor-pane")

    def trail(self) -> tuple[str, ...]:
        name = self.current_batch.name if self.current_batch else self.batch_id[:13]
        return (self.workspace_title, "batches", name, "instructions")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        allowed = super().check_action(action, parameters)
        if allowed and action in EDITING_ACTIONS and self.loaded and not self.editable:
            return False  # locked or read-only: editing keys are neither shown nor run
        if allowed and action in LETTER_ACTIONS and self._focus_in_form():
            return False  # in the form a letter is text (or nothing), never "delete" & co.
        return allowed

    def _focus_in_form(self) -> bool:
        focused = self.focused
        return focused is not None and any(
            isinstance(node, InstructionForm) for node in focused.ancestors_with_self
        )

    def on_descendant_focus(self) -> None:
        self.refresh_bindings()  # the footer follows: list keys in the list, ctrl keys in the form

    @property
    def draft_key(self) -> str:
        return f"instructions/{self.session.profile.name}/{self.batch_id}"

    @property
    def editable(self) -> bool:
        return self.loaded and not self.locked and not self.session.read_only

    @property
    def dirty(self) -> bool:
        return wire_list(self.instructions) != self.saved_wire

    def unsaved_changes(self) -> str | None:
        """Edits not yet saved to Prolific: `q` asks first (see screens/unsaved.py)."""
        if not (self.editable and self.dirty):
            return None
        return "the instruction edits — a draft is kept on this machine for next time"

    def on_mount(self) -> None:
        self.query_one(InstructionList).focus()
        self.load()

    # ---- loading ----------------------------------------------------------------------------

    @work(exclusive=True, group="instructions-load", exit_on_error=False)
    async def load(self) -> None:
        batch = await self.client.batches.get(self.batch_id)
        loaded = await load_instructions(self.client, batch)
        self.current_batch, self.locked = batch, locked_reason(batch)
        self.instructions, self.mode = loaded.instructions, loaded.mode
        self.saved_wire, self.server_count = wire_list(loaded.instructions), loaded.server_count
        if self.session.read_only and not self.locked:
            self.notices.append("Read-only profile: you can look, preview and export, not change.")
        if loaded.deprecation is not None and loaded.mode == "legacy" and not self.locked:
            self.notices.append(deprecation_text(loaded.deprecation))
        self.loaded = True
        self.refresh_chrome()
        self.refresh_bindings()
        self.query_one("#editor-title", Static).update(f"Instructions · {batch.name}")
        self._offer_draft()
        await self._redraw()

    def _offer_draft(self) -> None:
        try:
            draft = self.atb.drafts.load(self.draft_key)
        except StorageError as error:
            self.notify(str(error), severity="error")
            return
        items = draft.data.get("instructions") if draft else None
        if draft is None or not isinstance(items, list) or items == self.saved_wire:
            return
        if not self.editable:
            self.notify("An unsaved draft exists, but these instructions can't change now.")
            return
        message = (
            f"You have unsaved changes from {draft.saved_at[:16].replace('T', ' ')} UTC "
            f"({len(items)} instructions) that "
            "were never saved to Prolific."
        )
        choices = [
            ("restore", "Restore my draft"),
            ("discard", "Discard it; use what Prolific has"),
        ]
        self.app.push_screen(
            ChoiceScreen("Restore your draft?", message, choices),
            lambda choice: self._draft_chosen(choice, items, draft.data),
        )

    def _draft_chosen(
        self, choice: str | None, items: list[object], data: dict[str, object]
    ) -> None:
        if choice == "discard":
            self._delete_draft()
            return
        if choice != "restore":
            return
        try:
            self.instructions = from_wire_list(items)
        except InstructionFormatError as error:
            self.notify(f"The draft can't be read: {error}", severity="error")
            return
        if data.get("mode") in ("legacy", "batch_items") and self._mode_switchable():
            self.mode = data["mode"]  # type: ignore[assignment]
        self.selected = 0
        self.call_later(self._redraw)

    # ---- drawing ----------------------------------------------------------------------------

    def issues_of(self, index: int) -> list[FieldIssue]:
        """Rule problems plus what the server said at the last save."""
        return validate_instruction(self.instructions[index]) + self.server_issues.get(index, [])

    def _all_issues(self) -> dict[int, list[FieldIssue]]:
        found = {index: self.issues_of(index) for index in range(len(self.instructions))}
        return {index: issues for index, issues in found.items() if issues}

    async def _redraw(self) -> None:
        self._redraw_list()
        self._redraw_state()
        await self._show_selected()

    def _redraw_list(self) -> None:
        self.query_one(InstructionList).show(self.instructions, self._all_issues(), self.selected)

    def _redraw_state(self) -> None:
        count = len(self.instructions)
        parts = [
            f"{count} instruction{'s' if count != 1 else ''}",
            f"saves as {MODE_TEXT[self.mode]}",
        ]
        if self.editable and self.dirty:
            parts.append("[b $warning]● unsaved (draft kept)[/]")
        elif self.loaded and not self.dirty:
            parts.append("[$success]saved[/]")
        self.query_one("#editor-state", Static).update("  ·  ".join(parts))
        layout = [f"⚠ {issue.message}" for issue in self.server_issues.get(LAYOUT_ISSUES, [])]
        lines = ([self.locked] if self.locked else []) + self.notices + layout
        notice = self.query_one("#editor-notice", Static)
        notice.update("\n".join(lines))
        notice.display = bool(lines)

    async def _show_selected(self) -> None:
        pane = self.query_one("#editor-pane", Vertical)
        await pane.remove_children()
        if self.preview_on:
            preview = InstructionPreview()
            await pane.mount(preview)
            self._draw_preview()
        elif not self.instructions:
            hint = "No instructions yet. Press a to add one, o to import a JSON file."
            await pane.mount(
                Static(hint if self.editable else "No instructions.", id="editor-empty")
            )
        else:
            await pane.mount(self._form_for(self.selected))

    def _form_for(self, index: int) -> Static | InstructionForm:
        item = self.instructions[index]
        if isinstance(item, UnsupportedInstruction):
            text = (
                f"'{item.type}' instructions are kept exactly as they are; edit them on Prolific."
            )
            return Static(text, id="editor-empty")
        form = InstructionForm(item, read_only=not self.editable, id="instruction-form")
        self.call_after_refresh(form.show_issues, self.issues_of(index))
        return form

    # ---- selection and edits ----------------------------------------------------------------

    @on(OptionList.OptionHighlighted, "#instruction-list")
    async def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_index != self.selected:
            self.selected = event.option_index
            await self._show_selected()

    @on(OptionList.OptionSelected, "#instruction-list")
    def _chosen(self) -> None:
        forms = self.query(InstructionForm)
        if forms:
            forms.first().focus_first()

    @on(InstructionForm.Changed)
    def _edited(self, event: InstructionForm.Changed) -> None:
        if not self.editable or not self.instructions:
            return
        self.instructions[self.selected] = event.instruction
        self.server_issues.pop(self.selected, None)
        issues = self.issues_of(self.selected)
        event.control.show_issues(issues)
        self.query_one(InstructionList).update_one(self.selected, event.instruction, len(issues))
        self._redraw_state()
        self._autosave()

    def _changed(self) -> None:
        self._redraw_list()
        self._redraw_state()
        self._autosave()

    @property
    def draft_writer(self) -> DraftWriter:
        """Writes the draft after a pause in typing, off the event loop (see flows/drafts)."""
        if self._draft_writer is None:
            self._draft_writer = DraftWriter(self.atb.drafts, self.draft_key, self._draft_failed)
        return self._draft_writer

    def _draft_failed(self, message: str) -> None:
        self.notify(message, severity="error")

    def _autosave(self) -> None:
        if self.dirty:
            data = {"mode": self.mode, "instructions": wire_list(self.instructions)}
            self.draft_writer.save_later(data)
        else:
            self.draft_writer.delete_later()

    def _delete_draft(self) -> None:
        self.draft_writer.delete_later()
        self.draft_writer.flush()

    def on_unmount(self) -> None:
        # Leaving or quitting: whatever was typed in the last moments is written now.
        if self._draft_writer is not None:
            self._draft_writer.close()

    def _refuse_edit(self) -> bool:
        if self.editable:
            return False
        reason = self.locked or "This profile is read-only." if self.loaded else "Still loading…"
        self.notify(reason, severity="warning")
        return True

    async def _list_changed(self, selected: int) -> None:
        self.server_issues = {}
        self.selected = max(0, min(selected, len(self.instructions) - 1))
        self._autosave()
        await self._redraw()

    def action_instr_add(self) -> None:
        if self._refuse_edit():
            return
        choices = [(name, INSTRUCTION_CLASSES[name].title) for name in INSTRUCTION_TYPES]
        self.app.push_screen(
            ChoiceScreen("Add an instruction", "Which kind of question?", choices), self._add_chosen
        )

    async def _add_chosen(self, type_name: str | None) -> None:
        if type_name not in INSTRUCTION_TYPES:
            return
        insert_at = self.selected + 1 if self.instructions else 0
        self.instructions.insert(insert_at, new_instruction(type_name))
        await self._list_changed(insert_at)
        self.query_one(InstructionForm).focus_first()

    async def action_instr_duplicate(self) -> None:
        if self._refuse_edit() or not self.instructions:
            return
        item = self.instructions[self.selected]
        if isinstance(item, UnsupportedInstruction):
            self.notify("This kind of instruction can't be copied here.", severity="warning")
            return
        self.instructions.insert(self.selected + 1, replace(item, id=None))
        await self._list_changed(self.selected + 1)

    async def action_instr_delete(self) -> None:
        if self._refuse_edit() or not self.instructions:
            return
        removed = self.instructions.pop(self.selected)
        await self._list_changed(self.selected)
        question = removed.description[:40] or "the instruction"
        self.notify(f"Deleted “{question}”. Not saved yet: Esc → discard brings it back.")

    async def action_instr_move(self, step: int) -> None:
        if self._refuse_edit() or not self.instructions:
            return
        target = self.selected + step
        if not 0 <= target < len(self.instructions):
            return
        items = self.instructions
        items[self.selected], items[target] = items[target], items[self.selected]
        await self._list_changed(target)

    def _mode_switchable(self) -> bool:
        return (
            self.server_count == 0
            and self.current_batch is not None
            and self.current_batch.batch_items is None
        )

    def action_instr_mode(self) -> None:
        if self._refuse_edit():
            return
        if not self._mode_switchable():
            self.notify(f"This batch already keeps its instructions as {MODE_TEXT[self.mode]}.")
            return
        self.mode = "legacy" if self.mode == "batch_items" else "batch_items"
        self._changed()
        self.notify(f"Will save as {MODE_TEXT[self.mode]}.")

    # ---- preview ----------------------------------------------------------------------------

    def _draw_preview(self) -> None:
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

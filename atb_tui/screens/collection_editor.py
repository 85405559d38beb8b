"""The collection editor: pages of items on the left, the selected form (or preview) on the right.

This module adds what leaves the editor: saving (a create the first time, then a full replace
that keeps every id still in the draft, after a confirmation listing what changes) and asking
what to do with unsaved changes on the way out. A failed save keeps the local draft; a create
whose answer was lost is never repeated blindly.
"""

from __future__ import annotations

from textual import work

from atb_tui.api import OutcomeUnknownError, ProlificError
from atb_tui.commands import bindings
from atb_tui.flows.collections import save_collection
from atb_tui.screens.collection_editor_base import CollectionEditorBase
from atb_tui.screens.confirm_dialogs import ChoiceScreen
from atb_tui.screens.instruction_editor import LEAVE_CHOICES
from atb_tui.views.collection_draft import describe_changes, draft_issues, outline_index
from atb_tui.widgets.collection_outline import CollectionOutline

REPLACE_CHOICES = [("replace", "Replace the collection"), ("stay", "Keep editing")]


class CollectionEditorScreen(CollectionEditorBase):
    """Create or replace a collection."""

    SCREEN_ID = "collection_editor"
    BINDINGS = bindings(
        "instructions.save",
        "instructions.add",
        "collection_editor.page",
        "instructions.duplicate",
        "instructions.delete",
        "instructions.up",
        "instructions.down",
        "instructions.preview",
        "instructions.leave",
    )

    def __init__(self, workspace_id: str, workspace_title: str, collection_id: str | None) -> None:
        super().__init__(workspace_id, workspace_title, collection_id)
        self.leave_after_save = False
        self.create_uncertain = False  # a create's answer was lost: look before creating again
        self.saving = False

    # ---- saving -----------------------------------------------------------------------------

    def action_instr_save(self) -> None:
        if not self.editable or self.saving:
            return
        problems = draft_issues(self.draft)
        if problems:
            count = sum(len(found) for found in problems.values())
            self.notify(f"Fix {count} problem(s) first (marked ⚠).", severity="warning")
            self.leave_after_save = False
            self.call_later(self._select, outline_index(self.draft, min(problems)))
        elif self.collection_id is None:
            self.save()
        else:
            self._confirm_replace()

    async def _select(self, index: int) -> None:
        self.selected = index
        await self.redraw()

    def _confirm_replace(self) -> None:
        lines = describe_changes(self.saved, self.draft)
        if not lines:
            self.notify("Nothing changed: Prolific already has this.")
            return
        shown = lines[:8] + ([f"… and {len(lines) - 8} more"] if len(lines) > 8 else [])
        message = (
            "This replaces the whole collection. Kept items keep their ids (and answers); "
            "deleted ones go for good.\n\n" + "\n".join(f"• {line}" for line in shown)
        )
        self.app.push_screen(
            ChoiceScreen("Replace the collection?", message, REPLACE_CHOICES), self._replace_chosen
        )

    def _replace_chosen(self, choice: str | None) -> None:
        if choice == "replace":
            self.save()
        else:
            self.leave_after_save = False

    @work(exclusive=True, group="collection-save", exit_on_error=False)
    async def save(self) -> None:
        self.saving = True
        try:
            if self.create_uncertain and await self._found_lost_create():
                return
            outcome = await save_collection(
                self.client, self.workspace_id, self.collection_id, self.draft
            )
        except OutcomeUnknownError:
            self._lost_answer()
            return
        except ProlificError:
            self.leave_after_save = False
            raise  # the app shows it; the draft is still on disk
        finally:
            self.saving = False
        if outcome.collection is None:
            self.leave_after_save = False
            self.notify(f"Not sent: {outcome.refused}", severity="error", timeout=10)
            return
        created = self.collection_id is None
        self.delete_draft()
        self.stored(outcome.collection)
        self.delete_draft()  # under the new id too
        self.notify(f"{'Created' if created else 'Saved'} {outcome.collection.name}.")
        await self.redraw()
        if self.leave_after_save:
            self.app.call_later(self.app.pop_screen)

    def _lost_answer(self) -> None:
        self.leave_after_save = False
        if self.collection_id is None:
            self.create_uncertain = True
        self.notify(
            "The connection dropped during the save; its outcome is unknown. Your draft is "
            "kept. Saving again checks first (a replace is safe to repeat).",
            severity="warning",
            timeout=12,
        )

    async def _found_lost_create(self) -> bool:
        """After a lost create: if Prolific has it, edit that one instead of making another."""
        existing = await self.client.collections.list(self.workspace_id)
        match = [c for c in existing if c.name == self.draft.name.strip()]
        if not match:
            self.create_uncertain = False
            return False
        newest = max(match, key=lambda c: str(c.created_at))
        kept = self.draft
        self.delete_draft()
        self.stored(newest)
        self.draft, self.create_uncertain = kept, False
        self.autosave()
        self.notify(
            "The lost save had created the collection. Your edits stay; save again to "
            "replace it with them.",
            severity="warning",
            timeout=12,
        )
        await self.redraw()
        return True

    # ---- leaving ----------------------------------------------------------------------------

    def action_instr_leave(self) -> None:
        outline = self.query_one(CollectionOutline)
        if self.focused is not None and self.focused is not outline:
            outline.focus()
            return
        if not (self.editable and self.dirty):
            self.app.call_later(self.app.pop_screen)
            return
        message = "This collection has changes that are not saved to Prolific."
        self.app.push_screen(ChoiceScreen("Leave the editor?", message, LEAVE_CHOICES), self._leave)

    def _leave(self, choice: str | None) -> None:
        if choice == "save":
            self.leave_after_save = True
            self.action_instr_save()
        elif choice == "keep":
            self.app.call_later(self.app.pop_screen)
        elif choice == "discard":
            self.delete_draft()
            self.app.call_later(self.app.pop_screen)

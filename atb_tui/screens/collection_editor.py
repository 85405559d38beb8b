"""The collection editor: pages of items on the left, the selected form (or preview) on the right.

This module adds saving: a create the first time, then a full replace that keeps every id still
in the draft, after a confirmation listing what changes (flows/collections.py sends it). A
failed save keeps the local draft; a create whose answer was lost is never repeated blindly.
Leaving with unsaved changes asks first (screens/draft_editor.py).
"""

from __future__ import annotations

from atb_tui.api import OutcomeUnknownError
from atb_tui.commands import bindings
from atb_tui.flows.collections import find_lost_create, save_collection
from atb_tui.screens.collection_editor_base import CollectionEditorBase
from atb_tui.screens.confirm_dialogs import ChoiceScreen
from atb_tui.views.collection_draft import describe_changes, draft_issues, outline_index

REPLACE_CHOICES = [("replace", "Replace the collection"), ("stay", "Keep editing")]
SHOWN_CHANGES = 8  # more are summed up in one line, so the question fits the screen


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
        self.create_uncertain = False  # a create's answer was lost: look before creating again

    # ---- before sending ---------------------------------------------------------------------

    async def refused(self) -> bool:
        problems = draft_issues(self.draft)
        if not problems:
            return False
        count = sum(len(found) for found in problems.values())
        self.notify(f"Fix {count} problem(s) first (marked ⚠).", severity="warning")
        await self.select(outline_index(self.draft, min(problems)))
        return True

    async def confirm_save(self) -> bool:
        """A replace first says what it changes; a create goes at once."""
        if self.collection_id is None:
            return True
        lines = describe_changes(self.saved, self.draft)
        if not lines:
            self.notify("Nothing changed: Prolific already has this.")
            return False
        more = len(lines) - SHOWN_CHANGES
        shown = lines[:SHOWN_CHANGES] + ([f"… and {more} more"] if more > 0 else [])
        message = (
            "This replaces the whole collection. Kept items keep their ids (and answers); "
            "deleted ones go for good.\n\n" + "\n".join(f"• {line}" for line in shown)
        )
        dialog = ChoiceScreen("Replace the collection?", message, REPLACE_CHOICES)
        return await self.app.push_screen_wait(dialog) == "replace"

    # ---- sending ------------------------------------------------------------------------------

    async def send(self) -> bool:
        try:
            if self.create_uncertain and await self._found_lost_create():
                return False
            outcome = await save_collection(
                self.client, self.workspace_id, self.collection_id, self.draft
            )
        except OutcomeUnknownError:
            self._lost_answer()
            return False
        if outcome.collection is None:
            self.notify(f"Not sent: {outcome.refused}", severity="error", timeout=10)
            return False
        created = self.collection_id is None
        self.delete_draft()
        self.stored(outcome.collection)
        self.delete_draft()  # under the new id too
        self.notify(f"{'Created' if created else 'Saved'} {outcome.collection.name}.")
        await self.redraw()
        return True

    def _lost_answer(self) -> None:
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
        newest = await find_lost_create(self.client, self.workspace_id, self.draft.name)
        self.create_uncertain = False
        if newest is None:
            return False
        kept = self.draft
        self.delete_draft()
        self.stored(newest)
        self.draft = kept
        self.autosave()
        self.notify(
            "The lost save had created the collection. Your edits stay; save again to "
            "replace it with them.",
            severity="warning",
            timeout=12,
        )
        await self.redraw()
        return True

"""The collection editor's core: loading, the outline and forms, page and item edits.

`collection_editor.CollectionEditorScreen` adds saving. The same keys as the instruction editor
(a, c, d, K, J, p, ctrl+s, Esc) act on the selected row, page or item; the forms are the
instruction editor's, plus the content block and details forms. What is edited is a
`CollectionDraft` (views/collection_draft.py); what both editors share (the draft kept on disk,
leaving, the save worker) is in `draft_editor.DraftEditor`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from textual import on, work
from textual.widget import Widget
from textual.widgets import Static

from atb_tui.api.errors import PermissionDeniedError
from atb_tui.api.models.collections import Collection
from atb_tui.flows.collections import NOT_ENABLED
from atb_tui.logic.instructions import INSTRUCTION_TYPES, UnsupportedInstruction, new_instruction
from atb_tui.logic.instructions.model import INSTRUCTION_CLASSES
from atb_tui.screens.confirm_dialogs import ChoiceScreen
from atb_tui.screens.draft_editor import EDITING_ACTIONS, LETTER_ACTIONS, DraftEditor
from atb_tui.views.collection_draft import (
    BLOCK_KINDS,
    BLOCK_TITLES,
    COLLECTION,
    DETAILS,
    CollectionDraft,
    ContentBlock,
    PageEntry,
    Where,
    copy_entry,
    count_text,
    draft_from_collection,
    draft_from_json,
    draft_issues,
    entry_issues,
    new_draft,
)
from atb_tui.widgets.chrome import key_hint
from atb_tui.widgets.collection_forms import BlockForm, DetailsForm
from atb_tui.widgets.collection_outline import CollectionOutline, outline_places
from atb_tui.widgets.collection_preview import CollectionPreview
from atb_tui.widgets.instruction_form import InstructionForm


class CollectionEditorBase(DraftEditor):
    """Edit and preview a collection's pages (saving is in the subclass)."""

    TITLE_TEXT = "Collection"
    LIST_ID = "collection-outline"
    WHAT = "the collection edits"
    LEAVE_MESSAGE = "This collection has changes that are not saved to Prolific."
    DRAFT_LOCKED = "An unsaved draft exists, but this profile can't change collections."
    EDITS = EDITING_ACTIONS | {"add_page"}
    LETTERS = LETTER_ACTIONS | {"add_page"}

    def __init__(self, workspace_id: str, workspace_title: str, collection_id: str | None) -> None:
        super().__init__(workspace_id, workspace_title)
        self.collection_id = collection_id
        self.draft = new_draft()
        self.saved: CollectionDraft | None = None  # what Prolific has (None: not created yet)
        self.notice = ""

    # ---- what DraftEditor asks ------------------------------------------------------------

    def make_list(self) -> CollectionOutline:
        return CollectionOutline(id=self.LIST_ID)

    def trail(self) -> tuple[str, ...]:
        return (self.workspace_title, "Collections", self.draft.name or "new", "edit")

    @property
    def draft_key(self) -> str:
        target = self.collection_id or f"new-{self.workspace_id}"
        return f"collections/{self.session.profile.name}/{target}"

    @property
    def editable(self) -> bool:
        return self.loaded and not self.session.read_only

    @property
    def dirty(self) -> bool:
        baseline = self.saved.to_json() if self.saved else new_draft().to_json()
        return self.draft.to_json() != baseline

    def draft_data(self) -> Mapping[str, Any]:
        return self.draft.to_json()

    def draft_offered(self, data: Mapping[str, Any]) -> bool:
        return dict(data) != self.draft.to_json()

    def restore_draft(self, data: Mapping[str, Any]) -> None:
        self.draft = draft_from_json(data)

    # ---- loading ----------------------------------------------------------------------------

    @work(exclusive=True, group="collection-editor-load", exit_on_error=False)
    async def load(self) -> None:
        if self.collection_id is not None:
            try:
                stored = await self.client.collections.get(self.collection_id)
            except PermissionDeniedError as error:
                if not error.feature_not_enabled:
                    raise
                self.notice = NOT_ENABLED
                self.redraw_state()
                return
            self.stored(stored)
        else:
            self.show_title("new")
        if self.session.read_only:
            self.notice = "Read-only profile: you can look and preview, not change."
        self.loaded = True
        self.refresh_chrome()
        self.refresh_bindings()
        await self.redraw()
        self.offer_draft()

    def stored(self, collection: Collection) -> None:
        """Prolific's copy is now this collection (after loading or saving)."""
        self.collection_id = collection.id
        self.saved = draft_from_collection(collection)
        self.draft = draft_from_collection(collection)
        self.show_title(collection.name)

    # ---- drawing ----------------------------------------------------------------------------

    @property
    def outline(self) -> CollectionOutline:
        return self.query_one(CollectionOutline)

    @property
    def place(self) -> Where:
        places = self.outline.places
        return places[self.selected] if 0 <= self.selected < len(places) else COLLECTION

    async def redraw(self) -> None:
        self.outline.show(self.draft, draft_issues(self.draft), self.selected)
        self.selected = self.outline.highlighted or 0
        self.redraw_state()
        await self.show_selected()

    def state_parts(self) -> list[str]:
        draft = self.draft
        parts = [count_text(len(draft.pages), "page"), count_text(draft.item_count, "item"),
                 count_text(draft.question_count, "question")]  # fmt: skip
        if self.collection_id is None:
            parts.append(f"new: {key_hint(self.app, 'instructions.save')} creates it")
        return parts

    def shows_saved(self) -> bool:
        return self.loaded and self.saved is not None

    def notice_lines(self) -> list[str]:
        return [self.notice] if self.notice else []

    async def show_selected(self) -> None:
        await self.pane.remove_children()
        if self.preview_on:
            preview = CollectionPreview()
            await self.pane.mount(preview)
            preview.show(self.draft)
            return
        await self.pane.mount(self._form_for(self.place))

    def _form_for(self, place: Where) -> Widget:
        page, item = place
        read_only = not self.editable
        if place == COLLECTION:
            form: Widget = DetailsForm(self.draft, read_only=read_only, id="details-form")
        elif item == DETAILS:
            return Static(self._page_text(page), id="editor-empty")
        else:
            entry = self.draft.pages[page].items[item]
            if isinstance(entry, UnsupportedInstruction):
                text = f"'{entry.type}' items are kept exactly as they are; edit them on Prolific."
                return Static(text, id="editor-empty")
            if isinstance(entry, ContentBlock):
                form = BlockForm(entry, read_only=read_only, id="block-form")
            else:
                form = InstructionForm(entry, read_only=read_only, id="instruction-form")
        issues = draft_issues(self.draft).get(place, [])
        self.call_after_refresh(form.show_issues, issues)  # type: ignore[attr-defined]
        return form

    def _page_text(self, page: int) -> str:
        count = len(self.draft.pages[page].items)
        if not self.editable:
            return f"Page {page + 1}: {count} item(s)."
        keys = {
            "add": key_hint(self.app, "instructions.add"),
            "page": key_hint(self.app, "collection_editor.page"),
            "up": key_hint(self.app, "instructions.up"),
            "down": key_hint(self.app, "instructions.down"),
            "delete": key_hint(self.app, "instructions.delete"),
        }
        return (
            f"Page {page + 1}: {count} item(s). Participants see a page at once.\n\n"
            f"{keys['add']} adds an item on this page, {keys['page']} adds a page after it, "
            f"{keys['up']}/{keys['down']} move the page, {keys['delete']} deletes it with its "
            "items."
        )

    # ---- edits ------------------------------------------------------------------------------

    @on(InstructionForm.Changed)
    def _instruction_edited(self, event: InstructionForm.Changed) -> None:
        self._set_entry(event.instruction)
        event.control.show_issues(entry_issues(event.instruction))

    @on(BlockForm.Changed)
    def _block_edited(self, event: BlockForm.Changed) -> None:
        self._set_entry(event.block)
        self.query_one(BlockForm).show_issues(entry_issues(event.block))

    def _set_entry(self, entry: PageEntry) -> None:
        page, item = self.place
        if not self.editable or item == DETAILS:
            return
        self.draft.pages[page].items[item] = entry
        self.outline.update_place(self.place, len(entry_issues(entry)))
        self.changed()

    @on(DetailsForm.Changed)
    def _details_edited(self, event: DetailsForm.Changed) -> None:
        if not self.editable:
            return
        for name, value in event.values.items():
            setattr(self.draft, name, value)
        issues = draft_issues(self.draft).get(COLLECTION, [])
        self.query_one(DetailsForm).show_issues(issues)
        self.outline.update_place(COLLECTION, len(issues))
        self.changed()

    async def _moved_to(self, place: Where) -> None:
        self.autosave()
        places = outline_places(self.draft)
        await self.select(places.index(place) if place in places else 0)

    def action_instr_add(self) -> None:
        if not self.refuse_edit():
            self._ask_add()

    @work(exclusive=True, group="editor-dialog", exit_on_error=False)
    async def _ask_add(self) -> None:
        choices: list[tuple[str, str]] = [
            (name, INSTRUCTION_CLASSES[name].title) for name in INSTRUCTION_TYPES
        ]
        choices += [(kind, BLOCK_TITLES[kind]) for kind in BLOCK_KINDS]
        dialog = ChoiceScreen("Add to the page", "A question or content?", choices)
        kind = await self.app.push_screen_wait(dialog)
        if kind is None:
            return
        entry: PageEntry = (
            ContentBlock(kind) if kind in BLOCK_KINDS else new_instruction(kind)  # type: ignore[arg-type]
        )
        page, item = self.place
        if not self.draft.pages:
            self.draft.add_page(0)
        page = max(page, 0)
        at = self.draft.add_item(page, item + 1 if item != DETAILS else 0, entry)
        await self._moved_to((page, at))
        self.call_after_refresh(self.focus_form)  # straight into the new item's first field

    async def action_add_page(self) -> None:
        if self.refuse_edit():
            return
        page = self.draft.add_page(self.place[0] + 1)
        await self._moved_to((page, DETAILS))
        self.notify(
            f"New empty page: {key_hint(self.app, 'instructions.add')} adds its first item."
        )

    async def action_instr_duplicate(self) -> None:
        page, item = self.place
        if self.refuse_edit() or item == DETAILS:
            return
        entry = copy_entry(self.draft.pages[page].items[item])
        await self._moved_to((page, self.draft.add_item(page, item + 1, entry)))

    async def action_instr_delete(self) -> None:
        page, item = self.place
        if self.refuse_edit() or self.place == COLLECTION:
            return
        if item == DETAILS:
            removed = self.draft.remove_page(page)
            note = f"Deleted page {page + 1} ({len(removed.items)} items)"
            target = (max(page - 1, 0), DETAILS) if self.draft.pages else COLLECTION
        else:
            self.draft.pages[page].items.pop(item)
            note = "Deleted the item"
            target = (page, item - 1) if item > 0 else (page, DETAILS)
        await self._moved_to(target)
        leave = key_hint(self.app, "instructions.leave")
        self.notify(f"{note}. Not saved yet: {leave} → discard brings it back.")

    async def action_instr_move(self, step: int) -> None:
        page, item = self.place
        if self.refuse_edit() or self.place == COLLECTION:
            return
        if item == DETAILS:
            await self._moved_to((self.draft.move_page(page, step), DETAILS))
        else:
            await self._moved_to(self.draft.move_item(page, item, step))

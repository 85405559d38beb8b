"""The collection editor's core: loading, the outline and forms, page and item edits, drafts.

`collection_editor.CollectionEditorScreen` adds saving and leaving. The same keys as the
instruction editor (a, c, d, K, J, p, ctrl+s, Esc) act on the selected row, page or item; the
forms are the instruction editor's, plus the content block and details forms. Every change is
autosaved as a local draft, so nothing typed is lost.
"""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Input, OptionList, Static, TextArea

from atb_tui.api.errors import PermissionDeniedError
from atb_tui.api.models.collections import Collection
from atb_tui.flows.collections import NOT_ENABLED
from atb_tui.logic.instructions import INSTRUCTION_TYPES, UnsupportedInstruction, new_instruction
from atb_tui.logic.instructions.model import INSTRUCTION_CLASSES
from atb_tui.paths import styles_dir
from atb_tui.screens.base import AtbScreen
from atb_tui.screens.confirm_dialogs import ChoiceScreen
from atb_tui.screens.instruction_editor_base import EDITING_ACTIONS, LETTER_ACTIONS
from atb_tui.storage.errors import StorageError
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
from atb_tui.widgets.collection_forms import BlockForm, DetailsForm
from atb_tui.widgets.collection_outline import CollectionOutline, outline_places
from atb_tui.widgets.collection_preview import CollectionPreview
from atb_tui.widgets.instruction_form import InstructionForm

EDITS = EDITING_ACTIONS | {"add_page"}
LETTERS = LETTER_ACTIONS | {"add_page"}


class CollectionEditorBase(AtbScreen):
    """Edit and preview a collection's pages (saving is in the subclass)."""

    CSS_PATH = str(styles_dir() / "collections.tcss")

    def __init__(self, workspace_id: str, workspace_title: str, collection_id: str | None) -> None:
        super().__init__()
        self.workspace_id = workspace_id
        self.workspace_title = workspace_title
        self.collection_id = collection_id
        self.draft = new_draft()
        self.saved: CollectionDraft | None = None  # what Prolific has (None: not created yet)
        self.selected = 0
        self.preview_on = False
        self.loaded = False
        self.notice = ""

    # ---- layout and chrome ------------------------------------------------------------------

    def compose_body(self) -> ComposeResult:
        yield Static("Collection · loading…", id="editor-title", classes="screen-title")
        yield Static("", id="editor-state")
        yield Static("", id="editor-notice", markup=False)
        with Horizontal():
            yield CollectionOutline(id="collection-outline")
            yield Vertical(id="editor-pane")

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

    def unsaved_changes(self) -> str | None:
        """Edits not yet saved to Prolific: `q` asks first (see screens/unsaved.py)."""
        if not (self.editable and self.dirty):
            return None
        return "the collection edits — a draft is kept on this machine for next time"

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        allowed = super().check_action(action, parameters)
        if allowed and action in EDITS and self.loaded and not self.editable:
            return False
        if allowed and action in LETTERS and self._focus_in_form():
            return False  # in a form a letter is text, never "delete"
        return allowed

    def _focus_in_form(self) -> bool:
        focused = self.focused
        return isinstance(focused, Input | TextArea) or (
            focused is not None
            and any(isinstance(node, InstructionForm) for node in focused.ancestors_with_self)
        )

    def on_descendant_focus(self) -> None:
        self.refresh_bindings()

    def on_mount(self) -> None:
        self.query_one(CollectionOutline).focus()
        self.load()

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
                self._redraw_state()
                return
            self.stored(stored)
        if self.session.read_only:
            self.notice = "Read-only profile: you can look and preview, not change."
        self.loaded = True
        self.refresh_chrome()
        self.refresh_bindings()
        self._offer_draft()
        await self.redraw()

    def stored(self, collection: Collection) -> None:
        """Prolific's copy is now this collection (after loading or saving)."""
        self.collection_id = collection.id
        self.saved = draft_from_collection(collection)
        self.draft = draft_from_collection(collection)
        self.query_one("#editor-title", Static).update(f"Collection · {collection.name}")

    def _offer_draft(self) -> None:
        try:
            kept = self.atb.drafts.load(self.draft_key)
        except StorageError as error:
            self.notify(str(error), severity="error")
            return
        if kept is None or kept.data == self.draft.to_json():
            return
        if not self.editable:
            self.notify("An unsaved draft exists, but this profile can't change collections.")
            return
        message = (
            f"You have unsaved changes from {kept.saved_at[:16].replace('T', ' ')} UTC "
            "that were never saved to Prolific."
        )
        choices = [("restore", "Restore my draft"), ("discard", "Discard it")]
        self.app.push_screen(
            ChoiceScreen("Restore your draft?", message, choices),
            lambda choice: self._draft_chosen(choice, kept.data),
        )

    async def _draft_chosen(self, choice: str | None, data: dict[str, object]) -> None:
        if choice == "discard":
            self.delete_draft()
        if choice != "restore":
            return
        try:
            self.draft = draft_from_json(data)
        except ValueError as error:
            self.notify(f"The draft can't be read: {error}", severity="error")
            return
        self.selected = 0
        await self.redraw()

    # ---- drawing ----------------------------------------------------------------------------

    @property
    def place(self) -> Where:
        places = self.query_one(CollectionOutline).places
        return places[self.selected] if 0 <= self.selected < len(places) else COLLECTION

    async def redraw(self) -> None:
        self.query_one(CollectionOutline).show(self.draft, draft_issues(self.draft), self.selected)
        self.selected = self.query_one(CollectionOutline).highlighted or 0
        self._redraw_state()
        await self.show_selected()

    def _redraw_state(self) -> None:
        draft = self.draft
        parts = [count_text(len(draft.pages), "page"), count_text(draft.item_count, "item"),
                 count_text(draft.question_count, "question")]  # fmt: skip
        if self.collection_id is None:
            parts.append("new: ctrl+s creates it")
        if self.editable and self.dirty:
            parts.append("[b $warning]● unsaved (draft kept)[/]")
        elif self.loaded and self.saved is not None:
            parts.append("[$success]saved[/]")
        self.query_one("#editor-state", Static).update("  ·  ".join(parts))
        notice = self.query_one("#editor-notice", Static)
        notice.update(self.notice)
        notice.display = bool(self.notice)

    async def show_selected(self) -> None:
        pane = self.query_one("#editor-pane", Vertical)
        await pane.remove_children()
        if self.preview_on:
            preview = CollectionPreview()
            await pane.mount(preview)
            preview.show(self.draft)
            return
        await pane.mount(self._form_for(self.place))

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
        return (
            f"Page {page + 1}: {count} item(s). Participants see a page at once.\n\n"
            "a adds an item on this page, P adds a page after it, K/J move the page, "
            "d deletes it with its items."
        )

    # ---- selection and edits ----------------------------------------------------------------

    @on(OptionList.OptionHighlighted, "#collection-outline")
    async def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_index != self.selected:
            self.selected = event.option_index
            await self.show_selected()

    @on(OptionList.OptionSelected, "#collection-outline")
    def _chosen(self) -> None:
        for form in self.query("#editor-pane > *"):
            if hasattr(form, "focus_first"):
                form.focus_first()

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
        self.query_one(CollectionOutline).update_place(self.place, len(entry_issues(entry)))
        self._changed()

    @on(DetailsForm.Changed)
    def _details_edited(self, event: DetailsForm.Changed) -> None:
        if not self.editable:
            return
        for name, value in event.values.items():
            setattr(self.draft, name, value)
        issues = draft_issues(self.draft).get(COLLECTION, [])
        self.query_one(DetailsForm).show_issues(issues)
        self.query_one(CollectionOutline).update_place(COLLECTION, len(issues))
        self._changed()

    def _changed(self) -> None:
        self._redraw_state()
        self.autosave()

    def autosave(self) -> None:
        try:
            if self.dirty:
                self.atb.drafts.save(self.draft_key, self.draft.to_json())
            else:
                self.atb.drafts.delete(self.draft_key)
        except StorageError as error:
            self.notify(f"Your draft could not be saved: {error}", severity="error")

    def delete_draft(self) -> None:
        try:
            self.atb.drafts.delete(self.draft_key)
        except StorageError as error:
            self.notify(str(error), severity="warning")

    async def _moved_to(self, place: Where) -> None:
        self.autosave()
        places = outline_places(self.draft)
        self.selected = places.index(place) if place in places else 0
        await self.redraw()

    def action_instr_add(self) -> None:
        if not self.editable:
            return
        choices: list[tuple[str, str]] = [
            (name, INSTRUCTION_CLASSES[name].title) for name in INSTRUCTION_TYPES
        ]
        choices += [(kind, BLOCK_TITLES[kind]) for kind in BLOCK_KINDS]
        self.app.push_screen(
            ChoiceScreen("Add to the page", "A question or content?", choices), self._add_chosen
        )

    async def _add_chosen(self, kind: str | None) -> None:
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
        self.call_after_refresh(self._chosen)  # straight into the new item's first field

    async def action_add_page(self) -> None:
        if not self.editable:
            return
        page = self.draft.add_page(self.place[0] + 1)
        await self._moved_to((page, DETAILS))
        self.notify("New empty page: a adds its first item.")

    async def action_instr_duplicate(self) -> None:
        page, item = self.place
        if not self.editable or item == DETAILS:
            return
        entry = copy_entry(self.draft.pages[page].items[item])
        await self._moved_to((page, self.draft.add_item(page, item + 1, entry)))

    async def action_instr_delete(self) -> None:
        page, item = self.place
        if not self.editable or self.place == COLLECTION:
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
        self.notify(f"{note}. Not saved yet: Esc → discard brings it back.")

    async def action_instr_move(self, step: int) -> None:
        page, item = self.place
        if not self.editable or self.place == COLLECTION:
            return
        if item == DETAILS:
            await self._moved_to((self.draft.move_page(page, step), DETAILS))
        else:
            await self._moved_to(self.draft.move_item(page, item, step))

    async def action_instr_preview(self) -> None:
        self.preview_on = not self.preview_on
        await self.show_selected()

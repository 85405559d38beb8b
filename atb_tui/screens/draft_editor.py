"""What the instruction and collection editors share, so both behave alike and neither loses
what was typed.

The layout (title, state line, notice, the list on the left and the selected form or preview
on the right); letter keys that never fire while a form field has focus; the local draft
(debounced autosave off the event loop, flushed on leaving, offered back on opening); saving in
one worker that is never started twice; and the question on the way out. Every dialog is
awaited with `push_screen_wait` inside one exclusive worker; leaving posts `Back()`.

A subclass says what is edited (`make_list`, `draft_key`, `dirty`, `draft_data`, the restore
hooks), how it is drawn (`redraw`, `show_selected`, `state_parts`, `notice_lines`) and how it
is saved (`refused`, `confirm_save`, `send`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, OptionList, Static, TextArea
from textual.worker import Worker, WorkerState

from atb_tui.api.errors import ProlificError
from atb_tui.commands import REGISTRY, bindings
from atb_tui.flows.drafts import DraftWriter
from atb_tui.messages import Back
from atb_tui.paths import styles_dir
from atb_tui.screens.base import AtbScreen
from atb_tui.screens.confirm_dialogs import ChoiceScreen
from atb_tui.storage.drafts import Draft
from atb_tui.storage.errors import StorageError
from atb_tui.widgets.chrome import key_hint
from atb_tui.widgets.instruction_form import InstructionForm

LEAVE_CHOICES = [
    ("save", "Save to Prolific, then leave"),
    ("keep", "Leave; keep my changes as a draft for next time"),
    ("discard", "Discard my changes and leave"),
    ("stay", "Keep editing"),
]
# Actions bound to a plain letter: they only work in the list, never while a form field has
# focus (a letter typed there is text; on a checkbox it must not delete the instruction).
LETTER_ACTIONS = frozenset(
    c.action.split("(", 1)[0]
    for c in REGISTRY.values()
    if c.id.startswith("instructions.") and len(c.key) == 1
)
EDITING_ACTIONS = frozenset(
    {"instr_add", "instr_duplicate", "instr_delete", "instr_move", "instr_save", "instr_mode",
     "instr_import"}
)  # fmt: skip
SAVE_GROUP = "editor-save"


class DraftEditor(AtbScreen):
    """An editor of something kept on Prolific, with a local draft of what is not saved yet."""

    CSS_PATH = str(styles_dir() / "editors.tcss")
    TITLE_TEXT: ClassVar[str] = ""  # "Instructions", "Collection"
    LIST_ID: ClassVar[str] = ""  # the id of the list (or outline) on the left
    WHAT: ClassVar[str] = ""  # what `q` would lose, e.g. "the instruction edits"
    LEAVE_MESSAGE: ClassVar[str] = ""
    DISCARD_LABEL: ClassVar[str] = "Discard it"
    DRAFT_LOCKED: ClassVar[str] = ""  # said when a draft exists but nothing can change
    EDITS: ClassVar[frozenset[str]] = EDITING_ACTIONS
    LETTERS: ClassVar[frozenset[str]] = LETTER_ACTIONS
    # `r` reads again only while nothing is loaded (a failed first read): once there is
    # something to edit, a re-read would be a way to lose edits.
    BINDINGS = bindings("table.refresh")

    def __init__(self, workspace_id: str, workspace_title: str) -> None:
        super().__init__()
        self.workspace_id = workspace_id
        self.workspace_title = workspace_title
        self.selected = 0
        self.preview_on = False
        self.loaded = False
        self.load_error: str | None = None  # why the first read failed, until one succeeds
        self._draft_writer: DraftWriter | None = None

    # ---- what a subclass provides -------------------------------------------------------------

    def make_list(self) -> OptionList:
        raise NotImplementedError

    @property
    def draft_key(self) -> str:
        raise NotImplementedError

    @property
    def editable(self) -> bool:
        raise NotImplementedError

    @property
    def dirty(self) -> bool:
        raise NotImplementedError

    def draft_data(self) -> Mapping[str, Any]:
        """What the autosaved draft holds."""
        raise NotImplementedError

    def draft_offered(self, data: Mapping[str, Any]) -> bool:
        """Whether a kept draft differs from what Prolific has."""
        raise NotImplementedError

    def draft_summary(self, data: Mapping[str, Any]) -> str:
        return ""

    def restore_draft(self, data: Mapping[str, Any]) -> None:
        """Take a kept draft (ValueError: it can't be read, nothing changed)."""
        raise NotImplementedError

    def load(self) -> object:
        """Read what is edited and show it; a `@work` worker in subclasses."""
        raise NotImplementedError

    async def redraw(self) -> None:
        raise NotImplementedError

    async def show_selected(self) -> None:
        raise NotImplementedError

    def state_parts(self) -> list[str]:
        return []

    def shows_saved(self) -> bool:
        return False

    def notice_lines(self) -> list[str]:
        return []

    def lock_text(self) -> str:
        return ""

    async def refused(self) -> bool:
        """Whether saving is refused before any request (said, and the problem selected)."""
        return False

    async def confirm_save(self) -> bool:
        return True

    async def send(self) -> bool:
        """Save to Prolific; True when what is shown is now stored."""
        raise NotImplementedError

    # ---- layout and chrome ------------------------------------------------------------------

    def compose_body(self) -> ComposeResult:
        yield Static(f"{self.TITLE_TEXT} · loading…", id="editor-title", classes="screen-title")
        yield Static("", id="editor-state")
        yield Static("", id="editor-notice", markup=False)
        with Horizontal():
            yield self.make_list()
            yield Vertical(id="editor-pane")

    @property
    def list_widget(self) -> OptionList:
        return self.query_one(f"#{self.LIST_ID}", OptionList)

    @property
    def pane(self) -> Vertical:
        return self.query_one("#editor-pane", Vertical)

    def show_title(self, name: str) -> None:
        self.query_one("#editor-title", Static).update(f"{self.TITLE_TEXT} · {name}")

    def redraw_state(self) -> None:
        parts = self.state_parts()
        if self.editable and self.dirty:
            parts.append("[b $warning]● unsaved (draft kept)[/]")
        elif self.shows_saved():
            parts.append("[$success]saved[/]")
        self.query_one("#editor-state", Static).update("  ·  ".join(parts))
        lines = self.notice_lines()
        if self.load_error is not None and not self.loaded:
            lines = [self.load_error, *lines]
        notice = self.query_one("#editor-notice", Static)
        notice.update("\n".join(lines))
        notice.display = bool(lines)

    def unsaved_changes(self) -> str | None:
        """Edits not yet saved to Prolific: `q` asks first (see screens/unsaved.py)."""
        if not (self.editable and self.dirty):
            return None
        return f"{self.WHAT} — a draft is kept on this machine for next time"

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        allowed = super().check_action(action, parameters)
        if allowed and action in self.EDITS and self.loaded and not self.editable:
            return False  # locked or read-only: editing keys are neither shown nor run
        if allowed and action in self.LETTERS and self._focus_in_form():
            return False  # in a form a letter is text (or nothing), never "delete" & co.
        if action == "refresh":
            return allowed and not self.loaded and not self._focus_in_form()
        return allowed

    def action_refresh(self) -> None:
        self.load_error = None
        self.redraw_state()
        self.load()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        super().on_worker_state_changed(event)  # the app says what went wrong
        error = event.worker.error
        if event.state == WorkerState.ERROR and not self.loaded and error is not None:
            # Not "Still loading…" forever: the read failed, say so and how to try again.
            why = error.message if isinstance(error, ProlificError) else type(error).__name__
            retry, back = key_hint(self.app, "table.refresh"), key_hint(self.app, "app.back")
            self.load_error = f"Could not load: {why}  ({retry} tries again, {back} goes back)"
            self.redraw_state()
            self.refresh_bindings()

    def _focus_in_form(self) -> bool:
        focused = self.focused
        return isinstance(focused, Input | TextArea) or (
            focused is not None
            and any(isinstance(node, InstructionForm) for node in focused.ancestors_with_self)
        )

    def on_mount(self) -> None:
        self.list_widget.focus()
        self.load()

    def on_descendant_focus(self) -> None:
        self.refresh_bindings()  # the footer follows: list keys in the list, ctrl keys in forms

    def refuse_edit(self) -> bool:
        """Say why nothing can change (True), or let the edit go (False)."""
        if self.editable:
            return False
        reason = (
            self.lock_text() or "This profile is read-only." if self.loaded else "Still loading…"
        )
        self.notify(reason, severity="warning")
        return True

    # ---- selection ---------------------------------------------------------------------------

    async def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_list is self.list_widget and event.option_index != self.selected:
            self.selected = event.option_index
            await self.show_selected()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_list is self.list_widget:
            self.focus_form()

    def focus_form(self) -> None:
        """Enter on the list: into the shown form's first field."""
        for form in self.pane.children:
            focus_first = getattr(form, "focus_first", None)
            if callable(focus_first):
                focus_first()

    async def select(self, index: int) -> None:
        self.selected = index
        await self.redraw()

    async def action_instr_preview(self) -> None:
        self.preview_on = not self.preview_on
        await self.show_selected()

    # ---- the local draft ----------------------------------------------------------------------

    @property
    def draft_writer(self) -> DraftWriter:
        """Writes the draft after a pause in typing, off the event loop (see flows/drafts);
        a new one when the key changes (a new collection got its id)."""
        writer = self._draft_writer
        if writer is None or writer.key != self.draft_key:
            if writer is not None:
                writer.close()
            writer = DraftWriter(self.atb.drafts, self.draft_key, self._draft_failed)
            self._draft_writer = writer
        return writer

    def _draft_failed(self, message: str) -> None:
        self.notify(message, severity="error")

    def changed(self) -> None:
        """Something was edited: the state line follows and the draft is kept."""
        self.redraw_state()
        self.autosave()

    def autosave(self) -> None:
        if self.dirty:
            self.draft_writer.save_later(self.draft_data())
        else:
            self.draft_writer.delete_later()

    def delete_draft(self) -> None:
        self.draft_writer.delete_later()
        self.draft_writer.flush()

    def on_unmount(self) -> None:
        # Leaving or quitting: whatever was typed in the last moments is written now.
        if self._draft_writer is not None:
            self._draft_writer.close()

    def offer_draft(self) -> None:
        """After loading: a draft Prolific never got is offered back."""
        try:
            kept = self.atb.drafts.load(self.draft_key)
        except StorageError as error:
            self.notify(str(error), severity="error")
            return
        if kept is None or not self.draft_offered(kept.data):
            return
        if not self.editable:
            self.notify(self.DRAFT_LOCKED)
            return
        self._ask_restore(kept)

    @work(exclusive=True, group="editor-dialog", exit_on_error=False)
    async def _ask_restore(self, kept: Draft) -> None:
        when = kept.saved_at[:16].replace("T", " ")
        message = (
            f"You have unsaved changes from {when} UTC{self.draft_summary(kept.data)} that "
            "were never saved to Prolific."
        )
        choices = [("restore", "Restore my draft"), ("discard", self.DISCARD_LABEL)]
        dialog = ChoiceScreen("Restore your draft?", message, choices)
        choice = await self.app.push_screen_wait(dialog)
        if choice == "discard":
            self.delete_draft()
        if choice != "restore":
            return
        try:
            self.restore_draft(kept.data)
        except ValueError as error:
            self.notify(f"The draft can't be read: {error}", severity="error")
            return
        await self.select(0)

    # ---- saving -----------------------------------------------------------------------------

    @property
    def saving(self) -> bool:
        """A save is on its way: a second one must not cancel it mid-request."""
        return any(w.node is self and w.group == SAVE_GROUP and w.is_running for w in self.workers)

    def action_instr_save(self) -> None:
        if not self.refuse_edit():
            self._ask_and_save()

    @work(exclusive=True, group="editor-dialog", exit_on_error=False)
    async def _ask_and_save(self) -> None:
        await self._check_and_save(leave=False)

    async def _check_and_save(self, leave: bool) -> None:
        if self.saving or await self.refused() or not await self.confirm_save():
            return
        self.save(leave)

    @work(exclusive=True, group=SAVE_GROUP, exit_on_error=False)
    async def save(self, leave: bool = False) -> None:
        if await self.send() and leave:
            self.leave_now()

    # ---- leaving ----------------------------------------------------------------------------

    def action_instr_leave(self) -> None:
        if self.focused is not None and self.focused is not self.list_widget:
            self.list_widget.focus()  # from a form back to the list first
            return
        if not (self.editable and self.dirty):
            self.leave_now()
            return
        self._ask_leave()

    @work(exclusive=True, group="editor-dialog", exit_on_error=False)
    async def _ask_leave(self) -> None:
        dialog = ChoiceScreen("Leave the editor?", self.LEAVE_MESSAGE, LEAVE_CHOICES)
        choice = await self.app.push_screen_wait(dialog)
        if choice == "save":
            await self._check_and_save(leave=True)
        elif choice == "keep":
            self.leave_now()
        elif choice == "discard":
            self.delete_draft()
            self.leave_now()

    def leave_now(self) -> None:
        """Write the draft's last state now, then go back."""
        if self._draft_writer is not None:
            self._draft_writer.flush()
        self.navigate(Back())

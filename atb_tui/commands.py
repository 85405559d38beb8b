"""The one registry of user commands.

Every key the user can press is declared here once. From it come each screen's ``BINDINGS``
(with ``id=`` so users can remap keys in settings.toml), the footer, the ctrl+p palette and the
``?`` help. Screens name the commands they offer by id; mutating commands disappear for
read-only profiles.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from textual.binding import Binding, BindingType

if TYPE_CHECKING:
    from textual.app import App


@dataclass(frozen=True)
class Command:
    """One user command: what it is called, which key runs it and what it does."""

    id: str
    key: str
    action: str
    title: str
    tooltip: str
    mutates: bool = False
    show: bool = True
    priority: bool = False
    key_display: str | None = None

    def binding(self) -> Binding:
        """The Textual binding for this command."""
        return Binding(
            self.key,
            self.action,
            self.title,
            show=self.show,
            key_display=self.key_display,
            priority=self.priority,
            tooltip=self.tooltip,
            id=self.id,
        )


_COMMANDS: tuple[Command, ...] = (
    # App-wide
    Command("app.quit", "q", "app.quit", "Quit", "Leave atb-tui"),
    Command(
        "app.force_quit",
        "ctrl+q",
        "app.force_quit",
        "Quit now",
        "Leave atb-tui without asking about unsaved edits",
        show=False,
    ),
    Command(
        "app.help",
        "question_mark",
        "app.show_help",
        "Help",
        "Keys for this screen",
        key_display="?",
    ),
    Command(
        "app.jump",
        "colon",
        "app.command_line",
        "Jump",
        "Go to a view or an id (:batches, :batch <id>)",
        key_display=":",
        priority=True,  # so keys typed right after it (`:bat⏎`) reach the prompt, in order
    ),
    Command(
        "app.palette",
        "ctrl+p",
        "app.command_palette",
        "Palette",
        "Search every command",
        show=False,
    ),
    Command("app.back", "escape", "app.back", "Back", "Go back one screen"),
    Command(
        "app.profiles",
        "ctrl+o",
        "app.switch_profile",
        "Profiles",
        "Switch profile or sign out",
        show=False,
    ),
    Command(
        "profiles.read_only",
        "r",
        "toggle_read_only",
        "Read-only on/off",
        "Hide (or show again) everything that changes or spends for this profile",
    ),
    # Tables
    Command(
        "table.filter",
        "slash",
        "filter",
        "Filter",
        "Filter the rows of this table",
        key_display="/",
    ),
    Command("table.down", "j", "cursor_down", "Down", "Move down", show=False),
    Command("table.up", "k", "cursor_up", "Up", "Move up", show=False),
    Command("table.top", "g", "scroll_top", "Top", "First row", show=False),
    Command("table.bottom", "G", "scroll_bottom", "Bottom", "Last row", show=False),
    Command("table.refresh", "r", "refresh", "Refresh", "Reload from Prolific"),
    # The windowed table (widgets/virtual_table.py): arrows and paging, a cursor column, sort.
    Command("table.line_down", "down", "cursor_down", "Down", "Move down", show=False),
    Command("table.line_up", "up", "cursor_up", "Up", "Move up", show=False),
    Command("table.left", "left", "cursor_left", "Left", "Previous column", show=False),
    Command("table.right", "right", "cursor_right", "Right", "Next column", show=False),
    Command("table.page_down", "pagedown", "page_down", "Page down", "Next page", show=False),
    Command("table.page_up", "pageup", "page_up", "Page up", "Previous page", show=False),
    Command("table.first", "home", "scroll_top", "First", "First row", show=False),
    Command("table.last", "end", "scroll_bottom", "Last", "Last row", show=False),
    Command("table.choose", "enter", "choose", "Open", "Open the row under the cursor", show=False),
    Command("table.sort", "o", "sort", "Sort", "Sort by the cursor column (again: reverse)"),
    # Workspace home
    Command(
        "home.datasets", "d", "open_area('datasets')", "Datasets", "Datasets of this workspace"
    ),
    Command("home.batches", "b", "open_area('batches')", "Batches", "Batches of this workspace"),
    Command("home.studies", "s", "open_area('studies')", "Studies", "Studies of this workspace"),
    Command(
        "home.collections",
        "c",
        "open_area('collections')",
        "Collections",
        "Collections of this workspace",
    ),
    # --- datasets, batches and the live monitor (issue 5): add commands below this line ---
    Command(
        "home.monitor",
        "m",
        "open_area('monitor')",
        "Monitor",
        "Live view of everything processing or running",
    ),
    Command("batches.new", "n", "new_batch", "New batch", "Create a batch", mutates=True),
    Command("batch.setup", "s", "setup", "Set up", "Generate the batch's tasks", mutates=True),
    Command(
        "batch.edit",
        "e",
        "edit_batch",
        "Edit",
        "Change name, task name, introduction, steps",
        mutates=True,
    ),
    Command("batch.duplicate", "c", "duplicate", "Duplicate", "Copy the batch", mutates=True),
    Command("batch.report", "R", "download_report", "Report", "Save the batch's CSV report"),
    Command(
        "batch.instructions", "i", "instructions", "Instructions", "Edit the batch's questions"
    ),
    Command(
        "batch.launch", "L", "launch_study", "Launch", "Launch a study on this batch", mutates=True
    ),
    Command("batch.dataset", "D", "open_dataset", "Dataset", "Open the batch's dataset"),
    Command(
        "datasets.new",
        "n",
        "new_dataset",
        "New dataset",
        "Upload a CSV or JSONL file",
        mutates=True,
    ),
    Command("monitor.pause", "p", "toggle_pause", "Pause", "Pause or resume live updates"),
    Command(
        "monitor.responses", "v", "view_responses", "Responses", "Responses of the row's batch"
    ),
    Command("dialog.submit", "ctrl+s", "submit", "Save", "Save this form", priority=True),
    Command("dialog.cancel", "escape", "cancel", "Cancel", "Close without changing anything"),
    Command(
        "batch.sync",
        "y",
        "sync",
        "Sync",
        "Make tasks for datapoints appended since setup",
        mutates=True,
    ),
    Command(
        "dataset.append",
        "a",
        "append",
        "Append",
        "Append datapoints from a JSONL file (V4)",
        mutates=True,
    ),
    Command(
        "dataset_new.browse",
        "ctrl+b",
        "browse",
        "Browse",
        "Pick the file from a folder tree",
        priority=True,
    ),
    # ctrl+s, not ctrl+u: ctrl+u is readline's clear-line in every text field, and a key that
    # also edits text must never start an upload.
    Command(
        "dataset_new.upload",
        "ctrl+s",
        "upload",
        "Upload",
        "Create the dataset and upload (after the preview)",
        mutates=True,
        priority=True,
    ),
    Command(
        "table.open",
        "enter",
        "select_cursor",
        "Open",
        "Open the highlighted row (or act on it)",
        show=False,
        key_display="Enter",
    ),
    Command(
        "file_picker.parent",
        "backspace",
        "parent_folder",
        "Parent folder",
        "Show the folder above this one",
    ),
    Command(
        "dataset_new.cancel",
        "escape",
        "cancel_upload",
        "Cancel upload",
        "Stop the upload (the dataset stays, without data)",
    ),
    # --- instruction editor and studies (issue 6): add commands below this line ---
    Command("instructions.add", "a", "instr_add", "Add", "Add an instruction", mutates=True),
    Command(
        "instructions.duplicate",
        "c",
        "instr_duplicate",
        "Copy",
        "Duplicate the selected instruction",
        mutates=True,
    ),
    Command(
        "instructions.delete",
        "d",
        "instr_delete",
        "Delete",
        "Delete the selected instruction",
        mutates=True,
    ),
    Command(
        "instructions.up",
        "K",
        "instr_move(-1)",
        "Move up",
        "Move the instruction up",
        mutates=True,
        key_display="K",
    ),
    Command(
        "instructions.down",
        "J",
        "instr_move(1)",
        "Move down",
        "Move the instruction down",
        mutates=True,
        key_display="J",
    ),
    Command(
        "instructions.save",
        "ctrl+s",
        "instr_save",
        "Save",
        "Save the instructions to Prolific",
        mutates=True,
    ),
    Command(
        "instructions.mode",
        "t",
        "instr_mode",
        "Save as",
        "Switch between batch_items and the legacy instructions endpoint",
        mutates=True,
    ),
    Command(
        "instructions.preview",
        "p",
        "instr_preview",
        "Preview",
        "Show how participants will see the task",
    ),
    Command("instructions.export", "e", "instr_export", "Export", "Save the instructions as JSON"),
    Command(
        "instructions.import",
        "o",
        "instr_import",
        "Import",
        "Load instructions from a JSON file",
        mutates=True,
    ),
    Command(
        "instructions.leave",
        "escape",
        "instr_leave",
        "Back",
        "Back to the list, or leave the editor",
    ),
    Command(
        "study.save_draft",
        "ctrl+s",
        "study_save_draft",
        "Save draft",
        "Create or update the draft study (nothing is spent)",
        mutates=True,
    ),
    Command(
        "study.publish",
        "P",
        "study_publish",
        "Publish",
        "Publish the study: participants start and money is spent",
        mutates=True,
        key_display="P",
    ),
    Command(
        "launch.publish",
        "ctrl+g",
        "study_publish",
        "Publish",
        "Publish the study: participants start and money is spent",
        mutates=True,
    ),
    Command("study.open_batch", "b", "open_batch", "Batch", "Open the batch this study runs on"),
    Command(
        "study.pause", "p", "study_transition('PAUSE')", "Pause", "Pause the study", mutates=True
    ),
    Command(
        "study.resume",
        "s",
        "study_transition('START')",
        "Resume",
        "Resume a paused study",
        mutates=True,
    ),
    Command("study.stop", "x", "study_stop", "Stop", "Stop the study for good", mutates=True),
    Command(
        "study.schedule",
        "t",
        "study_schedule",
        "Schedule",
        "Publish the study at a set time",
        mutates=True,
    ),
    Command(
        "study.unschedule",
        "u",
        "study_transition('CANCEL_PUBLISH')",
        "Unschedule",
        "Cancel a scheduled publish",
        mutates=True,
    ),
    Command(
        "study.places",
        "plus",
        "study_more_places",
        "More places",
        "Increase the places of the study",
        mutates=True,
        key_display="+",
    ),
    Command(
        "study.annotators",
        "A",
        "study_more_annotators",
        "Annotators",
        "Increase annotators per task",
        mutates=True,
        key_display="A",
    ),
    # --- the response viewer (issue 13) ---
    Command("batch.responses", "v", "view_responses", "Responses", "Open the response viewer"),
    Command("study.responses", "v", "view_responses", "Responses", "Open the batch's responses"),
    Command("responses.view1", "1", "show_view('responses')", "Responses", "One row per response"),
    Command(
        "responses.view2",
        "2",
        "show_view('tasks')",
        "Tasks",
        "One row per task, answers side by side",
    ),
    Command(
        "responses.view3",
        "3",
        "show_view('summary')",
        "Summary",
        "Per instruction: answers and agreement",
    ),
    Command(
        "responses.view4",
        "4",
        "show_view('participants')",
        "People",
        "Per participant: speed, agreement, flags",
    ),
    Command("responses.queue", "d", "toggle_queue", "Disagreement", "Tasks: least agreement first"),
    Command("responses.copy_cell", "y", "copy_cell", "Copy", "Copy the selected cell"),
    Command(
        "responses.copy_row", "Y", "copy_row", "Copy row", "Copy the row as JSON", key_display="Y"
    ),
    Command(
        "responses.export", "x", "export", "Export", "Export what this view shows after the filter"
    ),
    Command("responses.new", "n", "jump_new", "New", "Jump to the responses that just arrived"),
    Command(
        "responses.close_filter", "escape", "close_filter", "Close", "Close the filter", show=False
    ),
    # --- export jobs (issue 14): add commands below this line ---
    Command(
        "batch.exports",
        "X",
        "open_exports",
        "Exports",
        "ZIP export jobs of this batch",
        key_display="X",
    ),
    Command(
        "exports.new",
        "n",
        "export_new",
        "New export",
        "Request a ZIP export (optional study and date range)",
        mutates=True,
    ),
    Command("exports.download", "d", "export_download", "Download", "Save the ZIP to a folder"),
    Command(
        "exports.delete",
        "x",
        "export_delete",
        "Delete",
        "Delete the export job (not while it is generating)",
        mutates=True,
    ),
    Command(
        "exports.retry",
        "R",
        "export_retry",
        "Retry",
        "Request a failed export again with the same filter",
        mutates=True,
        key_display="R",
    ),
    Command(
        "exports.view", "v", "export_view", "View", "Open the downloaded ZIP in the response viewer"
    ),
    Command(
        "exports.cancel_download",
        "c",
        "export_cancel_download",
        "Cancel download",
        "Stop the download (no partial file is left)",
    ),
    # --- reviewing submissions (issue 14) ---
    Command(
        "study.submissions",
        "S",
        "view_submissions",
        "Submissions",
        "Review the study's submissions: evidence, approve, reject",
        key_display="S",
    ),
    Command(
        "responses.submissions",
        "S",
        "view_submissions",
        "Submissions",
        "Review the submissions of the batch's study",
        key_display="S",
    ),
    Command(
        "monitor.submissions",
        "S",
        "view_submissions",
        "Submissions",
        "Review the submissions of the highlighted study",
        key_display="S",
    ),
    # Selecting changes nothing at Prolific, but it only serves approving and rejecting, so
    # read-only profiles (which hide those) hide it too.
    Command(
        "review.toggle",
        "space",
        "toggle_select",
        "Select",
        "Select or unselect the submission under the cursor",
        mutates=True,
        key_display="space",
    ),
    Command(
        "review.suggest",
        "n",
        "select_unflagged",
        "Not flagged",
        "Pre-select every submission awaiting review whose participant is not flagged "
        "(a suggestion: nothing is sent)",
        mutates=True,
    ),
    Command(
        "review.clear", "u", "clear_selection", "Unselect", "Unselect everything", mutates=True
    ),
    Command(
        "review.approve",
        "a",
        "approve",
        "Approve",
        "Approve the selected submissions (or the one under the cursor): pays the participants",
        mutates=True,
    ),
    Command(
        "review.reject",
        "x",
        "reject",
        "Reject",
        "Reject the selected submissions (or the one under the cursor), one at a time",
        mutates=True,
    ),
    Command(
        "review.send_rejection",
        "ctrl+s",
        "send_rejection",
        "Reject",
        "Reject with this category and message (once both are valid)",
        mutates=True,
        priority=True,
    ),
    # --- collections (issue 14) ---
    Command(
        "collection.exports",
        "X",
        "open_exports",
        "Exports",
        "ZIP export jobs of this collection",
        key_display="X",
    ),
    Command("collections.new", "n", "new_collection", "New", "Create a collection", mutates=True),
    Command(
        "collection.edit",
        "e",
        "edit_collection",
        "Edit",
        "Edit the pages and items (saved as a full replace that keeps ids)",
        mutates=True,
    ),
    Command(
        "collection.launch",
        "L",
        "launch_study",
        "Launch",
        "Launch a study on this collection",
        mutates=True,
    ),
    Command(
        "collection_editor.page",
        "P",
        "add_page",
        "New page",
        "Add a page after the selected one",
        mutates=True,
        key_display="P",
    ),
    # --- the API log (issue 16) ---
    Command(
        "app.api_log",
        "ctrl+l",
        "app.api_log",
        "API log",
        "Every request this session made to Prolific: status, timing, bodies",
        show=False,
    ),
    Command(
        "api_log.close_filter", "escape", "close_filter", "Close", "Close the filter", show=False
    ),
)

REGISTRY: dict[str, Command] = {command.id: command for command in _COMMANDS}
assert len(REGISTRY) == len(_COMMANDS), "command ids must be unique"

TABLE_COMMANDS = (
    "table.filter",
    "table.down",
    "table.up",
    "table.top",
    "table.bottom",
    "table.refresh",
)

VIRTUAL_TABLE_COMMANDS = (
    "table.down",
    "table.up",
    "table.line_down",
    "table.line_up",
    "table.left",
    "table.right",
    "table.page_down",
    "table.page_up",
    "table.top",
    "table.bottom",
    "table.first",
    "table.last",
    "table.choose",
    "table.sort",
)


def bindings(*ids: str) -> list[BindingType]:
    """The bindings for the named commands, in the order given."""
    return [REGISTRY[command_id].binding() for command_id in ids]


AREA_COMMANDS = (
    "home.batches",
    "home.datasets",
    "home.studies",
    "home.collections",
    "home.monitor",
)


def app_bindings() -> list[BindingType]:
    """Bindings that work on every screen; the area keys (hidden from footers) anywhere in a
    workspace, under the screen's own keys."""
    areas = [replace(REGISTRY[command_id], show=False).binding() for command_id in AREA_COMMANDS]
    return [*bindings(*(c.id for c in _COMMANDS if c.id.startswith("app."))), *areas]


def commands_for(ids: Iterable[str], *, read_only: bool) -> list[Command]:
    """The commands a screen offers, without the mutating ones on a read-only profile."""
    chosen = [REGISTRY[command_id] for command_id in ids]
    return [c for c in chosen if not (read_only and c.mutates)]


MUTATING_ACTIONS = frozenset(c.action.split("(", 1)[0] for c in _COMMANDS if c.mutates)


_COMMAND_OF_ACTION: dict[str, str] = {}
for _command in _COMMANDS:  # the first command with an action name labels it (API log causes)
    _COMMAND_OF_ACTION.setdefault(_command.action.split("(", 1)[0].split(".")[-1], _command.id)


def command_for_action(action_name: str) -> str | None:
    """The id of the registry command that runs ``action_name`` (None for Textual's own)."""
    return _COMMAND_OF_ACTION.get(action_name)


def is_mutating(action: str) -> bool:
    """Whether an action name belongs to a command that changes something at Prolific."""
    return action.split("(", 1)[0] in MUTATING_ACTIONS


def current_binding(command_id: str, keymap: Mapping[str, str]) -> Binding:
    """The command's binding with the user's remapped key (settings.toml), if any."""
    binding = REGISTRY[command_id].binding()
    remapped = keymap.get(command_id)
    if remapped:
        binding = replace(binding, key=remapped.split(",")[0].strip(), key_display=None)
    return binding


def key_label(app: App[object], command_id: str, keymap: Mapping[str, str] | None = None) -> str:
    """How the key of a command is shown (its first key, after the user's remapping)."""
    return app.get_key_display(current_binding(command_id, keymap or {}))

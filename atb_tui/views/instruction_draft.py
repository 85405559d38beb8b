"""What the instruction editor edits: a batch's instructions as typed, checked against the
rules, serialised for the local draft and compared with what Prolific has.

No widgets here: the editor's list and forms only show an `InstructionDraft` and hand it the
user's edits, so every rule about adding, moving, importing, restoring and "unsaved" is tested
without Textual (tests/unit/views/test_instruction_draft.py).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from atb_tui.logic.instructions import (
    FieldIssue,
    Instruction,
    UnsupportedInstruction,
    from_wire,
    to_wire,
    validate_instruction,
)

SaveMode = Literal["legacy", "batch_items"]
MODE_TEXT: dict[SaveMode, str] = {"batch_items": "batch_items", "legacy": "legacy endpoint"}
ImportHow = Literal["append", "replace"]


def wire_list(instructions: Sequence[Instruction]) -> list[dict[str, Any]]:
    """The instructions as JSON (what drafts store and what 'unsaved' compares)."""
    return [to_wire(item) for item in instructions]


def from_wire_list(items: Sequence[object]) -> list[Instruction]:
    """Instructions back from `wire_list` JSON (InstructionFormatError when they can't be)."""
    return [from_wire(item) for item in items]


@dataclass
class InstructionDraft:
    """The instructions being edited and what Prolific has, to tell what is unsaved."""

    instructions: list[Instruction] = field(default_factory=list)
    mode: SaveMode = "batch_items"
    saved_wire: list[dict[str, Any]] = field(default_factory=list)  # Prolific's copy, as JSON
    server_count: int = 0  # how many Prolific holds (0: the first save may pick the mode)
    batch_has_items: bool = False  # the batch keeps batch_items already: the mode is fixed
    server_issues: dict[int, list[FieldIssue]] = field(default_factory=dict)

    # ---- what Prolific has ----------------------------------------------------------------

    def stored(self, instructions: list[Instruction]) -> None:
        """Prolific now holds exactly these (after loading or a save)."""
        self.instructions = instructions
        self.saved_wire = wire_list(instructions)
        self.server_count = len(instructions)
        self.server_issues = {}

    def reread(self, instructions: Sequence[Instruction], batch_has_items: bool) -> None:
        """Prolific's copy after a lost answer: the edits stay, 'unsaved' compares anew."""
        self.saved_wire = wire_list(instructions)
        self.server_count = len(instructions)
        self.batch_has_items = batch_has_items

    @property
    def dirty(self) -> bool:
        return wire_list(self.instructions) != self.saved_wire

    @property
    def mode_switchable(self) -> bool:
        """The first save of a batch with nothing stored yet may choose either endpoint."""
        return self.server_count == 0 and not self.batch_has_items

    def toggle_mode(self) -> bool:
        """Switch legacy ↔ batch_items; False when the batch already decided."""
        if not self.mode_switchable:
            return False
        self.mode = "legacy" if self.mode == "batch_items" else "batch_items"
        return True

    # ---- checks -----------------------------------------------------------------------------

    def issues_of(self, index: int) -> list[FieldIssue]:
        """Rule problems plus what the server said at the last save."""
        return validate_instruction(self.instructions[index]) + self.server_issues.get(index, [])

    def all_issues(self) -> dict[int, list[FieldIssue]]:
        found = {index: self.issues_of(index) for index in range(len(self.instructions))}
        return {index: issues for index, issues in found.items() if issues}

    def save_problem(self) -> str:
        """Why saving now would be refused before any request ("" when it may go)."""
        if not self.instructions:
            return "Add at least one instruction before saving."
        problems = self.all_issues()
        if problems:
            count = sum(len(issues) for issues in problems.values())
            return f"Fix {count} problem(s) first (marked ⚠)."
        return ""

    # ---- the local draft ----------------------------------------------------------------------

    def to_json(self) -> dict[str, Any]:
        """What the autosaved draft holds."""
        return {"mode": self.mode, "instructions": wire_list(self.instructions)}

    def offers(self, data: Mapping[str, Any]) -> bool:
        """Whether a kept draft holds something Prolific does not have."""
        items = data.get("instructions")
        return isinstance(items, list) and items != self.saved_wire

    def restore(self, data: Mapping[str, Any]) -> None:
        """Take a kept draft's instructions (InstructionFormatError: nothing changes)."""
        self.instructions = from_wire_list(data.get("instructions") or [])
        mode = data.get("mode")
        if mode in ("legacy", "batch_items") and self.mode_switchable:
            self.mode = mode

    # ---- edits (each returns the index to select next) ------------------------------------------

    def edit(self, index: int, instruction: Instruction) -> None:
        """The form changed one instruction: the server's old verdict on it no longer holds."""
        self.instructions[index] = instruction
        self.server_issues.pop(index, None)

    def insert(self, after: int, instruction: Instruction) -> int:
        at = after + 1 if self.instructions else 0
        self.instructions.insert(at, instruction)
        return self._edited(at)

    def duplicate(self, index: int) -> int | None:
        """A copy without its id after the original; None for kinds kept as they are."""
        item = self.instructions[index]
        if isinstance(item, UnsupportedInstruction):
            return None
        self.instructions.insert(index + 1, replace(item, id=None))
        return self._edited(index + 1)

    def delete(self, index: int) -> tuple[Instruction, int]:
        removed = self.instructions.pop(index)
        return removed, self._edited(index)

    def move(self, index: int, step: int) -> int | None:
        target = index + step
        if not 0 <= target < len(self.instructions):
            return None
        items = self.instructions
        items[index], items[target] = items[target], items[index]
        return self._edited(target)

    def add_imported(self, imported: Sequence[Instruction], how: ImportHow) -> int:
        if how == "replace":
            self.instructions = list(imported)
            return self._edited(0)
        self.instructions.extend(imported)
        return self._edited(len(self.instructions) - len(imported))

    def _edited(self, selected: int) -> int:
        """After a change to the list: server issues are by index, so they are stale now."""
        self.server_issues = {}
        return max(0, min(selected, len(self.instructions) - 1))

    def state_parts(self) -> list[str]:
        count = len(self.instructions)
        return [
            f"{count} instruction{'s' if count != 1 else ''}",
            f"saves as {MODE_TEXT[self.mode]}",
        ]

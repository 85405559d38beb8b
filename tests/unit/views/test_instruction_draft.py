"""The instruction editor's model without Textual: edits, checks, 'unsaved', the local draft."""

from __future__ import annotations

import pytest

from atb_tui.logic.instructions import (
    FieldIssue,
    FreeText,
    InstructionFormatError,
    UnsupportedInstruction,
)
from atb_tui.views.instruction_draft import InstructionDraft, wire_list

FIRST = FreeText(description="What did you notice?", id="i1")
SECOND = FreeText(description="Anything else?", id="i2")


def stored_draft() -> InstructionDraft:
    draft = InstructionDraft()
    draft.stored([FIRST, SECOND])
    return draft


def test_a_stored_draft_is_clean_and_an_edit_makes_it_dirty() -> None:
    draft = stored_draft()
    assert not draft.dirty
    draft.server_issues = {0: [FieldIssue("description", "too long")]}
    draft.edit(0, FreeText(description="Changed", id="i1"))
    assert draft.dirty
    assert 0 not in draft.server_issues  # the server's old verdict no longer holds


def test_insert_duplicate_move_and_delete_return_what_to_select() -> None:
    draft = stored_draft()
    assert draft.insert(0, FreeText(description="New")) == 1
    assert draft.duplicate(1) == 2
    assert draft.instructions[2].id is None  # a copy is a new instruction
    assert draft.move(2, 1) == 3
    assert draft.move(3, 1) is None  # nothing after the last
    removed, selected = draft.delete(3)
    assert removed.description == "New"
    assert selected == 2
    assert [item.description for item in draft.instructions] == [
        "What did you notice?", "New", "Anything else?"
    ]  # fmt: skip


def test_kinds_kept_verbatim_are_not_duplicated() -> None:
    draft = InstructionDraft()
    draft.stored([UnsupportedInstruction({"type": "ranking", "description": "Rank"})])
    assert draft.duplicate(0) is None
    assert len(draft.instructions) == 1


def test_list_changes_clear_server_issues_that_are_by_index() -> None:
    draft = stored_draft()
    draft.server_issues = {1: [FieldIssue("description", "bad")]}
    draft.move(0, 1)
    assert draft.server_issues == {}


def test_save_problem_names_the_count_of_rule_problems() -> None:
    assert "at least one" in InstructionDraft().save_problem()
    draft = stored_draft()
    assert draft.save_problem() == ""
    draft.edit(0, FreeText(description=""))
    assert "problem(s)" in draft.save_problem()
    assert 0 in draft.all_issues()


def test_the_mode_is_chosen_only_before_anything_is_stored() -> None:
    fresh = InstructionDraft()
    assert fresh.toggle_mode()
    assert fresh.mode == "legacy"
    assert not stored_draft().toggle_mode()
    fixed = InstructionDraft(batch_has_items=True)
    assert not fixed.toggle_mode()
    assert fixed.mode == "batch_items"


def test_a_kept_draft_is_offered_only_when_it_differs_and_restores_mode() -> None:
    draft = InstructionDraft()
    draft.stored([])
    kept = {"mode": "legacy", "instructions": wire_list([FIRST])}
    assert draft.offers(kept)
    assert not draft.offers({"instructions": []})
    assert not draft.offers({"instructions": "nonsense"})
    draft.restore(kept)
    assert [item.description for item in draft.instructions] == [FIRST.description]
    assert draft.mode == "legacy"
    assert draft.to_json() == kept


def test_an_unreadable_draft_changes_nothing() -> None:
    draft = stored_draft()
    with pytest.raises(InstructionFormatError):
        draft.restore({"instructions": [{"type": 7}]})
    assert draft.instructions == [FIRST, SECOND]


def test_import_appends_or_replaces() -> None:
    draft = stored_draft()
    assert draft.add_imported([FreeText(description="x")], "append") == 2
    assert len(draft.instructions) == 3
    assert draft.add_imported([FreeText(description="y")], "replace") == 0
    assert [item.description for item in draft.instructions] == ["y"]


def test_a_reread_after_a_lost_answer_keeps_the_edits() -> None:
    draft = InstructionDraft()
    draft.stored([])
    draft.insert(0, FIRST)
    draft.reread([FreeText(description="What did you notice?", id="server-id")], False)
    assert draft.server_count == 1
    assert draft.instructions == [FIRST]
    assert draft.dirty  # ids differ: the next save replaces, never appends

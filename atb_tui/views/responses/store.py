"""The columnar store: one list per column, so 100,000 responses stay small and fast to scan.

Rows arrive page by page (and later, as a live study goes on, a few at a time); `add` appends
them and skips ids already held. Ids repeat on every row of a participant or task, so they are
interned: each distinct string is kept once. Lower-cased copies of the searched columns are made
once here, so a filter never lower-cases 100,000 strings while the user types.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from datetime import datetime

from atb_tui.api.models.response_rows import ResponseRow
from atb_tui.views.responses.answers import (
    InstructionInfo,
    agreement_key,
    render_answer,
    unknown_instruction,
)


class ResponseStore:
    """Every response of one batch, column by column (row i is the i-th response received)."""

    def __init__(self, instructions: Sequence[InstructionInfo] = ()) -> None:
        self.instructions: dict[str, InstructionInfo] = {i.id: i for i in instructions}
        self.rows: list[ResponseRow] = []
        self.participant: list[str] = []
        self.task: list[str] = []
        self.instruction: list[str] = []
        self.submission: list[str] = []
        self.created: list[str] = []
        self.answer: list[str] = []
        self.answer_lower: list[str] = []
        self.key: list[str | None] = []
        self.haystack: list[str] = []
        self._ids: set[str] = set()
        self.version = 0  # bumped on every change, so derived views know when to recompute

    def __len__(self) -> int:
        return len(self.rows)

    def info(self, instruction_id: str) -> InstructionInfo:
        """The instruction's info (a stand-in for one the batch no longer lists)."""
        known = self.instructions.get(instruction_id)
        return known or unknown_instruction(instruction_id, "")

    def add(self, rows: Iterable[ResponseRow]) -> int:
        """Append the rows not held yet; returns how many were new."""
        before = len(self.rows)
        for row in rows:
            if row.id not in self._ids:
                self._append(row)
        added = len(self.rows) - before
        if added:
            self.version += 1
        return added

    def _append(self, row: ResponseRow) -> None:
        body = row.response
        intern = sys.intern
        instruction_id = intern(body.instruction_id)
        info = self.instructions.get(instruction_id) or unknown_instruction(
            instruction_id, body.type
        )
        answer = render_answer(info, body.type, body.answer)
        participant, task = intern(row.participant_id), intern(row.task_id)
        # The row keeps the shared copies too, so each id string is held once, not per row.
        row.participant_id, row.task_id, body.instruction_id = participant, task, instruction_id
        row.batch_id, body.type = intern(row.batch_id), intern(body.type)
        if row.submission_id is not None:
            row.submission_id = intern(row.submission_id)
        if row.metadata:
            row.metadata = {
                k: intern(v) if isinstance(v, str) else v for k, v in row.metadata.items()
            }
        self._ids.add(row.id)
        self.rows.append(row)
        self.participant.append(participant)
        self.task.append(task)
        self.instruction.append(instruction_id)
        self.submission.append(row.submission_id or "")
        self.created.append(row.created_at or "")
        self.answer.append(answer)
        lower = answer.lower()
        self.answer_lower.append(lower)
        self.key.append(agreement_key(body.type, body.answer))
        self.haystack.append(f"{participant}\0{task}\0{info.title.lower()}\0{lower}")

    def time_of(self, index: int) -> datetime | None:
        """When the response was given (None if the API left it out or sent nonsense)."""
        try:
            return datetime.fromisoformat(self.created[index])
        except ValueError:
            return None

    def instruction_order(self) -> list[str]:
        """Instruction ids: the batch's own order, then any only seen in responses."""
        seen = dict.fromkeys(self.instructions)
        seen.update(dict.fromkeys(self.instruction))
        return list(seen)

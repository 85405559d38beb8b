"""How an answer reads in a table, and what counts as "the same answer" for agreement."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from atb_tui.api.models.response_rows import AnswerPart

ALPHA = "\N{GREEK SMALL LETTER ALPHA}"  # spelled out: ruff flags the literal as ambiguous
CHOICE_TYPES = frozenset({"multiple_choice", "multiple_choice_with_free_text"})
TEXT_TYPES = frozenset({"free_text", "free_text_with_unit", "multiple_choice_with_free_text"})


@dataclass(frozen=True)
class InstructionInfo:
    """What the viewer needs of an instruction: its title, type and options in order."""

    id: str
    title: str
    type: str
    options: tuple[tuple[str, str], ...] = ()  # (value, label), in the order shown to people

    @property
    def is_choice(self) -> bool:
        return self.type in CHOICE_TYPES

    def label(self, value: object) -> str:
        """The option label for a stored value (the value itself when unknown)."""
        text = _scalar(value)
        return next((label for key, label in self.options if key == text), text)

    @property
    def ordered_values(self) -> tuple[str, ...] | None:
        """The option values when all are numbers (a scale): ordinal/interval alpha apply."""
        values = tuple(value for value, _ in self.options)
        try:
            [float(value) for value in values]
        except ValueError:
            return None
        return values or None


def unknown_instruction(instruction_id: str, kind: str) -> InstructionInfo:
    """A stand-in for an instruction the batch no longer lists."""
    return InstructionInfo(instruction_id, instruction_id[:8], kind)


def render_answer(info: InstructionInfo, kind: str, parts: Sequence[AnswerPart]) -> str:
    """One line: chosen labels, free text, value + unit, choices with explanations, files."""
    if kind == "multiple_choice":
        return ", ".join(info.label(part.value) for part in parts)
    if kind == "multiple_choice_with_free_text":
        return "; ".join(_with_explanation(info, part) for part in parts)
    if kind == "free_text_with_unit":
        return ", ".join(f"{_scalar(p.value)} {p.unit or ''}".strip() for p in parts)
    if kind == "file_upload":
        return ", ".join(_file(part) for part in parts)
    return " ".join(_scalar(part.value) for part in parts)


def agreement_key(kind: str, parts: Sequence[AnswerPart]) -> str | None:
    """The value compared between annotators (choices only; None: not comparable)."""
    if kind not in CHOICE_TYPES or not parts:
        return None
    return "|".join(sorted(_scalar(part.value) for part in parts))


def _with_explanation(info: InstructionInfo, part: AnswerPart) -> str:
    label = info.label(part.value)
    return f"{label} ({part.explanation})" if part.explanation else label


def _file(part: AnswerPart) -> str:
    name = part.file_name or part.file_key or "file"
    return f"{name} ({part.file_size_mb:.1f} MB)" if part.file_size_mb is not None else name


def _scalar(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)

"""The list of a batch's instructions: number, a problem marker, the question and its type."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from atb_tui.logic.instructions import FieldIssue, Instruction, summary


def instruction_prompt(
    number: int, instruction: Instruction, problems: int, width: int = 34
) -> Text:
    """Two lines: '2 ⚠ Is the review positive?' and the type summary."""
    question = instruction.description.strip() or "(no question yet)"
    text = Text(f"{number:>2} ")
    text.append("⚠ " if problems else "  ", style="bold red" if problems else "")
    text.append(_clip(question, width - 5), style="bold")
    text.append(f"\n     {_clip(summary(instruction), width - 5)}", style="dim")
    return text


def _clip(line: str, width: int) -> str:
    """One line that fits the list (prompts would otherwise wrap)."""
    line = " ".join(line.split())
    return line if len(line) <= width else line[: width - 1] + "…"


class InstructionList(OptionList):
    """Posts OptionList.OptionHighlighted as the user moves; keeps the selection on redraw."""

    DEFAULT_CSS = """
    InstructionList { width: 38; max-width: 40%; height: 1fr; border: round $panel; }
    InstructionList:focus { border: round $accent; }
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._instructions: list[Instruction] = []
        self._problems: dict[int, int] = {}

    def on_resize(self) -> None:
        # Prompts are clipped to the width, so a new width needs new prompts.
        if self._instructions:
            self._draw_prompts(self.highlighted or 0)

    def _width(self) -> int:
        """Characters a prompt line may use (the list is narrower in small terminals)."""
        inner = self.scrollable_content_region.width
        return max(16, inner - 1) if inner > 0 else 34

    def update_one(self, index: int, instruction: Instruction, problems: int) -> None:
        """Redraw one entry (after an edit of that instruction)."""
        if 0 <= index < min(self.option_count, len(self._instructions)):
            self._instructions[index], self._problems[index] = instruction, problems
            self.replace_option_prompt_at_index(
                index, instruction_prompt(index + 1, instruction, problems, self._width())
            )

    def show(
        self,
        instructions: Sequence[Instruction],
        issues: Mapping[int, Sequence[FieldIssue]],
        selected: int,
    ) -> None:
        """Redraw the list and highlight `selected`."""
        self._instructions = list(instructions)
        self._problems = {index: len(found) for index, found in issues.items()}
        self._draw_prompts(selected)

    def _draw_prompts(self, selected: int) -> None:
        width = self._width()
        prompts = [
            Option(
                instruction_prompt(index + 1, item, self._problems.get(index, 0), width),
                id=str(index),
            )
            for index, item in enumerate(self._instructions)
        ]
        with self.prevent(OptionList.OptionHighlighted):
            self.clear_options()
            self.add_options(prompts)
            if prompts:
                self.highlighted = max(0, min(selected, len(prompts) - 1))

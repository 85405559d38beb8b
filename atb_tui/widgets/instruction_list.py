"""The list of a batch's instructions: number, a problem marker, the question and its type."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from atb_tui.logic.instructions import FieldIssue, Instruction, summary


def instruction_prompt(number: int, instruction: Instruction, problems: int) -> Text:
    """Two lines: '2 ⚠ Is the review positive?' and the type summary."""
    question = instruction.description.strip() or "(no question yet)"
    text = Text(f"{number:>2} ")
    text.append("⚠ " if problems else "  ", style="bold red" if problems else "")
    text.append(question, style="bold" if question else "dim")
    text.append(f"\n     {summary(instruction)}", style="dim")
    return text


class InstructionList(OptionList):
    """Posts OptionList.OptionHighlighted as the user moves; keeps the selection on redraw."""

    DEFAULT_CSS = """
    InstructionList { width: 36; height: 1fr; border: round $panel; }
    InstructionList:focus { border: round $accent; }
    """

    def show(
        self,
        instructions: Sequence[Instruction],
        issues: Mapping[int, Sequence[FieldIssue]],
        selected: int,
    ) -> None:
        """Redraw the list and highlight `selected`."""
        prompts = [
            Option(instruction_prompt(index + 1, item, len(issues.get(index, ()))), id=str(index))
            for index, item in enumerate(instructions)
        ]
        with self.prevent(OptionList.OptionHighlighted):
            self.clear_options()
            self.add_options(prompts)
            if prompts:
                self.highlighted = max(0, min(selected, len(prompts) - 1))

"""What a participant will see: the task introduction and steps, a datapoint, the questions.

A terminal can't be a browser; this keeps what matters for checking the task: the order, the
wording, which inputs appear (radio buttons, checkboxes, a dropdown, text boxes with units,
file uploads) and the limits participants are told about.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from atb_tui.logic.instructions import (
    FileUpload,
    FreeText,
    FreeTextWithUnit,
    Instruction,
    MultipleChoice,
    MultipleChoiceWithFreeText,
    answer_limit_text,
    uses_dropdown,
)


def render_preview(
    task: Mapping[str, str],
    datapoint: Mapping[str, str],
    real: bool,
    instructions: Sequence[Instruction],
) -> Text:
    """The participant's page as styled text."""
    out = Text()
    out.append(f"{task.get('name') or 'Task'}\n", style="bold underline")
    for heading in ("introduction", "steps"):
        if task.get(heading):
            out.append(f"\n{heading.capitalize()}\n", style="bold")
            out.append(f"{task[heading].strip()}\n")
    source = (
        "a real datapoint from the dataset"
        if real
        else "placeholder datapoint (no real one available yet)"
    )
    out.append(f"\n── {source} ──\n", style="dim")
    for name, value in datapoint.items():
        out.append(f"{name}: ", style="bold cyan")
        out.append(f"{value}\n")
    out.append("──\n", style="dim")
    for number, instruction in enumerate(instructions, start=1):
        out.append_text(_question(number, instruction))
    return out


def question_text(number: int, instruction: Instruction) -> Text:
    """One numbered question with its inputs, as participants see it (collections reuse it)."""
    return _question(number, instruction)


def _question(number: int, instruction: Instruction) -> Text:
    text = Text(f"\n{number}. ", style="bold")
    text.append(instruction.description or "(no question)", style="bold")
    text.append("\n")
    helper = getattr(instruction, "helper_text", "")
    if helper:
        text.append(f"   {helper}\n", style="italic dim")
    text.append_text(_inputs(instruction))
    return text


def _inputs(instruction: Instruction) -> Text:
    if isinstance(instruction, MultipleChoice | MultipleChoiceWithFreeText):
        return _choices(instruction)
    if isinstance(instruction, FreeText):
        return Text(f"   [ {instruction.placeholder_text_input or 'type your answer'} ]\n")
    if isinstance(instruction, FreeTextWithUnit):
        units = " / ".join(u.label or str(u.value) for u in instruction.unit_options)
        box = f"[ {instruction.placeholder_text_input or 'answer'} ]"
        unit = f"[{units} ▾]"
        line = f"{unit} {box}" if instruction.unit_position == "prefix" else f"{box} {unit}"
        return Text(f"   {line}\n")
    if isinstance(instruction, FileUpload):
        types = ", ".join(instruction.accepted_file_types)
        return Text(
            f"   [ Upload {instruction.min_file_count}–{instruction.max_file_count} files "
            f"({types}; up to {instruction.max_file_size_mb:g} MB each) ]\n"
        )
    return Text(f"   ({instruction.type}: shown as Prolific renders it)\n", style="dim")


def _choices(instruction: MultipleChoice | MultipleChoiceWithFreeText) -> Text:
    text = Text(f"   {answer_limit_text(instruction.answer_limit)}\n", style="dim")
    if uses_dropdown(instruction):
        labels = ", ".join(option.label for option in instruction.options)
        text.append(f"   [ Choose… ▾ ]  ({labels})\n")
        return text
    mark = "( )" if instruction.answer_limit == 1 else "[ ]"
    heading = None
    for option in instruction.options:
        if isinstance(instruction, MultipleChoiceWithFreeText) and option.heading != heading:
            heading = option.heading
            text.append(f"   {heading}\n", style="underline")
        text.append(f"   {mark} {option.label}")
        if isinstance(instruction, MultipleChoiceWithFreeText):
            text.append("  [ explain… ]", style="dim")
        text.append("\n")
    return text


class InstructionPreview(VerticalScroll):
    """Scrollable participant preview."""

    DEFAULT_CSS = """
    InstructionPreview { height: 1fr; padding: 0 1; border: round $success; }
    """

    def compose(self) -> ComposeResult:
        yield Static("Loading the preview…", id="preview-text")

    def show(
        self,
        task: Mapping[str, str],
        datapoint: Mapping[str, str],
        real: bool,
        instructions: Sequence[Instruction],
    ) -> None:
        """Redraw the page."""
        self.query_one("#preview-text", Static).update(
            render_preview(task, datapoint, real, instructions)
        )

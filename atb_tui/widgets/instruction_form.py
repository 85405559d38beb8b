"""The form of one instruction, with a layout per type and each problem shown on its field.

The form never calls the API: it posts `InstructionForm.Changed` with the edited instruction
after every keystroke; the screen checks the rules and hands the problems back through
`show_issues`. Adding or removing options (or changing the type) rebuilds the form.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import Button, Checkbox, Input, Select, Static

from atb_tui.logic.instructions import (
    INSTRUCTION_TYPES,
    EditableInstruction,
    FieldIssue,
    FileUpload,
    FreeText,
    FreeTextWithUnit,
    InstructionType,
    MultipleChoice,
    MultipleChoiceWithFreeText,
    answer_limit_text,
    convert,
    from_wire,
    to_wire,
    uses_dropdown,
)
from atb_tui.logic.instructions.model import INSTRUCTION_CLASSES
from atb_tui.widgets.instruction_fields import (
    convert_text,
    display_value,
    field_id,
    get_path,
    issue_id,
    issue_line,
    path_of,
    set_path,
    text_row,
)

TYPE_CHOICES = [(INSTRUCTION_CLASSES[name].title, name) for name in INSTRUCTION_TYPES]
RULE_CHOICES = [("No limit", "none"), ("Length (characters)", "string"), ("Number range", "number")]


class InstructionForm(VerticalScroll):
    """Edits one instruction; read-only forms show the same fields, disabled."""

    DEFAULT_CSS = """
    InstructionForm { height: 1fr; padding: 0 1; }
    InstructionForm .field-row { height: 1; }
    InstructionForm .field-label { width: 16; color: $text-muted; }
    InstructionForm .field-row Input { width: 1fr; }
    InstructionForm .field-issue { color: $error; height: auto; display: none; padding-left: 16; }
    InstructionForm .field-issue.-shown { display: block; }
    InstructionForm Input.-invalid { background: $error 25%; }
    InstructionForm .field-hint { color: $text-muted; padding-left: 16; height: auto; }
    InstructionForm .group-title { margin-top: 1; text-style: bold; }
    InstructionForm Checkbox { margin-top: 1; }
    InstructionForm .option-row { height: 1; }
    InstructionForm .option-row .number { width: 4; color: $text-muted; }
    InstructionForm .option-row Input { width: 1fr; margin-right: 1; }
    InstructionForm .option-row Checkbox { width: auto; }
    InstructionForm .option-row Button { width: 3; min-width: 3; }
    InstructionForm .option-issue { padding-left: 4; }
    InstructionForm .add-button { margin-top: 1; width: auto; }
    InstructionForm Select { width: 40; margin-bottom: 1; }
    InstructionForm .option-row Checkbox { margin-top: 0; }
    """

    class Changed(Message):
        """The user changed the instruction."""

        def __init__(self, form: InstructionForm, instruction: EditableInstruction) -> None:
            super().__init__()
            self.form = form
            self.instruction = instruction

        @property
        def control(self) -> InstructionForm:
            return self.form

    def __init__(self, instruction: EditableInstruction, *, read_only: bool, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.instruction = instruction
        self.wire: dict[str, Any] = to_wire(instruction)
        self.read_only = read_only
        self.issues: list[FieldIssue] = []

    # ---- layout -----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Select(
            TYPE_CHOICES,
            value=self.instruction.type,
            allow_blank=False,
            id="f-type",
            compact=True,
            disabled=self.read_only,
        )
        yield issue_line("")
        yield from self._row("Question", "description", "What participants answer (required)")
        yield from self._row("Helper text", "helper_text", "Shown under the question")
        if not isinstance(self.instruction, FileUpload):
            yield from self._row("Placeholder", "placeholder_text_input", "Text in the empty box")
        yield from self._type_fields()

    def _row(self, label: str, path: str, hint: str = "", kind: str = "text") -> ComposeResult:
        value = get_path(self.wire, path)
        yield from text_row(label, path, value, kind=kind, hint=hint, disabled=self.read_only)

    def _type_fields(self) -> ComposeResult:
        item = self.instruction
        if isinstance(item, MultipleChoice | MultipleChoiceWithFreeText):
            yield from self._choice_fields(item)
        elif isinstance(item, FreeText):
            yield from self._rule_fields("validation", item.validation is not None)
        elif isinstance(item, FreeTextWithUnit):
            yield from self._unit_fields(item)
        elif isinstance(item, FileUpload):
            yield from self._row("File types", "accepted_file_types", ".jpg, .png")
            yield from self._row("Max size (MB)", "max_file_size_mb", "25", "number")
            yield from self._row("Fewest files", "min_file_count", "1", "integer")
            yield from self._row("Most files", "max_file_count", "10", "integer")

    def _choice_fields(self, item: MultipleChoice | MultipleChoiceWithFreeText) -> ComposeResult:
        yield from self._row("Answers allowed", "answer_limit", "1, a number, or -1", "integer")
        yield Static(self._limit_hint(), id="limit-hint", classes="field-hint", markup=False)
        yield Checkbox(
            "Never show as a dropdown",
            item.disable_dropdown,
            id=field_id("disable_dropdown"),
            compact=True,
            disabled=self.read_only,
        )
        hint = self._dropdown_hint()
        dropdown = Static(hint, id="dropdown-hint", classes="field-hint", markup=False)
        dropdown.display = bool(hint)
        yield dropdown
        with_heading = isinstance(item, MultipleChoiceWithFreeText)
        columns = "heading · label · value · excl." if with_heading else "label · value · exclusive"
        yield Static(f"Options ({columns})", classes="group-title", markup=False)
        yield issue_line("options")
        for index in range(len(item.options)):
            yield from self._option_row("options", index, with_heading)
        if not self.read_only:
            yield Button("+ Add option", id="add-options", classes="add-button", compact=True)

    def _option_row(self, group: str, index: int, with_heading: bool) -> ComposeResult:
        base = f"{group}.{index}"
        with Horizontal(classes="option-row"):
            yield Static(f"{index + 1}.", classes="number")
            names = ("heading", "label", "value") if with_heading else ("label", "value")
            for name in names:
                value = display_value(get_path(self.wire, f"{base}.{name}"))
                yield Input(
                    value,
                    placeholder=name,
                    id=field_id(f"{base}.{name}"),
                    compact=True,
                    disabled=self.read_only,
                    select_on_focus=False,
                )
            if group == "options":
                exclusive = get_path(self.wire, f"{base}.exclusive") is True
                yield Checkbox(
                    "excl",
                    exclusive,
                    id=field_id(f"{base}.exclusive"),
                    compact=True,
                    disabled=self.read_only,
                    tooltip="Exclusive, like 'None of the above'",
                )
            if not self.read_only:
                yield Button("✕", id=f"del-{group}--{index}", compact=True, tooltip="Remove")
        line = issue_line(base)
        line.add_class("option-issue")
        yield line

    def _rule_fields(self, path: str, enabled: bool) -> ComposeResult:
        rule_type = get_path(self.wire, f"{path}.type") if enabled else "none"
        yield Select(
            RULE_CHOICES,
            value=rule_type or "string",
            allow_blank=False,
            id=field_id(f"{path}.type"),
            compact=True,
            disabled=self.read_only,
        )
        yield issue_line(path)
        if enabled:
            yield from self._row("Minimum", f"{path}.min", "no minimum", "number")
            yield from self._row("Maximum", f"{path}.max", "no maximum", "number")

    def _unit_fields(self, item: FreeTextWithUnit) -> ComposeResult:
        yield Static("Units (label · value)", classes="group-title", markup=False)
        yield issue_line("unit_options")
        for index in range(len(item.unit_options)):
            yield from self._option_row("unit_options", index, False)
        if not self.read_only:
            yield Button("+ Add unit", id="add-unit_options", classes="add-button", compact=True)
        yield from self._row("Default unit", "default_unit", "value of a unit")
        position = item.unit_position if item.unit_position in ("prefix", "suffix") else "suffix"
        yield Select(
            [("Unit after the answer", "suffix"), ("Unit before the answer", "prefix")],
            value=position,
            allow_blank=False,
            id=field_id("unit_position"),
            compact=True,
            disabled=self.read_only,
        )
        yield issue_line("unit_position")

    def _limit_hint(self) -> str:
        limit = get_path(self.wire, "answer_limit")
        return answer_limit_text(limit) if isinstance(limit, int) else ""

    def _dropdown_hint(self) -> str:
        item = self.instruction
        if isinstance(item, MultipleChoice | MultipleChoiceWithFreeText) and uses_dropdown(item):
            return "Participants see a dropdown (5 or more options)."
        return ""

    # ---- edits ------------------------------------------------------------------------------

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        path = path_of(event.input.id)
        if not path or display_value(get_path(self.wire, path)) == event.value:
            return
        set_path(self.wire, path, convert_text(path, event.value))
        self._emit()

    @on(Checkbox.Changed)
    def _toggled(self, event: Checkbox.Changed) -> None:
        event.stop()
        path = path_of(event.checkbox.id)
        if path and (get_path(self.wire, path) is True) != event.value:
            set_path(self.wire, path, True if event.value else None)
            self._emit()

    @on(Select.Changed)
    async def _selected(self, event: Select.Changed) -> None:
        event.stop()
        widget_id, value = event.select.id, str(event.value)
        if widget_id == "f-type" and value != self.instruction.type:
            self._set_instruction(convert(self.instruction, _as_type(value)))
            await self._rebuild()
        elif widget_id == field_id("validation.type"):
            await self._change_rule(value)
        elif widget_id == field_id("unit_position") and value != get_path(
            self.wire, "unit_position"
        ):
            set_path(self.wire, "unit_position", value)
            self._emit()

    async def _change_rule(self, value: str) -> None:
        current = get_path(self.wire, "validation.type") or "none"
        if value == current:
            return
        self.wire["validation"] = None if value == "none" else {"type": value}
        if value == "none":
            self.wire.pop("validation")
        self._set_instruction(_editable(self.wire))
        await self._rebuild()

    @on(Button.Pressed)
    async def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        button_id = event.button.id or ""
        if button_id.startswith("add-"):
            group = button_id[4:]
            self.wire.setdefault(group, []).append(self._blank_option(group))
            focus = f"{group}.{len(self.wire[group]) - 1}"
        elif button_id.startswith("del-"):
            group, index = button_id[4:].split("--")
            del self.wire[group][int(index)]
            focus = ""
        else:
            return
        self._set_instruction(_editable(self.wire))
        await self._rebuild(focus)

    def _blank_option(self, group: str) -> dict[str, Any]:
        blank: dict[str, Any] = {"label": "", "value": ""}
        existing = self.wire.get(group) or []
        if isinstance(self.instruction, MultipleChoiceWithFreeText) and existing:
            blank["heading"] = existing[-1].get("heading", "")
        return blank

    def _set_instruction(self, instruction: EditableInstruction) -> None:
        self.instruction = instruction
        self.wire = to_wire(instruction)

    async def _rebuild(self, focus_row: str = "") -> None:
        await self.recompose()
        self.show_issues(self.issues)
        self._emit()
        if focus_row:
            first = (
                "heading" if isinstance(self.instruction, MultipleChoiceWithFreeText) else "label"
            )
            self.query_one(f"#{field_id(f'{focus_row}.{first}')}", Input).focus()

    def _emit(self) -> None:
        self.instruction = _editable(self.wire)
        for hint_id, text in (
            ("limit-hint", self._limit_hint()),
            ("dropdown-hint", self._dropdown_hint()),
        ):
            for hint in self.query(f"#{hint_id}").results(Static):
                hint.update(text)
                hint.display = bool(text)
        self.post_message(self.Changed(self, self.instruction))

    # ---- problems ---------------------------------------------------------------------------

    def show_issues(self, issues: Iterable[FieldIssue]) -> None:
        """Put each problem on its field (or the nearest group line) and mark the inputs."""
        self.issues = list(issues)
        lines: dict[str, list[str]] = {}
        known = {widget.id for widget in self.query(".field-issue")}
        for issue in self.issues:
            lines.setdefault(self._slot_for(issue.field, known), []).append(issue.message)
        for line in self.query(".field-issue").results(Static):
            messages = lines.get(line.id or "", [])
            line.update("\n".join(f"⚠ {message}" for message in messages))
            line.set_class(bool(messages), "-shown")
        bad = {issue.field for issue in self.issues}
        for widget in self.query(Input):
            path = path_of(widget.id)
            widget.set_class(any(f == path or f.startswith(path + ".") for f in bad), "-invalid")

    @staticmethod
    def _slot_for(path: str, known: set[str | None]) -> str:
        parts = path.split(".") if path else []
        while parts:
            candidate = issue_id(".".join(parts))
            if candidate in known:
                return candidate
            parts.pop()
        return issue_id("")

    def focus_first(self) -> None:
        """Focus the question field."""
        self.query_one(f"#{field_id('description')}", Input).focus()


def _editable(wire: dict[str, Any]) -> EditableInstruction:
    instruction = from_wire(copy.deepcopy(wire))
    assert not hasattr(instruction, "raw"), "the form only edits known instruction types"
    return instruction


def _as_type(value: str) -> InstructionType:
    assert value in INSTRUCTION_TYPES
    return value

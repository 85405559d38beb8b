"""Forms of the collection editor that the instruction form does not cover.

`BlockForm` edits a content block (rich text as HTML, or an image's address, description and
caption); `DetailsForm` edits the collection's name and task details. Both only show values and
post `Changed`; the editor checks, autosaves and sends.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import Input, Static, TextArea

from atb_tui.logic.instructions import FieldIssue
from atb_tui.views.collection_draft import BLOCK_TITLES, CollectionDraft, ContentBlock

DETAIL_FIELDS = (
    ("name", "Name", "input"),
    ("task_name", "Task name", "input"),
    ("task_introduction", "Introduction", "area"),
    ("task_steps", "Steps", "area"),
)
IMAGE_FIELDS = (
    ("url", "Address", "https://… (an HTTPS address participants can load)"),
    ("alt_text", "Description", "What the image shows (read out to screen-reader users)"),
    ("caption", "Caption", "Optional text under the image"),
)
DETAIL_HINTS = {"name": "Only you see this name", "task_name": "Participants see this title"}


class _FieldsForm(VerticalScroll):
    """Labelled inputs and text areas with a problem line under each."""

    DEFAULT_CSS = """
    _FieldsForm { height: 1fr; padding: 0 1; }
    _FieldsForm .field-row { height: 1; }
    _FieldsForm .field-label { width: 14; color: $text-muted; }
    _FieldsForm .field-row Input { width: 1fr; }
    _FieldsForm TextArea { height: 6; margin-bottom: 1; }
    _FieldsForm .field-issue { color: $error; height: auto; display: none; padding-left: 14; }
    _FieldsForm .field-issue.-shown { display: block; }
    _FieldsForm .group-title { text-style: bold; }
    _FieldsForm .field-hint { color: $text-muted; height: auto; }
    """

    def __init__(self, *, read_only: bool, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.read_only = read_only

    def _input(self, name: str, label: str, value: str, hint: str = "") -> ComposeResult:
        with Horizontal(classes="field-row"):
            yield Static(label, classes="field-label")
            yield Input(
                value, placeholder=hint, id=f"field-{name}", compact=True, disabled=self.read_only
            )
        yield Static("", id=f"issue-{name}", classes="field-issue")

    def _area(self, name: str, label: str, value: str) -> ComposeResult:
        yield Static(label, classes="group-title")
        area = TextArea(value, id=f"field-{name}", language=None, soft_wrap=True)
        area.read_only = self.read_only
        yield area
        yield Static("", id=f"issue-{name}", classes="field-issue")

    def value(self, name: str) -> str:
        """The text of one field as typed."""
        widget = self.query_one(f"#field-{name}")
        return widget.text if isinstance(widget, TextArea) else str(widget.value)  # type: ignore[attr-defined]

    def show_issues(self, issues: Iterable[FieldIssue]) -> None:
        """Put each problem under its field (problems about nothing shown are ignored)."""
        by_field: dict[str, list[str]] = {}
        for issue in issues:
            by_field.setdefault(issue.field, []).append(issue.message)
        for line in self.query(".field-issue").results(Static):
            name = (line.id or "").removeprefix("issue-")
            messages = by_field.get(name, [])
            line.update("⚠ " + " ".join(messages) if messages else "")
            line.set_class(bool(messages), "-shown")

    def focus_first(self) -> None:
        """Put the cursor in the first field."""
        fields = self.query("Input, TextArea")
        if fields:
            fields.first().focus()

    @on(Input.Changed)
    @on(TextArea.Changed)
    def _typed(self, event: Input.Changed | TextArea.Changed) -> None:
        event.stop()
        if not self.read_only:
            self.emit()

    def emit(self) -> None:
        """Tell the editor the new value (subclasses build it)."""
        raise NotImplementedError


class BlockForm(_FieldsForm):
    """Edits a rich text or image block."""

    class Changed(Message):
        """The user changed the block."""

        def __init__(self, block: ContentBlock) -> None:
            super().__init__()
            self.block = block

    def __init__(self, block: ContentBlock, *, read_only: bool, **kwargs: Any) -> None:
        super().__init__(read_only=read_only, **kwargs)
        self.block = block

    def compose(self) -> ComposeResult:
        yield Static(BLOCK_TITLES[self.block.kind], classes="group-title")
        if self.block.kind == "rich_text":
            yield Static("HTML shown as it is (p, b, i, ul, ol, li, h1, h2).", classes="field-hint")
            yield from self._area("content", "Text", self.block.content)
            return
        for name, label, hint in IMAGE_FIELDS:
            yield from self._input(name, label, str(getattr(self.block, name)), hint)

    def emit(self) -> None:
        if self.block.kind == "rich_text":
            self.block = replace(self.block, content=self.value("content"))
        else:
            url, alt_text, caption = (self.value(name) for name, _, _ in IMAGE_FIELDS)
            self.block = replace(self.block, url=url, alt_text=alt_text, caption=caption)
        self.post_message(self.Changed(self.block))


class DetailsForm(_FieldsForm):
    """Edits the collection's name and the task details participants read first."""

    class Changed(Message):
        """The user changed the name or a task detail."""

        def __init__(self, values: dict[str, str]) -> None:
            super().__init__()
            self.values = values

    def __init__(self, draft: CollectionDraft, *, read_only: bool, **kwargs: Any) -> None:
        super().__init__(read_only=read_only, **kwargs)
        self.initial = {name: str(getattr(draft, name)) for name, _, _ in DETAIL_FIELDS}

    def compose(self) -> ComposeResult:
        yield Static("The collection", classes="group-title")
        for name, label, kind in DETAIL_FIELDS:
            if kind == "input":
                yield from self._input(name, label, self.initial[name], DETAIL_HINTS[name])
            else:
                yield from self._area(name, label, self.initial[name])

    def emit(self) -> None:
        self.post_message(self.Changed({name: self.value(name) for name, _, _ in DETAIL_FIELDS}))

"""The study launch form: name, description, reward, time, annotators, devices, completion.

It shows values and problems and posts `StudyForm.Changed` with every edit; the screen
parses, totals, autosaves and talks to the API.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Checkbox, Input, Select, Static
from textual.widgets._input import InputType

TEXT_FIELDS = (
    ("name", "Study name", "What participants see in their list"),
    ("description", "Description", "HTML shown before they start"),
    ("reward", "Reward", "Per participant, e.g. 1.50"),
    ("minutes", "Minutes", "Estimated completion time"),
    ("annotators", "Annotators", "People answering each task"),
)
# A collection is answered whole by each participant: "annotators" are its participants.
COLLECTION_LABELS = {"annotators": ("Participants", "People taking the collection")}
DEVICE_NAMES = ("desktop", "tablet", "mobile")
COMPLETION_CHOICES = [
    ("Review each submission before paying", "MANUALLY_REVIEW"),
    ("Approve and pay automatically", "AUTOMATICALLY_APPROVE"),
]


class StudyForm(Vertical):
    """Editable study settings in a scrolling area; `disabled` forms only show them."""

    DEFAULT_CSS = """
    StudyForm { width: 1fr; height: 1fr; }
    StudyForm #study-fields { height: 1fr; padding: 0 1; }
    StudyForm .field-row { height: 1; }
    StudyForm .field-label { width: 13; color: $text-muted; }
    StudyForm .field-row Input { width: 1fr; }
    StudyForm .field-issue { color: $error; display: none; padding-left: 13; height: auto; }
    StudyForm .field-issue.-shown { display: block; }
    StudyForm Input.-invalid { background: $error 25%; }
    StudyForm .devices { height: 1; margin-top: 1; }
    StudyForm .devices Checkbox { margin-right: 1; }
    StudyForm Select { margin-top: 1; }
    StudyForm #scroll-hint { height: 1; display: none; color: $warning; padding: 0 1; }
    StudyForm #scroll-hint.-shown { display: block; }
    """

    class Changed(Message):
        """The user changed the form."""

        def __init__(self, values: dict[str, object]) -> None:
            super().__init__()
            self.values = values

    def __init__(self, values: Mapping[str, object], kind: str = "batch", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.values: dict[str, object] = dict(values)
        self.labels = COLLECTION_LABELS if kind == "collection" else {}

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="study-fields"):
            yield from self._fields()
        yield Static("▼ more fields below: Tab or scroll", id="scroll-hint")

    def _fields(self) -> ComposeResult:
        for name, default_label, default_hint in TEXT_FIELDS:
            label, hint = self.labels.get(name, (default_label, default_hint))
            with Horizontal(classes="field-row"):
                yield Static(label, classes="field-label")
                kind: InputType = "integer" if name in ("minutes", "annotators") else "text"
                yield Input(
                    str(self.values.get(name, "")),
                    placeholder=hint,
                    id=f"study-{name}",
                    type=kind,
                    compact=True,
                    select_on_focus=False,
                )
            yield Static("", id=f"issue-{name}", classes="field-issue", markup=False)
        with Horizontal(classes="devices"):
            yield Static("Devices", classes="field-label")
            for device in DEVICE_NAMES:
                yield Checkbox(
                    device, self.values.get(device) is True, id=f"study-{device}", compact=True
                )
        yield Static("", id="issue-devices", classes="field-issue", markup=False)
        completion = str(self.values.get("completion") or "MANUALLY_REVIEW")
        yield Select(
            COMPLETION_CHOICES,
            value=completion,
            allow_blank=False,
            id="study-completion",
            compact=True,
        )

    def on_mount(self) -> None:
        # Small terminals (80x24) cut the form: say that more fields are below.
        fields = self.query_one("#study-fields", VerticalScroll)
        self.watch(fields, "scroll_y", self._update_hint_later, init=False)
        self.watch(fields, "virtual_size", self._update_hint_later)

    def on_resize(self) -> None:
        self._update_hint_later()

    def _update_hint_later(self) -> None:
        # Read the sizes once the layout pass is over: the virtual_size watcher runs in the
        # middle of it, while the box's container size is still the previous one.
        self.call_after_refresh(self._update_hint)

    def _update_hint(self) -> None:
        self.query_one("#scroll-hint", Static).set_class(self.more_below(), "-shown")

    def more_below(self) -> bool:
        """Whether fields are cut off below the visible part of the form."""
        # Measured against the form's whole height (the room the fields have with the hint
        # hidden), never the box's current height: the hint takes a row from the box, so a
        # hint shown once (e.g. from a size read mid-layout) would keep the content
        # "overflowing" and stay shown. (A scroll box's virtual height is at least its own.)
        fields = self.query_one("#study-fields", VerticalScroll)
        return fields.scroll_y + self.size.height < fields.virtual_size.height

    @property
    def hint_shown(self) -> bool:
        """Whether the "more fields below" line is shown."""
        return self.query_one("#scroll-hint", Static).has_class("-shown")

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        self._set(event.input.id, event.value)
        event.stop()

    @on(Checkbox.Changed)
    def _toggled(self, event: Checkbox.Changed) -> None:
        self._set(event.checkbox.id, event.value)
        event.stop()

    @on(Select.Changed)
    def _selected(self, event: Select.Changed) -> None:
        self._set(event.select.id, str(event.value))
        event.stop()

    def _set(self, widget_id: str | None, value: object) -> None:
        name = (widget_id or "").removeprefix("study-")
        if not name or self.values.get(name) == value:
            return
        self.values[name] = value
        self.post_message(self.Changed(dict(self.values)))

    def show_problems(self, problems: Mapping[str, str]) -> None:
        """One message under each field that has a problem."""
        for line in self.query(".field-issue").results(Static):
            name = (line.id or "").removeprefix("issue-")
            message = problems.get(name, "")
            line.update(f"⚠ {message}" if message else "")
            line.set_class(bool(message), "-shown")
        for widget in self.query(Input):
            widget.set_class((widget.id or "").removeprefix("study-") in problems, "-invalid")

    def set_locked(self, locked: bool) -> None:
        """Disable editing (e.g. once the study is published)."""
        for widget in self.query("Input, Checkbox, Select"):
            widget.disabled = locked

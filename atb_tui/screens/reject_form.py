"""The rejection form: a category among Prolific's 12 and a message of at least 100 characters.

Both are checked as they are typed (a live counter under the message), with the checks the
client applies before sending, so a rejection Prolific would refuse never leaves the machine.
The form says what rejecting means for the participant. It returns the choice; the
submissions screen does the sending.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Select, Static, TextArea

from atb_tui.api.models.submissions import MIN_REJECTION_MESSAGE, rejection_problems
from atb_tui.commands import bindings
from atb_tui.paths import styles_dir
from atb_tui.views.review_text import REJECTION_LABELS, REJECTION_MEANS
from atb_tui.widgets.chrome import key_hint


@dataclass(frozen=True)
class RejectionChoice:
    """What the form collected."""

    category: str
    message: str


class RejectFormScreen(ModalScreen[RejectionChoice | None]):
    """Why, and the message the participant reads; ctrl+s rejects once both are valid."""

    BINDINGS = bindings("review.send_rejection", "dialog.cancel")
    CSS_PATH = str(styles_dir() / "review.tcss")

    def __init__(self, who: str) -> None:
        super().__init__()
        self.who = who  # the participant, or "N submissions"
        self.touched = False  # problems are listed once the user tried to send

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(f"Reject {self.who}?", classes="title", markup=False)
            yield Static(REJECTION_MEANS, classes="means", markup=False)
            yield Static("Why (the rejection category):", classes="label")
            options = [(label, code) for code, label in REJECTION_LABELS.items()]
            yield Select(options, prompt="Choose a category", id="reject-category", compact=True)
            yield Static(
                "Message to the participant (they read it; say what was wrong):",
                classes="label",
            )
            yield TextArea(id="reject-message", soft_wrap=True)
            yield Static("", id="reject-counter")
            yield Static("", id="reject-problems")
            with Horizontal(classes="buttons"):
                send = key_hint(self.app, "review.send_rejection")
                yield Button(
                    f"Reject ({send})", variant="error", id="reject-go", disabled=True, compact=True
                )
                cancel = key_hint(self.app, "dialog.cancel")
                yield Button(f"Cancel ({cancel})", id="reject-cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#reject-category", Select).focus()
        self._check()

    @property
    def category(self) -> str | None:
        value = self.query_one("#reject-category", Select).value
        return value if isinstance(value, str) else None

    @property
    def message(self) -> str:
        return self.query_one("#reject-message", TextArea).text

    def problems(self) -> list[str]:
        """What still stops the rejection (empty when it can be sent)."""
        return rejection_problems(self.category, self.message)

    @on(Select.Changed)
    @on(TextArea.Changed)
    def _check(self) -> None:
        length = len(self.message.strip())
        counter = self.query_one("#reject-counter", Static)
        missing = MIN_REJECTION_MESSAGE - length
        counter.update(
            f"{length} / {MIN_REJECTION_MESSAGE} characters"
            + (f" · {missing} more needed" if missing > 0 else " · long enough")
        )
        counter.set_class(missing <= 0, "enough")
        problems = self.problems()
        self.query_one("#reject-go", Button).disabled = bool(problems)
        if self.touched:
            self.query_one("#reject-problems", Static).update("\n".join(problems))

    def action_send_rejection(self) -> None:
        problems = self.problems()
        if problems:
            self.touched = True
            self.query_one("#reject-problems", Static).update("\n".join(problems))
            return
        assert self.category is not None
        self.dismiss(RejectionChoice(self.category, self.message.strip()))

    @on(Button.Pressed, "#reject-go")
    def _go(self) -> None:
        self.action_send_rejection()

    @on(Button.Pressed, "#reject-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)

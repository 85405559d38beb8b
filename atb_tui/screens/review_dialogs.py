"""Dialogs of the submissions review: confirm an approval or a run of rejections, the result,
and which study to review when several run on one batch.

Approving reuses the typed confirmation of publishing (`ConfirmSpendScreen`): it states how
many submissions and how much money, and only the typed amount (or APPROVE) confirms.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from atb_tui.api.models.studies import Study
from atb_tui.logic.money import CostEstimate, format_money
from atb_tui.messages import OpenItem
from atb_tui.paths import styles_dir
from atb_tui.screens.base import AtbScreen
from atb_tui.screens.confirm_dialogs import ChoiceScreen, ConfirmSpendScreen
from atb_tui.views.review_text import APPROVAL_MEANS, REJECTION_LABELS, REJECTION_MEANS

FLAGGED_SHOWN = 3


def amount_words(minor: int, currency: str) -> list[str]:
    """What may be typed for an amount: '£12.34' or '12.34' (any equal number is accepted)."""
    return [format_money(minor, currency), f"{minor // 100}.{minor % 100:02d}"]


def _count(count: int) -> str:
    return f"{count:,} submission" + ("" if count == 1 else "s")


def approve_confirmation(
    count: int, cost: CostEstimate, study_name: str, flagged: Sequence[str] = ()
) -> ConfirmSpendScreen:
    """Approve `count` submissions: the count, the rewards, fees and VAT, and the total;
    `flagged` warns about selected participants the figures flagged."""
    held_back = list(flagged)
    money = cost.currency
    lines = [
        f"Approve {_count(count)} of “{study_name}”.",
        f"Rewards {format_money(cost.rewards, money)}"
        + (
            f" + fees and VAT {format_money(cost.fees_and_tax, money)}"
            if cost.fees_and_tax
            else " (fees and VAT could not be asked: not included)"
        ),
        APPROVAL_MEANS,
        *held_back[:FLAGGED_SHOWN],
    ]
    if len(held_back) > FLAGGED_SHOWN:
        lines.append(f"⚠ … and {len(held_back) - FLAGGED_SHOWN:,} more flagged")
    kind = "Estimated total" if cost.is_estimate else "Total"
    amount = f"{kind}: {format_money(cost.total_cost, money)} for {_count(count)}"
    accepted = [*amount_words(cost.total_cost, money), "APPROVE"]
    title = f"Approve {_count(count)}?"
    return ConfirmSpendScreen(title, lines, amount, accepted, "Approve")


def reject_confirmation(count: int, category: str) -> ConfirmSpendScreen:
    """Reject several, one request each, stopping at the first error."""
    lines = [
        f"Reject {_count(count)}, one at a time, as “{REJECTION_LABELS.get(category, category)}”.",
        "They all get the same message. The run stops at the first error and says what was "
        "and was not done.",
        REJECTION_MEANS,
    ]
    return ConfirmSpendScreen(f"Reject {_count(count)}?", lines, "", ["REJECT"], "Reject")


class ReviewResultScreen(ModalScreen[None]):
    """What a run did and did not do; Enter or Esc closes it."""

    CSS_PATH = str(styles_dir() / "dialogs.tcss")
    BINDINGS = [Binding("escape", "close", "Close"), Binding("enter", "close", "Close")]

    def __init__(self, title: str, lines: Sequence[str], *, complete: bool) -> None:
        super().__init__()
        self.dialog_title = title
        self.lines = list(lines)
        self.complete = complete

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog" if self.complete else "dialog failed"):
            yield Static(self.dialog_title, classes="dialog-title", markup=False)
            with VerticalScroll():
                yield Static("\n".join(self.lines), classes="dialog-message", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Close", id="result-close")

    def on_mount(self) -> None:
        self.query_one("#result-close", Button).focus()

    @on(Button.Pressed, "#result-close")
    def action_close(self) -> None:
        self.dismiss(None)


async def open_submissions_of(screen: AtbScreen, studies: Sequence[Study]) -> None:
    """Open the review of a batch's study; asks which when several run on the batch (call it
    from a worker: it waits for the answer)."""
    if not studies:
        screen.notify("No study runs on this batch yet.", severity="warning")
        return
    if len(studies) == 1:
        screen.navigate(OpenItem("submissions", studies[0].id, studies[0].name or ""))
        return
    choices = [(s.id, f"{s.name} ({s.status})") for s in studies]
    dialog = ChoiceScreen("Review which study?", "Several studies run on this batch.", choices)
    study_id = await screen.app.push_screen_wait(dialog)
    if study_id:
        screen.navigate(OpenItem("submissions", study_id))

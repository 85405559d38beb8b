"""Checkboxes and radio buttons show their state by shape, not only by colour.

Textual draws the same glyph for on and off and changes its colour, which reads on no
monochrome terminal and poorly for colour-blind users. `install()` makes every Checkbox show
■/□ and every RadioButton ●/○, in every screen, without each screen using a subclass.
"""

from __future__ import annotations

from textual.widgets import Checkbox, RadioButton

CHECKBOX_MARKS = ("□", "■")
RADIO_MARKS = ("○", "●")


def _checkbox_inner(self: Checkbox) -> str:
    return CHECKBOX_MARKS[bool(self.value)]


def _radio_inner(self: RadioButton) -> str:
    return RADIO_MARKS[bool(self.value)]


def install() -> None:
    """Replace the fixed inner glyph with one that follows the value (idempotent)."""
    Checkbox.BUTTON_INNER = property(_checkbox_inner)  # type: ignore[assignment]
    RadioButton.BUTTON_INNER = property(_radio_inner)  # type: ignore[assignment]

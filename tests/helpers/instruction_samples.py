"""Instructions shared by the instruction file and layout tests."""

from __future__ import annotations

from atb_tui.logic.instructions import (
    ChoiceOption,
    FreeText,
    FreeTextWithUnit,
    MultipleChoice,
    UnitOption,
)

CHOICE = MultipleChoice(
    id="server-id-1",
    description="Sentiment?",
    options=(
        ChoiceOption(label="Positive", value="positive"),
        ChoiceOption(label="Négatif", value="neg"),
    ),
)
WHY = FreeText(description="Why?", placeholder_text_input="Explain")
UNITS = FreeTextWithUnit(
    description="Weight?",
    unit_options=(UnitOption(label="kg", value="kg"), UnitOption(label="lb", value="lb")),
    unit_position="suffix",
)

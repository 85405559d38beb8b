"""The navigation table names screens by module path: every entry must resolve to a screen."""

from __future__ import annotations

import pytest

from atb_tui.screens.base import AtbScreen
from atb_tui.screens.navigation import AREA_SCREENS, ITEM_SCREENS, screen_class


@pytest.mark.parametrize("spec", sorted({*AREA_SCREENS.values(), *ITEM_SCREENS.values()}))
def test_every_navigation_entry_is_a_screen(spec: str) -> None:
    assert issubclass(screen_class(spec), AtbScreen)

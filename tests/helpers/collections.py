"""Steps on the collections screens: open the detail or the editor, pick a choice."""

from __future__ import annotations

from textual.pilot import Pilot

from atb_tui.app import AtbApp
from atb_tui.sandbox import Sandbox
from atb_tui.screens.collection_detail import CollectionDetailScreen
from atb_tui.screens.collection_editor import CollectionEditorScreen
from atb_tui.screens.collections import CollectionsScreen
from atb_tui.screens.confirm_dialogs import ChoiceScreen
from tests.helpers.navigation import open_area
from tests.helpers.sandbox import item_named
from tests.helpers.waits import wait_for

SIZE = (110, 32)
NAME = "Creative prompts"


def screen_of(app: AtbApp) -> object:
    """The current screen, without the narrowing an earlier isinstance check leaves behind."""
    return app.screen


def collection_id(sandbox: Sandbox, name: str = NAME) -> str:
    return item_named(sandbox.world.collections, name)


async def open_detail(pilot: Pilot[None]) -> CollectionDetailScreen:
    app = pilot.app
    if not isinstance(app.screen, CollectionsScreen):
        await open_area(pilot, "collections")
    await pilot.press("enter")
    await wait_for(pilot, lambda: isinstance(app.screen, CollectionDetailScreen))
    screen = app.screen
    assert isinstance(screen, CollectionDetailScreen)
    await wait_for(pilot, lambda: screen.loaded)
    await pilot.pause()
    return screen


async def open_editor(pilot: Pilot[None]) -> CollectionEditorScreen:
    await open_detail(pilot)
    await pilot.press("e")
    app = pilot.app
    await wait_for(pilot, lambda: isinstance(app.screen, CollectionEditorScreen))
    editor = app.screen
    assert isinstance(editor, CollectionEditorScreen)
    await wait_for(pilot, lambda: editor.loaded)
    await pilot.pause()
    return editor


async def choose(pilot: Pilot[None], key: str) -> None:
    """Pick the choice `key` in the open ChoiceScreen."""
    app = pilot.app
    await wait_for(pilot, lambda: isinstance(app.screen, ChoiceScreen))
    dialog = app.screen
    assert isinstance(dialog, ChoiceScreen)
    keys = [choice for choice, _ in dialog.choices]
    await pilot.press(*(["down"] * keys.index(key)), "enter")
    await wait_for(pilot, lambda: not isinstance(app.screen, ChoiceScreen))

"""Screen states of collections: the list, one collection, the editor, and the 403 message."""

from __future__ import annotations

from textual.pilot import Pilot

from atb_tui.app import AtbApp
from atb_tui.screens.collection_detail import CollectionDetailScreen
from atb_tui.screens.collection_editor import CollectionEditorScreen
from tests.helpers.app import clocked_app
from tests.helpers.navigation import open_area
from tests.helpers.sandbox import WORKSPACE, make_sandbox
from tests.helpers.waits import wait_for
from tests.snapshots.scenarios import scenario

WIDE, NARROW = (120, 35), (80, 24)


def no_collections_app() -> AtbApp:
    """The demo, with Collections not enabled for Sentiment Lab."""
    sandbox = make_sandbox()
    sandbox.world.workspaces[WORKSPACE[0]].collections_enabled = False
    return clocked_app(sandbox)


async def collections(pilot: Pilot[None]) -> None:
    await open_area(pilot, "collections")
    await pilot.pause()


async def detail(pilot: Pilot[None]) -> None:
    app = await open_area(pilot, "collections")
    await pilot.press("enter")
    await wait_for(pilot, lambda: getattr(app.screen, "loaded", False))
    assert isinstance(app.screen, CollectionDetailScreen)
    await pilot.pause()


async def editor(pilot: Pilot[None]) -> None:
    await detail(pilot)
    app = pilot.app
    await pilot.press("e")
    await wait_for(pilot, lambda: isinstance(app.screen, CollectionEditorScreen))
    await wait_for(pilot, lambda: getattr(app.screen, "loaded", False))
    await pilot.press("down", "down", "down")  # the question: the instruction editor's form
    await wait_for(pilot, lambda: bool(app.screen.query("#instruction-form")))
    await pilot.pause()


async def not_enabled(pilot: Pilot[None]) -> None:
    app = await open_area(pilot, "collections")
    await wait_for(pilot, lambda: getattr(app.screen, "not_enabled", False))
    await pilot.pause()


# The list at 100x30 and 80x24 is in scenarios_shell.py.
scenario("collections-120x35", "Collections of a workspace at 120x35", size=WIDE,
         build=clocked_app)(collections)  # fmt: skip
for size, suffix in ((WIDE, ""), (NARROW, "-80x24")):
    where = f" at {size[0]}x{size[1]}"
    scenario(f"collection-detail{suffix}", "A collection: studies and every page" + where,
             size=size, build=clocked_app)(detail)  # fmt: skip
    scenario(f"collection-editor{suffix}", "Editing a collection's question" + where,
             size=size, build=clocked_app)(editor)  # fmt: skip
scenario("collections-not-enabled", "403: Collections not enabled, said plainly", size=NARROW,
         build=no_collections_app)(not_enabled)  # fmt: skip

"""Issue 15, proof 3: a read-only profile walks every screen and changes nothing at Prolific.

The walk is generic, so screens added later are covered without editing this file: it
opens the workspace home, every area in ``AREA_SCREENS`` and one item of every kind in
``ITEM_SCREENS``, then presses every registry key bound on the screen (shown or hidden,
enabled or not). A key that opens another screen (a dialog, an editor, the responses
viewer, help, the palette, the `:` prompt) has that screen walked the same way, once per
screen class, then Esc comes back. The sandbox's request log must hold no POST, PUT, PATCH
or DELETE.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import pytest
from textual.screen import Screen
from textual.widgets import Input, TextArea

from atb_tui.app import AtbApp
from atb_tui.commands import REGISTRY
from atb_tui.sandbox import Sandbox
from atb_tui.screens.navigation import AREA_SCREENS, ITEM_SCREENS
from tests.helpers.app import read_only_app
from tests.helpers.driver import Seen, watch_messages, workers_idle
from tests.helpers.navigation import workspaces_loaded
from tests.helpers.sandbox import WS_ID, WS_TITLE, make_sandbox
from tests.helpers.waits import wait_for

MUTATING = {"POST", "PUT", "PATCH", "DELETE"}
# Keys the walk does not press, and why:
SKIPPED = {
    "app.quit": "ends the run",
    "app.force_quit": "ends the run",
    "app.back": "the walk's own way back (Esc)",
    "profiles.read_only": "turns read-only off by design (a local setting, no request)",
}
SKIPPED_PREFIXES = ("home.",)  # area jumps: every area is walked as a start anyway
PER_SCREEN = {"table.choose", "table.open", "table.refresh", "table.filter"}
MAX_DEPTH = 1  # area/item screens and the screens their keys open
LIVELY = ("ACTIVE", "READY", "AWAITING REVIEW")


@dataclass
class Target:
    """A screen to walk and how to get to it from anywhere."""

    name: str
    open: Callable[[], Awaitable[Screen[object]]]
    depth: int = 0


def item_id(sandbox: Sandbox, kind: str) -> str:
    """One sandbox item a screen of `kind` can show, preferring a lively one."""
    world = sandbox.world
    if kind == "responses":
        return next(parent for parent, rows in world.responses.items() if rows)
    if kind == "submissions":  # the review of a study's submissions takes the study's id
        kind = "study"
    names = (f"{kind}s", f"{kind}es", f"{kind[:-1]}ies", kind)
    plural = next((n for n in names if hasattr(world, n)), None)
    assert plural is not None, f"no sandbox collection for {kind!r}: teach item_id() about it"
    items: dict[str, object] = getattr(world, plural)
    assert items, f"the demo world has no {kind}: add one to walk its screen"
    lively = [i for i, item in items.items() if getattr(item, "status", None) in LIVELY]
    return (lively or list(items))[0]


class Walker:
    """Opens targets, presses their keys, and queues the screens those keys open."""

    def __init__(self, pilot: object, sandbox: Sandbox, seen: Seen) -> None:
        self.pilot = pilot
        self.app: AtbApp = pilot.app  # type: ignore[attr-defined]
        self.sandbox = sandbox
        self.seen = seen
        self.walked: dict[str, list[str]] = {}
        self.pressed = 0
        self.app_keys_pressed = False
        self.table_keys_pressed: set[str] = set()

    async def settle(self, before: Screen[object] | None = None) -> None:
        """Until every worker is done, or one waits on a dialog it opened (the user's turn)."""
        before = before or self.app.screen
        await self.pilot.pause()  # type: ignore[attr-defined]
        await wait_for(
            self.pilot,  # type: ignore[arg-type]
            lambda: workers_idle(self.app) or self.app.screen is not before,
        )

    async def back_to(self, screen: Screen[object], target: Target) -> Screen[object]:
        """Esc until `screen` is on top again, or open it afresh when it was left for good."""
        for _ in range(4):
            if self.app.screen is screen:
                return screen
            if screen not in self.app.screen_stack:
                break
            await self.pilot.press("escape")  # type: ignore[attr-defined]
            await self.settle()
        if self.app.screen is not screen and screen in self.app.screen_stack:
            while self.app.screen is not screen:
                self.app.pop_screen()
                await self.settle()
            return screen
        return await target.open()

    def keys_of(self, screen: Screen[object]) -> list[tuple[str, str]]:
        """(command id, key) of every registry binding on the screen, its focus chain and the
        app, minus the skipped ones."""
        found: dict[str, str] = {}
        app_level = () if self.app_keys_pressed else (self.app,)
        self.app_keys_pressed = True  # the same on every screen: pressed once, on the first
        for node in (screen, *screen.focus_chain, *app_level):
            for key, bindings in node._bindings.key_to_bindings.items():
                for binding in bindings:
                    command = binding.id or ""
                    if command in REGISTRY and not self.skipped(command):
                        found.setdefault(command, key)
        # Cursor keys act alike on every table: each is pressed on the first screen that has it
        # (Enter, refresh and filter differ per screen and are pressed everywhere).
        found = {c: k for c, k in found.items() if c not in self.table_keys_pressed}
        self.table_keys_pressed |= {c for c in found if c.startswith("table.")} - PER_SCREEN
        return sorted(found.items())

    @staticmethod
    def skipped(command: str) -> bool:
        return command in SKIPPED or command.startswith(SKIPPED_PREFIXES)

    async def walk(self, start: list[Target]) -> None:
        queue = list(start)
        while queue:
            target = queue.pop(0)
            screen = await target.open()
            name = type(screen).__name__
            if name in self.walked or (name != target.name and target.depth):
                continue  # walked already, or the key opened something else this time
            keys = self.keys_of(screen)
            self.walked[name] = [command for command, _ in keys]
            for _command, key in keys:
                screen = await self.back_to(screen, target)
                if isinstance(self.app.focused, (Input, TextArea)):
                    self.app.set_focus(None)  # letters are commands here, not text
                await self.pilot.press(key)  # type: ignore[attr-defined]
                self.pressed += 1
                await self.settle(screen)
                opened = self.app.screen
                fresh = type(opened).__name__ not in self.walked
                if opened is not screen and fresh and target.depth < MAX_DEPTH:
                    queue.append(self.via(target, key, type(opened), target.depth + 1))
            await self.back_to(screen, target)

    def via(self, parent: Target, key: str, kind: type[Screen[object]], depth: int) -> Target:
        """A target reached by pressing `key` on `parent`'s screen."""

        async def open_it() -> Screen[object]:
            await parent.open()
            screen = self.app.screen
            await self.pilot.press(key)  # type: ignore[attr-defined]
            await self.settle(screen)
            return self.app.screen

        return Target(kind.__name__, open_it, depth)

    def starts(self) -> list[Target]:
        """The workspace home, every area and one item of every kind."""

        async def home() -> Screen[object]:
            await self.app.open_workspace(WS_ID, WS_TITLE)
            await self.settle()
            return self.app.screen

        def area(name: str) -> Target:
            async def open_area() -> Screen[object]:
                await home()
                await self.app.open_area(name)
                await self.settle()
                return self.app.screen

            return Target(name, open_area)

        def item(kind: str) -> Target:
            async def open_item() -> Screen[object]:
                await home()
                await self.app.open_item(kind, item_id(self.sandbox, kind))
                await self.settle()
                return self.app.screen

            return Target(kind, open_item)

        return [
            Target("home", home),
            *(area(name) for name in AREA_SCREENS),
            *(item(kind) for kind in ITEM_SCREENS),
        ]


@pytest.mark.slow
async def test_a_read_only_profile_walks_every_screen_and_sends_no_write() -> None:
    sandbox = make_sandbox()
    app = read_only_app(sandbox)
    seen = watch_messages(app)
    async with app.run_test(size=(120, 35)) as pilot:
        await workspaces_loaded(pilot)
        walker = Walker(pilot, sandbox, seen)
        await walker.walk(walker.starts())
    writes = [f"{r.method} {r.path}" for r in sandbox.request_log if r.method in MUTATING]
    print(f"\nwalked {len(walker.walked)} screens, pressed {walker.pressed} keys:")
    for name, commands in walker.walked.items():
        print(f"  {name}: {len(commands)} keys")
    assert writes == [], writes
    assert len(sandbox.request_log) > 0, "the walk did talk to the sandbox"
    expected = {"HelpScreen", "CommandLineScreen", "MonitorScreen", "ResponsesScreen"}
    assert expected <= set(walker.walked), sorted(walker.walked)
    for kind in ITEM_SCREENS.values():
        assert kind.split(":")[1] in walker.walked
    assert not seen.unreadable(), seen.unreadable()

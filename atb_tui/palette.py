"""ctrl+p: the palette lists the current screen's commands, workspaces and recent places."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider

from atb_tui.commands import REGISTRY

if TYPE_CHECKING:
    from atb_tui.app import AtbApp


# The palette itself, and the second way to quit (one "Quit" is enough).
_NOT_LISTED = frozenset({"app.palette", "app.force_quit"})


class AtbCommands(Provider):
    """Commands of the screen under the palette, plus places to go."""

    @property
    def atb(self) -> AtbApp:
        return cast("AtbApp", self.app)

    def _entries(self) -> list[tuple[str, str, object]]:
        """(title, help, callback) for everything the palette offers, each command once."""
        entries: list[tuple[str, str, object]] = []
        screen = self.screen
        seen: set[str] = set()
        for active in screen.active_bindings.values():
            command = REGISTRY.get(active.binding.id or "")
            if command is None or not active.enabled or command.id in _NOT_LISTED:
                continue
            if command.title in seen:  # one key per command: the nearest binding wins
                continue
            seen.add(command.title)
            key = self.app.get_key_display(active.binding)
            run = partial(self.atb.run_palette_action, screen, active.binding.action, active.node)
            entries.append((command.title, f"{key}  ·  {command.tooltip}", run))
        for workspace_id, title in self.atb.known_workspaces.items():
            entries.append(
                (
                    f"Open workspace {title}",
                    workspace_id,
                    partial(self.atb.open_workspace, workspace_id, title),
                )
            )
        for place in self.atb.state.recent():
            label = place.label or place.screen
            entries.append(
                (
                    f"Recent: {label}",
                    place.workspace_name or "",
                    partial(self.atb.restore_place, place),
                )
            )
        return entries

    async def discover(self) -> Hits:
        for title, help_text, callback in self._entries():
            yield DiscoveryHit(title, callback, help=help_text)  # type: ignore[arg-type]

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, callback in self._entries():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), callback, help=help_text)  # type: ignore[arg-type]

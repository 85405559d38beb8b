"""How the app moves between screens: the one place where screens' navigation messages
(messages.py) become pushes and pops; workspace › area › item; remembered places; `:` jumps.

Screens only post messages; everything that pushes, replaces or pops a full screen is here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on, work
from textual.app import App
from textual.screen import ModalScreen, Screen

from atb_tui.api.cause import caused_by
from atb_tui.api.errors import ProlificError
from atb_tui.messages import (
    Back,
    OpenArea,
    OpenChild,
    OpenExportFile,
    OpenItem,
    OpenPanel,
    OpenWorkspace,
)
from atb_tui.screens.navigation import area_screen, item_screen, panel_screen, zip_viewer_screen
from atb_tui.screens.workspace_home import WorkspaceHomeScreen
from atb_tui.storage.state import Place, StateStore

if TYPE_CHECKING:
    from atb_tui.logic.jump import Jump, Known
    from atb_tui.screens.command_line import CommandLineScreen
    from atb_tui.session import Session


class NavigatingApp(App[None]):
    """The app's navigation; `AtbApp` sets these attributes up."""

    session: Session | None
    state: StateStore
    workspace: tuple[str, str] | None  # (id, title) of the open workspace
    known_workspaces: dict[str, str]
    _known_items: list[Known]  # the current workspace's, for `:` completion

    async def _pop_to(self, depth: int) -> None:
        while len(self.screen_stack) > depth + 1:
            # Dismissed, not just popped: a worker awaiting this dialog gets "no answer" and
            # ends, instead of waiting for ever on a screen that is gone.
            await self.screen.dismiss(None)

    async def open_workspace(self, workspace_id: str, title: str) -> None:
        if self.workspace is None or self.workspace[0] != workspace_id:
            self._known_items = []
        self.workspace = (workspace_id, title)
        self.known_workspaces[workspace_id] = title
        await self._pop_to(1)
        with caused_by("open workspace"):
            await self.push_screen(WorkspaceHomeScreen(workspace_id, title))
        self._remember("workspace", label=title)

    async def open_area(self, area: str, argument: str = "") -> None:
        if self.workspace is None:
            self.notify("Choose a workspace first.", severity="warning")
            return
        await self._pop_to(2)
        with caused_by(f"open {area}"):
            await self.push_screen(area_screen(area, *self.workspace))
        self._remember(area, label=f"{self.workspace[1]} › {area}")

    async def open_item(
        self,
        kind: str,
        item_id: str,
        name: str = "",
        workspace: tuple[str, str] | None = None,
        *,
        replace: bool = False,
    ) -> None:
        """Open one batch, dataset or study; `name` makes the recent-places entry readable.
        `workspace` is the item's, for when no workspace is open. `replace`: in place of the
        current screen (a form that made the item), which the screen below never shows
        through (so it is not re-read in between)."""
        workspace = self.workspace or workspace
        if workspace is None:
            self.notify("Choose a workspace first.", severity="warning")
            return
        screen = item_screen(kind, item_id, *workspace)
        with caused_by(f"open {kind}"):
            if replace:
                await self.switch_screen(screen)
            else:
                await self.push_screen(screen)
        label = f"{workspace[1]} › {kind} {name or item_id[:13]}"
        self._remember(kind, item_id=item_id, label=label)

    async def restore_place(self, place: Place) -> None:
        if place.workspace_id is None:
            return
        from atb_tui.logic.jump import AREAS  # the `:` prompt's module: not before a frame

        await self.open_workspace(place.workspace_id, place.workspace_name or place.workspace_id)
        if place.screen in AREAS:
            await self.open_area(place.screen)
        elif place.item_id and self.workspace is not None and await self._still_there(place):
            await self.push_screen(item_screen(place.screen, place.item_id, *self.workspace))
            self._remember(place.screen, item_id=place.item_id, label=place.label)

    async def _still_there(self, place: Place) -> bool:
        """Whether the item of a remembered place still exists (a fresh demo world, a deleted
        item): reopening it would show a broken screen. Unreachable counts as there."""
        from atb_tui.flows.items import check_item  # the client's models: not before a frame

        assert self.session is not None
        assert place.item_id is not None
        try:
            problem = await check_item(self.session.client, place.screen, place.item_id)
        except ProlificError:
            return True  # offline or failing: open it, the screen says what it can
        if problem is not None:
            label = place.label or place.item_id
            self.notify(f"Where you left off ({label}) is gone. {problem}", timeout=8)
        return problem is None

    def _remember(self, screen: str, *, item_id: str | None = None, label: str = "") -> None:
        if self.session is None or self.workspace is None:
            return
        place = Place(
            profile=self.session.profile.name,
            workspace_id=self.workspace[0],
            workspace_name=self.workspace[1],
            screen=screen,
            item_id=item_id,
            label=label,
        )
        self.state.remember(place)

    async def action_back(self) -> None:
        if isinstance(self.screen, ModalScreen):
            self.screen.dismiss(None)
        else:
            await self._leave_screen()

    async def _leave_screen(self) -> None:
        if len(self.screen_stack) > 2:
            await self.pop_screen()
            if len(self.screen_stack) <= 2:
                self.workspace = None

    # The one place screens' navigation requests (messages.py) become pushes and pops.

    @on(OpenWorkspace)
    async def _on_open_workspace(self, message: OpenWorkspace) -> None:
        await self.open_workspace(message.workspace_id, message.title)

    @on(OpenArea)
    async def _on_open_area(self, message: OpenArea) -> None:
        await self.open_area(message.area)

    @on(OpenItem)
    async def _on_open_item(self, message: OpenItem) -> None:
        replace = message.replace and not isinstance(self.screen, ModalScreen)
        await self.open_item(
            message.kind, message.item_id, message.name, message.workspace, replace=replace
        )

    @on(OpenPanel)
    async def _on_open_panel(self, message: OpenPanel) -> None:
        workspace = self.workspace or ("", "")
        panel = panel_screen(message.panel, *workspace, message.kind, message.object_id,
                             message.title)  # fmt: skip
        with caused_by(f"open {message.panel}"):
            await self.push_screen(panel)

    @on(OpenExportFile)
    async def _on_open_export_file(self, message: OpenExportFile) -> None:
        await self.push_screen(zip_viewer_screen(message.path, *(self.workspace or ("", ""))))

    @on(OpenChild)
    async def _on_open_child(self, message: OpenChild) -> None:
        await self.push_screen(message.screen)

    @on(Back)
    async def _on_back(self, message: Back) -> None:
        if not isinstance(self.screen, ModalScreen):
            await self._leave_screen()

    def action_open_area(self, area: str) -> None:
        """b d s c m from any screen within a workspace (a screen's own key shadows them)."""
        self.call_later(self.open_area, area)

    def action_api_log(self) -> None:
        """The session's requests; the same key closes the panel again."""
        from atb_tui.screens.api_log import ApiLogScreen  # not needed before the first frame

        if isinstance(self.screen, ApiLogScreen):
            self.screen.dismiss()
        elif self.session is not None:
            self.push_screen(ApiLogScreen(self.session.client.request_log))

    def action_show_help(self) -> None:
        from atb_tui.screens.help import HelpScreen  # not needed before the first frame

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_command_line(self) -> None:
        # `:` is a priority key (so fast typing after it lands in the prompt, in order); a text
        # field still gets its ":". Handled here, not in check_action, so footers stay stable.
        from textual.widgets import Input, TextArea  # TextArea is heavy; not before a frame

        from atb_tui.screens.command_line import CommandLineScreen

        if isinstance(self.focused, Input):
            self.focused.insert_text_at_cursor(":")
            return
        if isinstance(self.focused, TextArea):
            self.focused.insert(":")
            return
        names = [f"workspace {title}" for title in self.known_workspaces.values()]
        prompt = CommandLineScreen(names, self._known_items)
        self.push_screen(prompt, self._jump)
        if self.workspace is not None and self.session is not None:
            self._load_known_items(prompt, self.workspace[0])

    @work(exclusive=True, group="jump-items", exit_on_error=False)
    async def _load_known_items(self, prompt: CommandLineScreen, workspace_id: str) -> None:
        """Names and ids for completion; kept so the next `:` offers them at once."""
        from atb_tui.flows.items import known_items  # the client's models: not before a frame

        assert self.session is not None
        profile = self.session.profile.name
        remembered = [k.dataset_id for k in self.state.known_datasets(profile, workspace_id)]
        try:
            items = await known_items(self.session.client, workspace_id, remembered)
        except ProlificError:
            return  # completion of names is a convenience; ids and views still work
        if self.workspace is not None and self.workspace[0] == workspace_id:
            self._known_items = items
            if prompt.is_attached:
                prompt.add_known(items)

    async def _jump(self, jump: Jump | None) -> None:
        from atb_tui.logic.jump import AREAS

        if jump is None:
            return
        if jump.target == "quit":
            await self.action_quit()
        elif jump.target == "help":
            self.action_show_help()
        elif jump.target == "workspaces":
            await self._pop_to(1)
            self.workspace = None
        elif jump.target == "workspace":
            await self._jump_to_workspace(jump.argument)
        elif jump.target in AREAS:
            await self.open_area(jump.target)
        elif jump.target == "open":
            self._open_export_file(jump.argument)
        else:
            self._open_checked(jump.target, jump.argument)

    def _open_export_file(self, typed: str) -> None:
        """`:open FILE.zip`: a downloaded export in the response viewer, offline."""
        from atb_tui.flows.downloads import downloads_dir  # lazy: not needed to start
        from atb_tui.flows.exports import export_file

        path = export_file(typed, downloads_dir())
        if path is None or self.session is None:
            self.notify(f"No file {typed!r} here or in the downloads folder.", severity="warning")
            return
        self.post_message(OpenExportFile(path))

    @work(exclusive=True, group="jump-open", exit_on_error=False)
    async def _open_checked(self, kind: str, item_id: str) -> None:
        """Open an item only once Prolific confirms it exists: no screen of live actions for
        a mistyped id."""
        if self.session is None or self.workspace is None:
            self.notify("Choose a workspace first.", severity="warning")
            return
        from atb_tui.flows.items import check_item  # the client's models: not before a frame

        problem = await check_item(self.session.client, kind, item_id)
        if problem is not None:
            self.notify(problem, title="Jump", severity="warning", timeout=8)
            return
        name = next((k.name for k in self._known_items if k.item_id == item_id), "")
        await self.open_item(kind, item_id, name)

    async def _jump_to_workspace(self, wanted: str) -> None:
        needle = wanted.casefold()
        for workspace_id, title in self.known_workspaces.items():
            if needle in (workspace_id.casefold(), title.casefold()):
                await self.open_workspace(workspace_id, title)
                return
        self.notify(f"No workspace called {wanted!r}.", severity="warning")

    async def run_palette_action(self, screen: Screen[object], action: str, node: object) -> None:
        await self.run_action(action, node)  # type: ignore[arg-type]

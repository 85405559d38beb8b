"""Base for one item's screen (a batch, dataset, study or collection).

What every detail screen shares lives here: it is opened with (workspace id, workspace title,
item id); its title line and breadcrumb carry the item's name once it is read; `r` re-reads it;
and it re-reads when the user comes back from a full screen on top (an editor, a form, a study),
because what happened there may have changed it. A subclass composes its body after
`self.title_line()`, implements `load` as a worker, and calls `show_name` when it has read the
item. Screens that follow something live yield `self.poll_clock()` too: `load` then runs on the
clock's schedule and reports back with `clock.succeeded`/`clock.failed`.
"""

from __future__ import annotations

from typing import ClassVar

from textual.screen import ModalScreen
from textual.widgets import Static

from atb_tui.screens.polled import PolledScreen
from atb_tui.widgets.data_view import DataView
from atb_tui.widgets.monitor_poll import PollClock


class ItemScreen(PolledScreen):
    """One item, read on open, on `r`, on return from a full screen, and on its poll clock."""

    AREA_TITLE: ClassVar[str] = ""  # the breadcrumb's area, e.g. "Batches"
    # The title line before and after the item is read ({id}, {name} are filled in).
    TITLE_LOADING: ClassVar[str] = "{id}"
    TITLE_LOADED: ClassVar[str] = "{name}  ·  {id}"

    def __init__(self, workspace_id: str, workspace_title: str, item_id: str) -> None:
        super().__init__()
        self.workspace_id = workspace_id
        self.workspace_title = workspace_title
        self.item_id = item_id
        self.item_name = ""  # known once read
        self.covered = False  # a full screen is on top: re-read when it closes

    def title_line(self) -> Static:
        """The screen's title line, to yield first from `compose_body`."""
        text = self.TITLE_LOADING.format(id=self.item_id)
        return Static(text, id="title", classes="screen-title")

    def show_name(self, name: str) -> None:
        """The item has been read: name it in the title and the breadcrumb."""
        self.item_name = name
        title = self.TITLE_LOADED.format(name=name, id=self.item_id)
        self.query_one("#title", Static).update(title)
        self.refresh_chrome()

    def trail(self) -> tuple[str, ...]:
        return (self.workspace_title, self.AREA_TITLE, self.item_name or self.item_id[:13])

    def load(self) -> object:
        """Read the item and show it; a `@work` worker in subclasses."""
        raise NotImplementedError

    def poll(self) -> object:
        return self.load()

    def reload(self) -> None:
        """Read the item again now: through the poll clock when the screen has one (so polls
        never overlap), else directly."""
        clocks = self.query(PollClock)
        if clocks:
            clocks.first().poll_now()
        else:
            self.load()

    def on_mount(self) -> None:
        tables = self.query(DataView)
        if tables:
            tables.first().focus_table()
        self.reload()

    def action_refresh(self) -> None:
        self.reload()

    def on_screen_suspend(self) -> None:
        super().on_screen_suspend()
        # Under a full screen the item may change; a dialog's action re-reads what it changed
        # itself, and the first show is on_mount's.
        self.covered = not isinstance(self.app.screen, ModalScreen)

    def on_screen_resume(self) -> None:
        super().on_screen_resume()
        if self.covered:
            # Decided once the app has finished the navigation under way (its handlers run one
            # at a time): a screen uncovered only on the way elsewhere (`:` or an area key
            # popping back, a form replaced by what it made) is not current then, and stays
            # covered for the next time it is really shown.
            self.app.call_later(self._reload_if_shown)

    def _reload_if_shown(self) -> None:
        if self.covered and self.app.screen is self:  # not `is_current`: true under the top too
            self.covered = False
            self.reload()

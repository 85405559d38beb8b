"""Collections of a workspace (an early-access Prolific feature): the table, Enter, `n`.

Where Prolific answers 403 "feature not enabled", the table says so plainly and what to do.
"""

from __future__ import annotations

from atb_tui.api.errors import PermissionDeniedError
from atb_tui.api.models.collections import Collection
from atb_tui.commands import TABLE_COMMANDS, bindings
from atb_tui.flows.collections import NOT_ENABLED
from atb_tui.logic.timefmt import short_time
from atb_tui.messages import OpenChild
from atb_tui.screens.area import AreaScreen
from atb_tui.widgets.chrome import key_hint
from atb_tui.widgets.data_view import Row


class CollectionsScreen(AreaScreen):
    """Multi-page data collections; shows a plain message when the feature is not enabled."""

    SCREEN_ID = "collections"
    TITLE_TEXT = "Collections"
    ITEM_KIND = "collection"
    HINT = (
        ("table.open", "opens"),
        ("collections.new", "new"),
        ("table.filter", "filters"),
        ("table.refresh", "refreshes"),
    )
    COLUMNS = (
        ("name", "Name"), ("id", "ID"), ("pages", "Pages"), ("items", "Items"),
        ("created", "Created"),
    )  # fmt: skip
    # "(n)" becomes the key that makes one now (after the user's remapping).
    EMPTY = "No collections yet. A collection is fixed pages of content and questions (n)."
    BINDINGS = bindings("collections.new", TABLE_COMMANDS[0], TABLE_COMMANDS[-1])

    def __init__(self, workspace_id: str, workspace_title: str) -> None:
        super().__init__(workspace_id, workspace_title)
        self.not_enabled = False

    async def fetch_rows(self) -> list[Row]:
        try:
            collections = await self.client.collections.list(self.workspace_id)
        except PermissionDeniedError as error:
            if not error.feature_not_enabled:
                raise
            self.not_enabled = True
            self.view.empty_message = NOT_ENABLED
            self.refresh_bindings()
            return []
        self.not_enabled = False
        self.view.empty_message = self.EMPTY.replace(
            "(n)", f"({key_hint(self.app, 'collections.new')})"
        )
        collections.sort(key=lambda c: str(c.created_at), reverse=True)
        return [self._row(collection) for collection in collections]

    @staticmethod
    def _row(collection: Collection) -> Row:
        pages = collection.collection_items
        return Row(
            collection.id,
            (
                collection.name,
                collection.id,
                str(len(pages)),
                str(sum(len(page.page_items) for page in pages)),
                short_time(collection.created_at),
            ),
        )

    def on_screen_resume(self) -> None:
        super().on_screen_resume()
        if self.view.loaded:
            self.load()  # back from a collection that may have changed

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        allowed = super().check_action(action, parameters)
        if allowed and action == "new_collection" and self.not_enabled:
            return None  # shown dimmed: the workspace can't have collections
        return allowed

    def action_new_collection(self) -> None:
        if self.not_enabled:
            self.notify(NOT_ENABLED, severity="warning", timeout=10)
            return
        from atb_tui.screens.collection_editor import CollectionEditorScreen

        editor = CollectionEditorScreen(self.workspace_id, self.workspace_title, None)
        self.navigate(OpenChild(editor))

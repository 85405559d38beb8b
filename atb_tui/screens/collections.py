"""Collections of a workspace (an early-access Prolific feature)."""

from __future__ import annotations

from atb_tui.api.errors import PermissionDeniedError
from atb_tui.logic.timefmt import short_time
from atb_tui.screens.area import AreaScreen
from atb_tui.widgets.data_view import Row


class CollectionsScreen(AreaScreen):
    """Multi-page data collections; shows a plain message when the feature is not enabled."""

    SCREEN_ID = "collections"
    TITLE_TEXT = "Collections"
    COLUMNS = (("name", "Name"), ("id", "ID"), ("pages", "Pages"), ("created", "Created"))
    EMPTY = "No collections. Collections are an early-access Prolific feature."

    async def fetch_rows(self) -> list[Row]:
        try:
            collections = await self.client.collections.list(self.workspace_id)
        except PermissionDeniedError:
            self.view.empty_message = "Collections are not enabled for this workspace."
            return []
        return [
            Row(c.id, (c.name, c.id, str(len(c.collection_items or [])), short_time(c.created_at)))
            for c in collections
        ]

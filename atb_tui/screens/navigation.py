"""Which screen shows which area or item: the one table the app and `:` jumps use.

Screens are named by module path and imported the first time they are opened, so the first
frame does not wait for every screen (and everything they import) to load.
"""

from __future__ import annotations

from importlib import import_module
from pathlib import Path
from typing import cast

from atb_tui.screens.base import AtbScreen

# Each class takes (workspace_id, workspace_title).
AREA_SCREENS: dict[str, str] = {
    "batches": "atb_tui.screens.batches:BatchesScreen",
    "datasets": "atb_tui.screens.datasets:DatasetsScreen",
    "studies": "atb_tui.screens.studies:StudiesScreen",
    "collections": "atb_tui.screens.collections:CollectionsScreen",
    "monitor": "atb_tui.screens.monitor:MonitorScreen",
}

# Each class takes (workspace_id, workspace_title, item_id).
ITEM_SCREENS: dict[str, str] = {
    "batch": "atb_tui.screens.batch_detail:BatchDetailScreen",
    "dataset": "atb_tui.screens.dataset_detail:DatasetDetailScreen",
    "study": "atb_tui.screens.study_detail:StudyDetailScreen",
    "responses": "atb_tui.screens.responses:ResponsesScreen",
    "submissions": "atb_tui.screens.submissions:SubmissionsScreen",
    "collection": "atb_tui.screens.collection_detail:CollectionDetailScreen",
}


def screen_class(spec: str) -> type[AtbScreen]:
    """The screen class named ``module:Class``, importing its module on first use."""
    module, name = spec.split(":")
    return cast("type[AtbScreen]", getattr(import_module(module), name))


def area_screen(area: str, workspace_id: str, workspace_title: str) -> AtbScreen:
    """A new screen for a workspace area."""
    return screen_class(AREA_SCREENS[area])(workspace_id, workspace_title)


def item_screen(kind: str, item_id: str, workspace_id: str, workspace_title: str) -> AtbScreen:
    """A new screen for one item."""
    screen = screen_class(ITEM_SCREENS[kind])
    return screen(workspace_id, workspace_title, item_id)


# Panels of an item that can be a batch or a collection. Each class takes (workspace_id,
# workspace_title, kind, object_id, title), kind being "batch" or "collection".
PANEL_SCREENS: dict[str, str] = {
    "exports": "atb_tui.screens.exports:ExportsScreen",
}


def panel_screen(
    panel: str, workspace_id: str, workspace_title: str, kind: str, object_id: str, title: str = ""
) -> AtbScreen:
    """A new panel screen (e.g. ``exports``) for a batch or a collection."""
    screen = screen_class(PANEL_SCREENS[panel])
    return screen(workspace_id, workspace_title, kind, object_id, title)  # type: ignore[call-arg]


def zip_viewer_screen(path: Path, workspace_id: str, workspace_title: str) -> AtbScreen:
    """The response viewer on a downloaded export ZIP (`:open FILE`), offline."""
    screen = screen_class("atb_tui.screens.responses_zip:ZipResponsesScreen")
    return screen(workspace_id, workspace_title, path)  # type: ignore[arg-type]

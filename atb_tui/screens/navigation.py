"""Which screen shows which area or item: the one table the app and `:` jumps use.

Screens are named by module path and imported the first time they are opened, so the first
frame does not wait for every screen (and everything they import) to load.
"""

from __future__ import annotations

from importlib import import_module
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

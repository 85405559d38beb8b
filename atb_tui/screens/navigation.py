"""Which screen shows which area or item: the one table the app and `:` jumps use."""

from __future__ import annotations

from collections.abc import Callable

from atb_tui.screens.base import AtbScreen
from atb_tui.screens.batch_detail import BatchDetailScreen
from atb_tui.screens.batches import BatchesScreen
from atb_tui.screens.collections import CollectionsScreen
from atb_tui.screens.dataset_detail import DatasetDetailScreen
from atb_tui.screens.datasets import DatasetsScreen
from atb_tui.screens.monitor import MonitorScreen
from atb_tui.screens.responses import ResponsesScreen
from atb_tui.screens.studies import StudiesScreen
from atb_tui.screens.study_detail import StudyDetailScreen

# Each factory takes (workspace_id, workspace_title).
AREA_SCREENS: dict[str, Callable[[str, str], AtbScreen]] = {
    "batches": BatchesScreen,
    "datasets": DatasetsScreen,
    "studies": StudiesScreen,
    "collections": CollectionsScreen,
    "monitor": MonitorScreen,
}


# Each factory takes (workspace_id, workspace_title, item_id).
ITEM_SCREENS: dict[str, Callable[[str, str, str], AtbScreen]] = {
    "batch": BatchDetailScreen,
    "dataset": DatasetDetailScreen,
    "study": StudyDetailScreen,
    "responses": ResponsesScreen,
}


def area_screen(area: str, workspace_id: str, workspace_title: str) -> AtbScreen:
    """A new screen for a workspace area."""
    return AREA_SCREENS[area](workspace_id, workspace_title)


def item_screen(kind: str, item_id: str, workspace_id: str, workspace_title: str) -> AtbScreen:
    """A new screen for one item."""
    return ITEM_SCREENS[kind](workspace_id, workspace_title, item_id)

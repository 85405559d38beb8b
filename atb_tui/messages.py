"""Typed navigation messages: screens and widgets say where the user wants to go; the app
alone decides how to get there (push, replace, pop), in one place (`AtbApp`'s handlers).

A screen posts one of these (`self.post_message(OpenItem("batch", batch.id, batch.name))`); it
bubbles to the app. Screens never push, switch or pop full screens themselves; dialogs are not
navigation: a screen awaits its own dialog with `push_screen_wait` inside a worker.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from textual.message import Message
from textual.screen import Screen


@dataclass
class OpenWorkspace(Message):
    """A workspace's home (its areas)."""

    workspace_id: str
    title: str


@dataclass
class OpenArea(Message):
    """One area of the current workspace: batches, datasets, studies, collections, monitor."""

    area: str


@dataclass
class OpenItem(Message):
    """One item's screen (a key of `screens.navigation.ITEM_SCREENS`: batch, study …)."""

    kind: str
    item_id: str
    name: str = ""  # makes the recent-places entry readable
    replace: bool = False  # take the place of the posting screen (a form that made the item)
    # (id, title) of the item's workspace, used when the app has none open (a form pushed alone)
    workspace: tuple[str, str] | None = None


@dataclass
class OpenPanel(Message):
    """A panel of a batch or a collection (e.g. its export jobs)."""

    panel: str
    kind: str  # "batch" or "collection"
    object_id: str
    title: str = ""


@dataclass
class OpenExportFile(Message):
    """A downloaded export ZIP in the response viewer, offline."""

    path: Path


@dataclass
class OpenChild(Message):
    """A full screen that belongs to the posting one (an editor, a form, a detail row) and is
    built from objects that screen holds; the app pushes it like any other."""

    screen: Screen[Any]


@dataclass
class Back(Message):
    """Leave the current full screen (a form that is done, an editor the user left)."""

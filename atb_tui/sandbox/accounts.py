"""Workspaces and projects: the containers everything else lives in."""

from __future__ import annotations

from atb_tui.sandbox.model import Project, Workspace
from atb_tui.sandbox.world import World


def add_workspace(
    world: World, title: str, currency: str, funds: int, description: str = ""
) -> Workspace:
    """A new workspace owned by the user, with ``funds`` (minor units) deposited."""
    space = Workspace(
        world.new_object_id(),
        title,
        description,
        world.user.id,
        currency,
        funds,
        world.now,
        world.new_object_id(),
    )
    world.workspaces[space.id] = space
    return space


def add_project(world: World, space: Workspace, title: str, description: str = "") -> Project:
    """A new private project in ``space``."""
    item = Project(world.new_object_id(), space.id, title, description, world.user.id, world.now)
    world.projects[item.id] = item
    return item

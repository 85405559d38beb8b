"""The signed-in user, workspaces and projects."""

from __future__ import annotations

from atb_tui.api._pagination import fetch_all
from atb_tui.api.models.accounts import Project, User, Workspace, WorkspaceBalance
from atb_tui.api.resources._base import Resource, parse_as, seg


class Users(Resource):
    """``/api/v1/users/``"""

    async def me(self) -> User:
        """The researcher the token belongs to (also a cheap way to check a token)."""
        response = await self._requester.request("GET", "/api/v1/users/me/")
        return parse_as(response, User)


class Workspaces(Resource):
    """``/api/v1/workspaces/``"""

    async def list(self) -> list[Workspace]:
        """Every workspace the researcher belongs to."""
        return await fetch_all(self._requester, "/api/v1/workspaces/", Workspace)

    async def get(self, workspace_id: str) -> Workspace:
        """One workspace, with its projects."""
        path = f"/api/v1/workspaces/{seg(workspace_id, 'workspace_id')}/"
        return parse_as(await self._requester.request("GET", path), Workspace)

    async def balance(self, workspace_id: str) -> WorkspaceBalance:
        """The money in a workspace (minor units)."""
        path = f"/api/v1/workspaces/{seg(workspace_id, 'workspace_id')}/balance/"
        return parse_as(await self._requester.request("GET", path), WorkspaceBalance)


class Projects(Resource):
    """``/api/v1/workspaces/{id}/projects/``"""

    async def list(self, workspace_id: str) -> list[Project]:
        """Every project of a workspace."""
        path = f"/api/v1/workspaces/{seg(workspace_id, 'workspace_id')}/projects/"
        return await fetch_all(self._requester, path, Project)

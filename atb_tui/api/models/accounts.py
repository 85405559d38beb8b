"""The researcher, their workspaces (with balances) and projects."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from atb_tui.api.models._base import MinorUnits, ResponseModel


class User(ResponseModel):
    """The researcher the token belongs to. Balances are in minor units."""

    id: str
    email: str | None = None
    name: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    username: str | None = None
    user_type: str | None = None
    currency_code: str | None = None
    balance: MinorUnits | None = None
    available_balance: MinorUnits | None = None


class WorkspaceUser(ResponseModel):
    """A member of a workspace or project."""

    id: str
    name: str | None = None
    email: str | None = None
    roles: list[str] = Field(default_factory=list)


class Project(ResponseModel):
    """A project inside a workspace (studies belong to projects)."""

    id: str
    title: str
    description: str | None = None
    owner: str | None = None
    type: str | None = None
    public_details: dict[str, Any] | None = None
    users: list[WorkspaceUser] = Field(default_factory=list)
    naivety_distribution_rate: float | None = None
    workspace: str | None = None


class Workspace(ResponseModel):
    """A workspace: where datasets, batches and money live."""

    id: str
    title: str
    description: str | None = None
    owner: str | None = None
    users: list[WorkspaceUser] = Field(default_factory=list)
    projects: list[Project] | None = None
    wallet: str | None = None
    naivety_distribution_rate: float | None = None


class BalanceBreakdown(ResponseModel):
    """Funds for participant rewards, Prolific's fees and VAT on the fees."""

    rewards: MinorUnits | None = None
    fees: MinorUnits | None = None
    vat: MinorUnits | None = None


class WorkspaceBalance(ResponseModel):
    """Money in a workspace, in minor units of ``currency_code``."""

    currency_code: str | None = None
    total_balance: MinorUnits | None = None
    balance_breakdown: BalanceBreakdown | None = None
    available_balance: MinorUnits | None = None
    available_balance_breakdown: BalanceBreakdown | None = None

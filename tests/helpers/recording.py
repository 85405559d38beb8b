"""Which client methods a test ran: every public resource method is wrapped to log its name."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any

from atb_tui.api import ProlificClient
from atb_tui.api.resources._base import Resource


def resources(client: ProlificClient) -> dict[str, Resource]:
    """The client's resource objects by attribute name (``batches``, ``studies``, ...)."""
    return {name: value for name, value in vars(client).items() if isinstance(value, Resource)}


def public_methods(resource: Resource) -> list[str]:
    """Names of the resource's public methods (its endpoints)."""
    return [
        name
        for name, member in inspect.getmembers(type(resource), inspect.isfunction)
        if not name.startswith("_")
    ]


def every_method(client: ProlificClient) -> set[str]:
    """``"batches.create"``-style names of every public resource method."""
    return {
        f"{attr}.{name}" for attr, res in resources(client).items() for name in public_methods(res)
    }


def record_calls(client: ProlificClient) -> set[str]:
    """Wrap every public resource method of ``client``; the returned set fills as they run."""
    called: set[str] = set()
    for attr, resource in resources(client).items():
        for name in public_methods(resource):
            original = getattr(resource, name)
            setattr(resource, name, _wrapped(original, f"{attr}.{name}", called))
    return called


def _wrapped(original: Callable[..., Any], label: str, called: set[str]) -> Callable[..., Any]:
    if inspect.iscoroutinefunction(original):

        @functools.wraps(original)
        async def async_call(*args: Any, **kwargs: Any) -> Any:
            called.add(label)
            return await original(*args, **kwargs)

        return async_call

    @functools.wraps(original)
    def call(*args: Any, **kwargs: Any) -> Any:
        called.add(label)
        return original(*args, **kwargs)

    return call

"""Async client for Prolific's REST API (AI Task Builder). Knows nothing of Textual.

    async with ProlificClient() as client:          # token from PROLIFIC_TOKEN
        batch = await client.batches.get(batch_id)

Models live in ``atb_tui.api.models``; every error is a ``ProlificError``.

The names below are imported on first use (PEP 562): importing the package, or a light
module of it such as ``atb_tui.api.errors``, must not build the client and its pydantic
models, so ``atb-tui --version`` and the app's first frame do not wait for them.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from atb_tui.api.client import ProlificClient
    from atb_tui.api.errors import (
        APIConnectionError,
        APIStatusError,
        APITimeoutError,
        AuthenticationError,
        BadRequestError,
        BatchItemIssue,
        BatchItemsError,
        ConfigurationError,
        ConflictError,
        InsecureURLError,
        LocalFileError,
        MalformedResponseError,
        MissingTokenError,
        NotFoundError,
        OutcomeUnknownError,
        PermissionDeniedError,
        PresignedURLError,
        ProlificError,
        RateLimitError,
        ServerError,
        UnprocessableError,
    )
    from atb_tui.api.retry import RetryPolicy
    from atb_tui.api.status import ConnectionStatus

_ERRORS = (
    "APIConnectionError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "BatchItemIssue",
    "BatchItemsError",
    "ConfigurationError",
    "ConflictError",
    "InsecureURLError",
    "LocalFileError",
    "MalformedResponseError",
    "MissingTokenError",
    "NotFoundError",
    "OutcomeUnknownError",
    "PermissionDeniedError",
    "PresignedURLError",
    "ProlificError",
    "RateLimitError",
    "ServerError",
    "UnprocessableError",
)
# Which module defines each public name.
_HOMES: dict[str, str] = {
    "ProlificClient": "atb_tui.api.client",
    "RetryPolicy": "atb_tui.api.retry",
    "ConnectionStatus": "atb_tui.api.status",
    **dict.fromkeys(_ERRORS, "atb_tui.api.errors"),
}

__all__ = [
    "APIConnectionError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "BatchItemIssue",
    "BatchItemsError",
    "ConfigurationError",
    "ConflictError",
    "ConnectionStatus",
    "InsecureURLError",
    "LocalFileError",
    "MalformedResponseError",
    "MissingTokenError",
    "NotFoundError",
    "OutcomeUnknownError",
    "PermissionDeniedError",
    "PresignedURLError",
    "ProlificClient",
    "ProlificError",
    "RateLimitError",
    "RetryPolicy",
    "ServerError",
    "UnprocessableError",
]


def __getattr__(name: str) -> object:
    """Import a public name's module the first time the name is used."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(home), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])

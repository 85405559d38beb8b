"""Async client for Prolific's REST API (AI Task Builder). Knows nothing of Textual.

    async with ProlificClient() as client:          # token from PROLIFIC_TOKEN
        batch = await client.batches.get(batch_id)

Models live in ``atb_tui.api.models``; every error is a ``ProlificError``.
"""

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

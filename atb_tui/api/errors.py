"""Every error the client raises: one base class with a human title and message.

``str(error)`` is ready to show to a user. HTTP errors carry ``status_code``, the
``endpoint`` (``"GET /api/v1/..."``) and, for validation errors, ``field_errors``.
No error message ever contains the API token.
"""

from __future__ import annotations

from dataclasses import dataclass


class ProlificError(Exception):
    """Base of every error raised by ``atb_tui.api``."""

    default_title = "Prolific error"

    def __init__(self, message: str, *, title: str | None = None, status_code: int | None = None):
        super().__init__(message)
        self.message = message
        self.title = title or self.default_title
        self.status_code = status_code

    def __str__(self) -> str:
        return f"{self.title}: {self.message}"


class ConfigurationError(ProlificError):
    """The client cannot be created as configured (token or URL)."""

    default_title = "Configuration error"


class MissingTokenError(ConfigurationError):
    """No usable API token was given or found in ``PROLIFIC_TOKEN``."""

    default_title = "No API token"


class InsecureURLError(ConfigurationError):
    """A plain ``http://`` URL for a host that is not loopback."""

    default_title = "Insecure URL"


class LocalFileError(ProlificError):
    """A local file could not be read or written (upload source, download target)."""

    default_title = "File error"


class APIStatusError(ProlificError):
    """Prolific answered with an error status."""

    default_title = "Request failed"

    def __init__(
        self,
        message: str,
        *,
        status_code: int,
        endpoint: str,
        title: str | None = None,
        field_errors: dict[str, list[str]] | None = None,
        error_code: int | None = None,
    ):
        super().__init__(message, title=title, status_code=status_code)
        self.endpoint = endpoint
        self.field_errors: dict[str, list[str]] = field_errors or {}
        self.error_code = error_code


class BadRequestError(APIStatusError):
    """400: the request was refused; ``field_errors`` says which fields are wrong."""

    default_title = "Bad request"


class AuthenticationError(APIStatusError):
    """401: the token is missing, wrong or revoked."""

    default_title = "Not signed in"


class PermissionDeniedError(APIStatusError):
    """403: no access to the workspace, or the feature is not enabled for it."""

    default_title = "Permission denied"

    @property
    def feature_not_enabled(self) -> bool:
        """True when Prolific says the feature (e.g. Collections) is not enabled."""
        return "permission to access this feature" in self.message.lower()


class NotFoundError(APIStatusError):
    """404: the object does not exist, or you cannot see it."""

    default_title = "Not found"


class ConflictError(APIStatusError):
    """409: the object is busy (e.g. an import or schema migration is running)."""

    default_title = "Conflict"


class UnprocessableError(APIStatusError):
    """422: the request is well-formed but invalid."""

    default_title = "Invalid request"


@dataclass(frozen=True, slots=True)
class BatchItemIssue:
    """One problem in a ``batch_items`` layout; positions are zero-based as the API sends them."""

    page: int
    row: int
    column: int
    item: int
    type: str
    message: str
    field: str | None = None

    @property
    def location(self) -> str:
        """Where the problem is, counted from one for people."""
        positions = zip(("page", "row", "column", "item"), self._indices(), strict=True)
        return ", ".join(f"{name} {index + 1}" for name, index in positions)

    def _indices(self) -> tuple[int, int, int, int]:
        return self.page, self.row, self.column, self.item

    def __str__(self) -> str:
        subject = f"{self.type} '{self.field}'" if self.field else self.type
        return f"{self.location} ({subject}): {self.message}"


class BatchItemsError(UnprocessableError):
    """422 ``INVALID_BATCH_ITEMS``: the layout has problems, each located in ``issues``."""

    default_title = "Invalid batch layout"

    def __init__(self, message: str, *, issues: list[BatchItemIssue], endpoint: str):
        super().__init__(message, status_code=422, endpoint=endpoint)
        self.issues = issues


class RateLimitError(APIStatusError):
    """429: too many requests; ``retry_after`` is the server's wait in seconds, if given."""

    default_title = "Rate limited"

    def __init__(self, message: str, *, endpoint: str, retry_after: float | None):
        super().__init__(message, status_code=429, endpoint=endpoint)
        self.retry_after = retry_after


class ServerError(APIStatusError):
    """5xx: Prolific failed (after retries, for the statuses that are retried)."""

    default_title = "Prolific server error"


class APIConnectionError(ProlificError):
    """Prolific could not be reached (DNS, refused connection, dropped connection)."""

    default_title = "Connection failed"

    def __init__(self, message: str, *, endpoint: str):
        super().__init__(message)
        self.endpoint = endpoint


class APITimeoutError(APIConnectionError):
    """Prolific did not answer in time."""

    default_title = "Timed out"


class OutcomeUnknownError(ProlificError):
    """A request that creates or changes something lost its connection after it was sent.

    It may or may not have taken effect, so it was not repeated: re-read the current state
    (e.g. list the batches) before trying again, or you may create a duplicate.
    """

    default_title = "Outcome unknown"

    def __init__(self, message: str, *, endpoint: str):
        super().__init__(message)
        self.endpoint = endpoint


class InvalidRejectionError(ProlificError, ValueError):
    """A rejection this client refuses to send: unknown category or a message too short."""

    default_title = "Rejection incomplete"


class MalformedResponseError(ProlificError):
    """Prolific answered with a body this client cannot read (not JSON, or the wrong shape)."""

    default_title = "Unexpected response"

    def __init__(self, message: str, *, endpoint: str, status_code: int | None = None):
        super().__init__(message, status_code=status_code)
        self.endpoint = endpoint


class PresignedURLError(ProlificError):
    """An upload to, or download from, a presigned storage URL failed."""

    default_title = "Transfer failed"

"""The app's log: a rotating file in the config directory, with every secret redacted.

The terminal belongs to Textual, so nothing is logged there. A filter on the file handler
rewrites each record before it is formatted: `Authorization: …` headers, `Token …` /
`Bearer …` credentials, `PROLIFIC_TOKEN=…`, presigned-URL signatures, and the exact token
values registered with `register_secret` (the profile store registers every token it
reads or saves) all become [REDACTED], including inside tracebacks.
"""

from __future__ import annotations

import contextlib
import logging
import logging.handlers
import os
import re
import threading
from io import TextIOWrapper
from pathlib import Path

from atb_tui.storage.atomic import PRIVATE_FILE_MODE, ensure_private_dir
from atb_tui.storage.errors import StorageError, describe_os_error
from atb_tui.storage.paths import log_path

REDACTED = "[REDACTED]"
LOG_MAX_BYTES = 1_000_000
LOG_BACKUPS = 3
# Shorter values would redact ordinary words everywhere; no real token is this short.
MIN_SECRET_LENGTH = 6

_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(?i)(authorization[\"']?\s*[:=]\s*[\"']?)[^\"'\r\n,}]+"), rf"\g<1>{REDACTED}"),
    # Capitalised only, with a credential-like value, so prose such as "token expired" stays.
    (re.compile(r"\b(Token|Bearer)([ \t]+)[A-Za-z0-9._~+/=-]{8,}"), rf"\g<1>\g<2>{REDACTED}"),
    (re.compile(r"(?i)(prolific_token[\"']?\s*[:=]\s*[\"']?)[^\s\"',}]+"), rf"\g<1>{REDACTED}"),
    (
        re.compile(
            r"(?i)\b(X-Amz-Signature|X-Amz-Credential|X-Amz-Security-Token|Signature)=[^&\s\"']+"
        ),
        rf"\g<1>={REDACTED}",
    ),
)

_secrets: set[str] = set()
_secrets_lock = threading.Lock()
_handler: logging.Handler | None = None


def register_secret(value: str) -> None:
    """Redact this exact value from every log record from now on."""
    cleaned = value.strip()
    if len(cleaned) >= MIN_SECRET_LENGTH:
        with _secrets_lock:
            _secrets.add(cleaned)


def redact(text: str) -> str:
    """The text with registered secrets and credential-looking fragments replaced."""
    with _secrets_lock:
        secrets = sorted(_secrets, key=len, reverse=True)
    for secret in secrets:  # longest first, so a secret containing another goes whole
        text = text.replace(secret, REDACTED)
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


class RedactingFilter(logging.Filter):
    """Rewrites a record's message, traceback and stack so no secret reaches any output."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = redact(_message_of(record))
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


class _PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """Log files are 0600: they hold ids and URLs of the user's projects."""

    def _open(self) -> TextIOWrapper:
        stream = super()._open()
        with contextlib.suppress(OSError):
            os.chmod(self.baseFilename, PRIVATE_FILE_MODE)
        return stream


def configure_logging(level: str | int = "INFO", *, path: Path | None = None) -> Path:
    """Send all logging (root logger) to the rotating file; returns its path.

    Calling it again replaces the previous handler. Raises StorageError when the file
    cannot be opened or the level is unknown.
    """
    target = path if path is not None else log_path()
    handler = _open_handler(target)
    root = logging.getLogger()
    try:
        root.setLevel(level.upper() if isinstance(level, str) else level)
    except ValueError as error:
        handler.close()
        raise StorageError(f"unknown log level {level!r}") from error
    shutdown_logging()
    root.addHandler(handler)
    _remember_handler(handler)
    logging.captureWarnings(True)  # warnings would otherwise print over the UI
    return target


def shutdown_logging() -> None:
    """Detach and close the handler installed by configure_logging (no-op if none)."""
    global _handler
    if _handler is not None:
        logging.getLogger().removeHandler(_handler)
        _handler.close()
        _handler = None


def _open_handler(target: Path) -> logging.Handler:
    try:
        ensure_private_dir(target.parent)
        handler = _PrivateRotatingFileHandler(
            target, maxBytes=LOG_MAX_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8"
        )
    except OSError as error:
        raise StorageError(
            f"cannot open the log file {target}: {describe_os_error(error)}"
        ) from error
    handler.addFilter(RedactingFilter())
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)-7s %(name)s: %(message)s"))
    return handler


def _remember_handler(handler: logging.Handler) -> None:
    global _handler
    _handler = handler


def _message_of(record: logging.LogRecord) -> str:
    try:
        return record.getMessage()
    except Exception:  # a malformed log call must neither crash nor leak its arguments unredacted
        return f"{record.msg!r} (unformattable arguments)"

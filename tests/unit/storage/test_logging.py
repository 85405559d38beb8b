"""The log goes to a private file, never the terminal, and never contains a secret."""

from __future__ import annotations

import logging
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

from atb_tui.storage.errors import StorageError
from atb_tui.storage.logging_setup import (
    configure_logging,
    redact,
    register_secret,
    shutdown_logging,
)
from atb_tui.storage.profiles import Profile, ProfileStore
from tests.helpers.files import mode_of, posix_only

logger = logging.getLogger("atb_tui.test")


@pytest.fixture
def log_file() -> Iterator[Path]:
    root = logging.getLogger()
    level = root.level
    # Another test in this worker may have left warnings captured: then configure_logging's
    # captureWarnings(True) is a no-op and pytest's own per-test recorder keeps the warning.
    logging.captureWarnings(False)
    path = configure_logging("DEBUG")
    yield path
    shutdown_logging()
    logging.captureWarnings(False)
    root.setLevel(level)


def flushed(path: Path) -> str:
    for handler in logging.getLogger().handlers:
        handler.flush()
    return path.read_text(encoding="utf-8")


def test_the_log_lives_in_the_config_dir(root: Path, log_file: Path) -> None:
    logger.info("hello from the test")
    assert log_file == root / "atb-tui.log"
    assert "INFO    atb_tui.test: hello from the test" in flushed(log_file)


@posix_only
def test_the_log_file_is_private(log_file: Path) -> None:
    logger.info("x")
    assert mode_of(log_file) == 0o600


def test_nothing_reaches_the_terminal(log_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    logger.error("an error")
    warnings.warn("a warning", UserWarning, stacklevel=1)
    captured = capsys.readouterr()
    assert (captured.out, captured.err) == ("", "")
    assert "a warning" in flushed(log_file)


def test_configuring_twice_does_not_duplicate_lines(log_file: Path) -> None:
    configure_logging("INFO")
    logger.info("once")
    assert flushed(log_file).count("once") == 1


def test_unknown_level_is_a_clear_error(log_file: Path) -> None:
    with pytest.raises(StorageError, match="unknown log level 'LOUD'"):
        configure_logging("LOUD")


@pytest.mark.parametrize(
    ("line", "secret"),
    [
        ("sending Authorization: Token ab12cd34ef56gh78", "ab12cd34ef56gh78"),
        ("headers={'authorization': 'Token ab12cd34ef56gh78', 'x': 1}", "ab12cd34ef56gh78"),
        ('{"Authorization": "Bearer ab12cd34ef56gh78"}', "ab12cd34ef56gh78"),
        ("retrying with Token zz99yy88xx77", "zz99yy88xx77"),
        ("env PROLIFIC_TOKEN=abcdefgh12345", "abcdefgh12345"),
        ("PUT https://s3/x.csv?X-Amz-Credential=AKIA1&X-Amz-Signature=deadbeef99", "deadbeef99"),
    ],
)
def test_credential_shapes_are_redacted(log_file: Path, line: str, secret: str) -> None:
    logger.info(line)
    logger.info("formatted later: %s", line)
    text = flushed(log_file)
    assert secret not in text
    assert text.count("[REDACTED]") >= 2


def test_registered_tokens_are_redacted_anywhere(log_file: Path) -> None:
    register_secret("opaque-registered-value-42")
    logger.warning("odd place opaque-registered-value-42 in %s", "a message")
    logger.debug("args too: %r", {"t": "opaque-registered-value-42"})
    assert "opaque-registered-value-42" not in flushed(log_file)


def test_tracebacks_are_redacted(log_file: Path) -> None:
    try:
        raise RuntimeError("request failed with Authorization: Token qwertyuiop123456")
    except RuntimeError:
        logger.exception("request failed")
    text = flushed(log_file)
    assert "qwertyuiop123456" not in text
    assert "RuntimeError" in text
    assert "Traceback" in text


def test_tokens_saved_in_a_profile_are_redacted(log_file: Path) -> None:
    ProfileStore().save(Profile("work"), token="PlainLookingSecret")
    logger.info("whoops, logged the raw value PlainLookingSecret")
    assert "PlainLookingSecret" not in flushed(log_file)


def test_ordinary_prose_is_left_alone() -> None:
    message = "token expired; Token missing; 403 for workspace ws1"
    assert redact(message) == message


def test_a_broken_log_call_is_logged_not_raised(log_file: Path) -> None:
    logger.info("two args %s %s", "Token ab12cd34ef56gh78")
    text = flushed(log_file)
    assert "unformattable arguments" in text
    assert "ab12cd34ef56gh78" not in text


def test_an_unwritable_log_location_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(StorageError, match="cannot open the log file"):
        configure_logging(path=blocker / "atb-tui.log")

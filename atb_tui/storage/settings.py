"""settings.toml: hand-edited by the user, read by the app, never rewritten by it.

Every problem becomes a warning that names the file, the line when it can be found, the
setting and the value used instead; loading itself never raises. Only
`write_settings_template` writes, and only when no file exists yet.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from difflib import get_close_matches
from pathlib import Path
from typing import Any

from atb_tui.storage.atomic import create_exclusively
from atb_tui.storage.errors import StorageError, describe_os_error
from atb_tui.storage.paths import settings_path

MIN_REFRESH_SECONDS = 1.0
MAX_REFRESH_SECONDS = 300.0
_MAX_SHOWN = 40


@dataclass(frozen=True)
class Settings:
    """What the user can set by hand. Defaults are what a missing file means."""

    refresh_interval: float = 5.0  # seconds between polls while something is live
    theme: str = "textual-dark"  # any Textual theme name; the app checks it exists
    keymap: dict[str, str] = field(default_factory=dict)  # binding id -> "key" or "key1,key2"
    bell: bool = False  # ring the terminal bell when a batch or study finishes


class _BadValue(ValueError):
    """A setting's value is unusable; the message says what was expected."""


SETTINGS_TEMPLATE = """\
# atb-tui settings. Edit by hand; atb-tui reads this file and never rewrites it.
# Remove the leading '#' of a line to change that setting.

# Seconds between refreshes while something is processing or live (1 to 300).
# refresh_interval = 5

# Any Textual theme, e.g. "textual-dark", "textual-light", "nord", "gruvbox".
# theme = "textual-dark"

# Ring the terminal bell when a batch or dataset finishes or a study completes.
# bell = false

# Remap keys by binding id (see `?` in the app). Several keys: "ctrl+q,q".
# [keymap]
# "app.quit" = "ctrl+q"
"""


def load_settings(path: Path | None = None) -> tuple[Settings, list[str]]:
    """The settings in `path` (default: the config dir's settings.toml) and any warnings.

    A missing file gives defaults and no warning; nothing here raises.
    """
    target = settings_path() if path is None else path
    try:
        raw = target.read_bytes()
    except FileNotFoundError:
        return Settings(), []
    except OSError as error:
        reason = describe_os_error(error)
        return Settings(), [f"{target} cannot be read ({reason}); using default settings"]
    return parse_settings(raw, source=target.name)


def parse_settings(raw: bytes | str, source: str = "settings.toml") -> tuple[Settings, list[str]]:
    """Settings from TOML text or bytes, with warnings; never raises."""
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            return Settings(), [
                f"{source} is not UTF-8 text (byte {error.start}); using default settings"
            ]
    import tomllib  # only with a settings file: most starts have none (start-up time)

    try:
        document = tomllib.loads(raw)
    except (tomllib.TOMLDecodeError, RecursionError, ValueError) as error:
        return Settings(), [
            f"{source}{_syntax_location(error)}: {_syntax_problem(error)}; using default settings"
        ]
    return _settings_from(document, raw, source)


def write_settings_template(path: Path | None = None) -> bool:
    """Create a fully commented settings file if none exists; True if one was created.

    An existing file is never touched. Raises StorageError when it cannot be written.
    """
    target = settings_path() if path is None else path
    try:
        return create_exclusively(target, SETTINGS_TEMPLATE)
    except OSError as error:
        raise StorageError(f"could not create {target}: {describe_os_error(error)}") from error


@dataclass
class _Report:
    """Where the text being read came from, and the warnings found so far."""

    source: str
    text: str
    warnings: list[str] = field(default_factory=list)

    def where(self, key: str, *, within: str | None = None) -> str:
        """'settings.toml line N' for the line defining `key` (inside table `within`)."""
        start = 0
        if within is not None:
            header = _line_pattern(within, header=True).search(self.text)
            start = header.end() if header else 0
        match = _line_pattern(key, header=False).search(self.text, start)
        match = match or _line_pattern(key, header=True).search(self.text, start)
        if match is None:
            return self.source
        return f"{self.source} line {self.text.count(chr(10), 0, match.start()) + 1}"

    def warn(self, message: str) -> None:
        self.warnings.append(message)


def _settings_from(document: dict[str, Any], text: str, source: str) -> tuple[Settings, list[str]]:
    report = _Report(source, text)
    values: dict[str, Any] = {}
    for key, value in document.items():
        reader = _READERS.get(key)
        if reader is None:
            report.warn(f"{report.where(key)}: unknown setting {key!r} ignored{_suggestion(key)}")
            continue
        try:
            values[key] = reader(value, report)
        except _BadValue as error:
            default = getattr(Settings(), key)
            report.warn(
                f"{report.where(key)}: {key} {error}, not {_shown(value)}; "
                f"using the default ({default!r})"
            )
    return Settings(**values), report.warnings


def _read_refresh(value: object, report: _Report) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise _BadValue(
            f"must be a number of seconds between {MIN_REFRESH_SECONDS:g} "
            f"and {MAX_REFRESH_SECONDS:g}"
        )
    clamped = min(max(float(value), MIN_REFRESH_SECONDS), MAX_REFRESH_SECONDS)
    if clamped != value:
        report.warn(
            f"{report.where('refresh_interval')}: refresh_interval {value!r} is outside "
            f"{MIN_REFRESH_SECONDS:g} to {MAX_REFRESH_SECONDS:g} seconds; using {clamped:g}"
        )
    return clamped


def _read_theme(value: object, report: _Report) -> str:
    if not isinstance(value, str) or not value.strip() or len(value) > 100:
        raise _BadValue("must be the name of a theme, in quotes")
    return value.strip()


def _read_bell(value: object, report: _Report) -> bool:
    if not isinstance(value, bool):
        raise _BadValue("must be true or false")
    return value


def _read_keymap(value: object, report: _Report) -> dict[str, str]:
    if not isinstance(value, dict):
        raise _BadValue('must be a table like [keymap] with lines "binding.id" = "key"')
    keymap: dict[str, str] = {}
    for binding_id, keys in value.items():
        try:
            keymap[_binding_id(binding_id)] = _keys(keys)
        except _BadValue as error:
            where = report.where(binding_id, within="keymap")
            report.warn(f"{where}: keymap entry {_shown(binding_id)} ignored: {error}")
    return keymap


_Reader = Callable[[object, _Report], Any]
_READERS: dict[str, _Reader] = {
    "refresh_interval": _read_refresh,
    "theme": _read_theme,
    "bell": _read_bell,
    "keymap": _read_keymap,
}

_BINDING_ID = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.:-]{0,99}")
_KEY = re.compile(r"[^\s,]{1,40}")


def _binding_id(value: str) -> str:
    if not _BINDING_ID.fullmatch(value):
        raise _BadValue("binding ids look like app.quit (letters, digits, '.', '_', '-')")
    return value


def _keys(value: object) -> str:
    """'ctrl+q', 'ctrl+q, q' or ['ctrl+q', 'q'] -> 'ctrl+q,q' (Textual's form)."""
    parts = value if isinstance(value, list) else [value]
    texts = [part for part in parts if isinstance(part, str)]
    if not texts or len(texts) != len(parts):
        raise _BadValue('keys must be text such as "ctrl+q" or "ctrl+q,q"')
    keys = [key.strip() for text in texts for key in text.split(",")]
    if not all(_KEY.fullmatch(key) for key in keys):
        raise _BadValue(f'{_shown(value)} is not a key list such as "ctrl+q" or "ctrl+q,q"')
    return ",".join(keys)


def _line_pattern(key: str, *, header: bool) -> re.Pattern[str]:
    name = rf"[\"']?{re.escape(key)}[\"']?"
    if header:
        return re.compile(rf"^[ \t]*\[[ \t]*{name}[ \t]*\]", re.MULTILINE)
    return re.compile(rf"^[ \t]*{name}[ \t]*[=.]", re.MULTILINE)


def _suggestion(key: str) -> str:
    close = get_close_matches(key, list(_READERS), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _syntax_location(error: Exception) -> str:
    found = re.search(r"\(at line (\d+), column (\d+)\)", str(error))
    return f" line {found[1]}, column {found[2]}" if found else ""


def _syntax_problem(error: Exception) -> str:
    if isinstance(error, RecursionError):
        return "nested too deeply to read"
    message = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)", "", str(error))
    return f"not valid TOML ({message or 'syntax error'})"


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= _MAX_SHOWN else text[: _MAX_SHOWN - 1] + "…"

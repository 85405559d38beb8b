"""settings.toml: read only, every problem explained, safe defaults, never rewritten."""

from __future__ import annotations

import os
from dataclasses import fields
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from atb_tui.storage import settings as settings_module
from atb_tui.storage.settings import (
    SETTINGS_TEMPLATE,
    Settings,
    load_settings,
    parse_settings,
    write_settings_template,
)


def write_settings(root: Path, content: str | bytes) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    path = root / "settings.toml"
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return path


def test_a_missing_file_means_defaults_without_warnings() -> None:
    assert load_settings() == (Settings(), [])


def test_every_setting_has_a_reader() -> None:
    assert set(settings_module._READERS) == {field.name for field in fields(Settings)}


def test_a_valid_file_is_read(root: Path) -> None:
    write_settings(
        root,
        'refresh_interval = 2.5\ntheme = "nord"\nbell = true\n\n[keymap]\n'
        '"app.quit" = "ctrl+q, q"\n"screen.filter" = ["slash", "ctrl+f"]\n',
    )
    loaded, warnings = load_settings()
    assert warnings == []
    assert loaded == Settings(
        refresh_interval=2.5,
        theme="nord",
        bell=True,
        keymap={"app.quit": "ctrl+q,q", "screen.filter": "slash,ctrl+f"},
    )


def test_wrong_types_name_the_line_and_keep_the_default(root: Path) -> None:
    path = write_settings(root, 'theme = "nord"\n\nrefresh_interval = "fast"\nbell = "yes"\n')
    loaded, warnings = load_settings(path)
    assert loaded == Settings(theme="nord")
    assert warnings == [
        "settings.toml line 3: refresh_interval must be a number of seconds between 1 and 300, "
        "not 'fast'; using the default (5.0)",
        "settings.toml line 4: bell must be true or false, not 'yes'; using the default (False)",
    ]


@pytest.mark.parametrize(("given_value", "used"), [("0", 1.0), ("0.2", 1.0), ("9999", 300.0)])
def test_refresh_interval_is_clamped_with_a_warning(given_value: str, used: float) -> None:
    loaded, warnings = parse_settings(f"refresh_interval = {given_value}")
    assert loaded.refresh_interval == used
    assert "outside 1 to 300 seconds" in warnings[0]


@pytest.mark.parametrize("value", ["nan", "inf", "true", "[]", '""'])
def test_refresh_interval_rejects_non_numbers(value: str) -> None:
    loaded, warnings = parse_settings(f"refresh_interval = {value}")
    assert loaded.refresh_interval == 5.0
    assert "must be a number of seconds" in warnings[0]


def test_unknown_settings_are_reported_with_a_suggestion() -> None:
    loaded, warnings = parse_settings("refresh_intervall = 3\n")
    assert loaded == Settings()
    assert warnings == [
        "settings.toml line 1: unknown setting 'refresh_intervall' ignored "
        "(did you mean 'refresh_interval'?)"
    ]


def test_bad_keymap_entries_are_skipped_one_by_one() -> None:
    text = (
        '[keymap]\n"app.quit" = "ctrl+q"\n"bad id" = "x"\n"app.help" = 3\n'
        '"app.palette" = "ctrl+p,,"\n"app.back" = "escape"\n'
    )
    loaded, warnings = parse_settings(text)
    assert loaded.keymap == {"app.quit": "ctrl+q", "app.back": "escape"}
    assert [w.split(":")[0] for w in warnings] == [
        "settings.toml line 3",
        "settings.toml line 4",
        "settings.toml line 5",
    ]


def test_a_keymap_that_is_not_a_table_is_reported() -> None:
    loaded, warnings = parse_settings('keymap = "ctrl+q"')
    assert loaded.keymap == {}
    assert "keymap must be a table" in warnings[0]


def test_a_syntax_error_names_line_and_column(root: Path) -> None:
    path = write_settings(root, 'theme = "nord"\nbell = true\nrefresh_interval = = 3\n')
    loaded, warnings = load_settings(path)
    assert loaded == Settings()
    assert warnings == [
        "settings.toml line 3, column 20: not valid TOML (Invalid value); using default settings"
    ]


def test_invalid_utf8_is_reported(root: Path) -> None:
    path = write_settings(root, b'theme = "\xff\xfe"\n')
    loaded, warnings = load_settings(path)
    assert loaded == Settings()
    assert warnings == ["settings.toml is not UTF-8 text (byte 9); using default settings"]


def test_an_unreadable_file_is_reported(root: Path) -> None:
    (root / "settings.toml").mkdir(parents=True)
    loaded, warnings = load_settings()
    assert loaded == Settings()
    assert "cannot be read" in warnings[0]


def test_loading_never_modifies_the_file(root: Path) -> None:
    path = write_settings(root, "refresh_interval = = broken\n")
    before = (path.read_bytes(), os.stat(path).st_mtime_ns)
    load_settings(path)
    load_settings(path)
    assert (path.read_bytes(), os.stat(path).st_mtime_ns) == before
    assert [p.name for p in root.iterdir()] == ["settings.toml"]


def test_the_template_is_created_once_and_reads_as_defaults(root: Path) -> None:
    assert write_settings_template() is True
    assert load_settings() == (Settings(), [])
    (root / "settings.toml").write_text('theme = "mine"\n')
    assert write_settings_template() is False
    assert load_settings()[0].theme == "mine"


def test_the_template_documents_every_setting() -> None:
    for field in fields(Settings):
        assert field.name in SETTINGS_TEMPLATE


# --- properties ---------------------------------------------------------------------------

_KEYS = st.sampled_from(["refresh_interval", "theme", "bell", "keymap", "app.quit", "x", '"a b"'])
_VALUES = st.one_of(
    st.integers(-(10**30), 10**30).map(str),
    st.floats().map(repr),
    st.sampled_from(["true", "false", '"nord"', '""', "[]", '["a", 1]', "{}", '{ a = "b" }', "="]),
    st.text(max_size=12).map(lambda t: '"' + t + '"'),
    st.text(max_size=12),
)
_LINES = st.one_of(
    st.tuples(_KEYS, _VALUES).map(lambda kv: f"{kv[0]} = {kv[1]}"),
    st.sampled_from(["[keymap]", "[theme]", "# comment", "", "[[keymap]]"]),
)


def _check_invariants(loaded: Settings, warnings: list[str]) -> None:
    assert 1.0 <= loaded.refresh_interval <= 300.0
    assert isinstance(loaded.theme, str)
    assert loaded.theme
    assert isinstance(loaded.bell, bool)
    assert all(isinstance(k, str) and isinstance(v, str) and v for k, v in loaded.keymap.items())
    assert all(isinstance(w, str) and w.startswith("settings.toml") for w in warnings)


@settings(max_examples=100, deadline=None)
@given(st.lists(_LINES, max_size=8).map("\n".join))
def test_toml_like_text_never_raises(text: str) -> None:
    _check_invariants(*parse_settings(text))


@settings(max_examples=100, deadline=None)
@given(st.one_of(st.text(max_size=200), st.binary(max_size=200)))
def test_arbitrary_text_or_bytes_never_raise(raw: str | bytes) -> None:
    _check_invariants(*parse_settings(raw))

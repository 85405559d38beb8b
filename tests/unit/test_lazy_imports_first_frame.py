"""What the first frame does not wait for: screens it never shows and modules only a later step
needs are imported when first used (each case runs in a fresh interpreter)."""

from __future__ import annotations

import json
import subprocess
import sys

LATER = (
    "atb_tui.screens.api_log",
    "atb_tui.screens.sign_in",
    "atb_tui.screens.profiles",
    "atb_tui.screens.help",
    "atb_tui.screens.error",
    "atb_tui.screens.command_line",
    "atb_tui.screens.confirm_dialogs",
    "atb_tui.widgets.virtual_table",
    "atb_tui.logic.agreement",  # `atb-tui agreement` only
    "atb_tui.logic.money",  # balances arrive after the first frame
    "atb_tui.logic.jump",  # the `:` prompt
    "atb_tui.api.request_log",  # with the client, after the first frame
    "atb_tui.api.http_log",  # --http-log only
    "atb_tui.crash",  # a crash report
    "atb_tui.storage.drafts",  # the first editor
    "tomllib",  # only with a settings file
    "hashlib",  # draft file names
    "email.utils",  # the Date header, once a response arrives
)


def loaded_after(code: str) -> list[str]:
    """Which of LATER are loaded once `code` has run in a new interpreter."""
    probe = (
        f"{code}\nimport json, sys\nprint(json.dumps([m for m in {LATER!r} if m in sys.modules]))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120
    )
    loaded: list[str] = json.loads(done.stdout.splitlines()[-1])
    return loaded


def test_the_app_and_its_first_screen_leave_them_for_later() -> None:
    code = "import atb_tui.cli, atb_tui.app, atb_tui.screens.workspaces, atb_tui.session"
    assert loaded_after(code) == []


def test_the_command_line_is_built_without_them() -> None:
    assert loaded_after("from atb_tui.cli import build_parser\nbuild_parser()") == []


def test_the_screens_still_import_when_opened() -> None:
    assert loaded_after("import atb_tui.app, atb_tui.screens.api_log") == [
        "atb_tui.screens.api_log",
        "atb_tui.widgets.virtual_table",
        "atb_tui.api.request_log",
    ]

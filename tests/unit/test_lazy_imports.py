"""What start-up does not import: the client, its pydantic models and the sandbox wait until
something uses them (each case runs in a fresh interpreter, where sys.modules is honest)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

HEAVY = ("pydantic", "httpx", "atb_tui.api.models", "atb_tui.api.client", "atb_tui.sandbox")


def modules_after(code: str) -> list[str]:
    """The heavy modules loaded once `code` has run in a new interpreter."""
    probe = (
        f"{code}\nimport json, sys\n"
        f"print(json.dumps(sorted(m for m in sys.modules if m.startswith({HEAVY!r}))))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120
    )
    loaded: list[str] = json.loads(done.stdout.splitlines()[-1])
    return loaded


def test_the_api_package_and_the_app_import_no_client_models_or_sandbox() -> None:
    assert modules_after("import atb_tui.api, atb_tui.api.errors, atb_tui.cli, atb_tui.app") == []


def test_the_first_screen_imports_none_of_them_either() -> None:
    assert modules_after("import atb_tui.screens.workspaces, atb_tui.session") == []


def test_a_name_of_the_api_package_imports_its_module_on_first_use() -> None:
    loaded = modules_after("import atb_tui.api\natb_tui.api.ProlificClient")
    assert "atb_tui.api.client" in loaded
    assert "atb_tui.api.models" in loaded


def test_unknown_names_are_still_attribute_errors() -> None:
    import atb_tui.api

    with pytest.raises(AttributeError, match="NoSuchThing"):
        atb_tui.api.NoSuchThing  # type: ignore[attr-defined]  # noqa: B018
    assert "ProlificClient" in dir(atb_tui.api)

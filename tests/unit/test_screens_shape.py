"""The screens layer keeps one shape (issue 12): screens ask the app to navigate with typed
messages and await their dialogs; they never push, switch or pop full screens themselves, and
their CSS lives in styles/*.tcss. Checked on the source, so a new screen cannot drift."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

import atb_tui.screens

SCREENS = sorted(Path(atb_tui.screens.__file__).parent.glob("*.py"))
# Calls that move between full screens; only the app (app_navigation.py) makes them.
NAVIGATION_CALLS = {"switch_screen", "pop_screen", "open_item", "open_area", "open_workspace"}


def calls_in(path: Path) -> list[tuple[int, str]]:
    """(line, name) of every call of an attribute named like a navigation or push method."""
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            found.append((node.lineno, node.func.attr))
        # call_later(self.app.pop_screen) passes the method without calling it
        if isinstance(node, ast.Attribute) and node.attr in NAVIGATION_CALLS:
            found.append((node.lineno, node.attr))
    return found


@pytest.mark.parametrize("path", SCREENS, ids=lambda p: p.stem)
def test_screens_navigate_only_through_messages(path: Path) -> None:
    wrong = [(line, name) for line, name in calls_in(path) if name in NAVIGATION_CALLS]
    assert not wrong, f"{path.name} navigates itself (post a messages.py message): {wrong}"


def callback_pushes(path: Path) -> list[int]:
    """Lines that push a screen with an answer callback instead of awaiting it. `push_now` is
    the one exception: it pushes from the key's own handler (so typing that follows lands in
    the dialog) and hands the answer to a future the worker awaits."""
    lines = []
    for function in ast.walk(ast.parse(path.read_text())):
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        if function.name == "push_now":
            continue
        for node in ast.walk(function):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            waits = any(k.arg == "wait_for_dismiss" for k in node.keywords)
            if node.func.attr == "push_screen" and not waits:
                lines.append(node.lineno)
    return lines


@pytest.mark.parametrize("path", SCREENS, ids=lambda p: p.stem)
def test_screens_await_their_dialogs(path: Path) -> None:
    pushes = callback_pushes(path)
    assert not pushes, f"{path.name} pushes a screen with a callback at lines {pushes}"


@pytest.mark.parametrize("path", SCREENS, ids=lambda p: p.stem)
def test_navigation_goes_through_one_method(path: Path) -> None:
    posts = [line for line, name in calls_in(path) if name == "post_message"]
    text = path.read_text().splitlines()
    wrong = [line for line in posts if "Open" in text[line - 1] or "Back(" in text[line - 1]]
    assert not wrong, f"{path.name}: use self.navigate(...) at lines {wrong}"


@pytest.mark.parametrize("path", SCREENS, ids=lambda p: p.stem)
def test_screen_css_lives_in_tcss_files(path: Path) -> None:
    assert "DEFAULT_CSS" not in path.read_text(), f"{path.name}: move its CSS to styles/*.tcss"


def screen_classes() -> list[type[object]]:
    from textual.screen import Screen

    found = []
    for path in SCREENS:
        module = importlib.import_module(f"atb_tui.screens.{path.stem}")
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, Screen)
                and value.__module__ == module.__name__
            ):
                found.append(value)
    return found


def test_every_key_of_a_screen_has_its_action() -> None:
    """A binding whose action no one defines does nothing when pressed (Esc that cannot
    close a dialog): each screen's keys must reach a method of the screen or the app."""
    from atb_tui.app import AtbApp

    missing = []
    for cls in screen_classes():
        for binding in getattr(cls, "BINDINGS", []):
            action = binding.action if hasattr(binding, "action") else binding[1]
            name = action.split("(")[0]
            owner: type[object] = AtbApp if name.startswith("app.") else cls
            name = name.removeprefix("app.").removeprefix("screen.")
            if not hasattr(owner, f"action_{name}"):
                missing.append(f"{cls.__name__}: {action}")
    assert not missing, missing

"""Named screen states, shared by the snapshot tests and `make screenshots`.

Each `scenarios_*.py` module in this package registers its states with `@scenario`; the snapshot
test and the screenshot maker import them all, so the README shows exactly what the tests pin.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace

from textual.pilot import Pilot

from atb_tui.app import AtbApp
from tests.helpers.app import make_app
from tests.helpers.sandbox import make_sandbox

RunBefore = Callable[[Pilot[None]], Awaitable[None]]


def _default_app() -> AtbApp:
    return make_app(make_sandbox())


@dataclass(frozen=True)
class Scenario:
    """A reproducible state: how to build the app and which steps lead to the screen."""

    name: str
    caption: str
    run_before: RunBefore
    size: tuple[int, int] = (100, 30)
    build: Callable[[], AtbApp] = field(default=_default_app)


SCENARIOS: dict[str, Scenario] = {}


def scenario(
    name: str,
    caption: str,
    *,
    size: tuple[int, int] = (100, 30),
    build: Callable[[], AtbApp] = _default_app,
) -> Callable[[RunBefore], RunBefore]:
    """Register the decorated `run_before` coroutine under a unique name."""

    def register(run_before: RunBefore) -> RunBefore:
        assert name not in SCENARIOS, f"duplicate scenario {name}"
        SCENARIOS[name] = Scenario(name, caption, run_before, size, build)
        return run_before

    return register


def all_scenarios() -> list[Scenario]:
    """Every registered scenario, after importing every scenarios_* module."""
    import tests.snapshots as package

    for module in pkgutil.iter_modules(package.__path__):
        if module.name.startswith("scenarios_"):
            importlib.import_module(f"tests.snapshots.{module.name}")
    return sorted(SCENARIOS.values(), key=lambda s: s.name)


NARROW = (80, 24)


def narrow_copies(*names: str) -> None:
    """Register `<name>-80x24`: the same state on an 80x24 terminal."""
    for name in names:
        original = SCENARIOS[name]
        copy = replace(original, name=f"{name}-80x24", caption=f"{original.caption} (80x24)",
                       size=NARROW)  # fmt: skip
        SCENARIOS[copy.name] = copy

"""UI test harness: an app on an in-process sandbox with a manual clock (shared with snapshots)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from atb_tui.app import AtbApp
from atb_tui.sandbox import Sandbox
from tests.helpers.app import make_app


@pytest.fixture
def app_factory(sandbox: Sandbox) -> Callable[..., AtbApp]:
    def factory(**options: object) -> AtbApp:
        return make_app(sandbox, **options)

    return factory

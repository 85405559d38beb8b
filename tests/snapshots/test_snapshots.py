"""SVG snapshots of every registered screen state. Review the report before `--snapshot-update`."""

from __future__ import annotations

from typing import Any

import pytest

from tests.snapshots.scenarios import Scenario, all_scenarios

SCENARIOS = all_scenarios()


@pytest.mark.xdist_group("snapshots")
@pytest.mark.parametrize("state", SCENARIOS, ids=[s.name for s in SCENARIOS])
def test_screen_matches_snapshot(state: Scenario, snap_compare: Any) -> None:
    assert snap_compare(state.build(), run_before=state.run_before, terminal_size=state.size)

"""`atb-tui responses` writes the same bytes as `x` in the response viewer, for the same filter."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, OptionList

from atb_tui.sandbox import Sandbox
from tests.helpers.app import clocked_app
from tests.helpers.headless import WORKSPACE, run_headless_async
from tests.helpers.notices import told
from tests.helpers.responses import open_viewer
from tests.helpers.waits import wait_for

PILOT = "Sentiment - pilot"
FILTER = "answer=negative"


@pytest.mark.parametrize(
    ("downs", "fmt"), [(0, "csv"), (1, "wide-csv"), (2, "jsonl")]
)  # the viewer's formats in its list's order
async def test_the_same_bytes_as_the_viewers_export(
    sandbox: Sandbox, tmp_path: Path, downs: int, fmt: str
) -> None:
    from_viewer = tmp_path / "viewer.out"
    app = clocked_app(sandbox)
    async with app.run_test(size=(120, 35)) as pilot:
        screen = await open_viewer(pilot, PILOT)
        assert screen.apply_filter_text(FILTER)
        await wait_for(pilot, lambda: screen.state is not None and screen.state.query_text != "")
        await pilot.press("x")
        await wait_for(pilot, lambda: isinstance(app.focused, OptionList))
        await pilot.press(*["down"] * downs, "enter")
        await wait_for(pilot, lambda: isinstance(app.focused, Input))
        app.screen.query_one(Input).value = str(from_viewer)
        await pilot.press("enter")
        await wait_for(pilot, lambda: told(app, "Saved"))
    from_command = tmp_path / "command.out"
    argv = ("responses", PILOT, "--workspace", WORKSPACE, "--filter", FILTER, "--format", fmt)
    written = await run_headless_async(sandbox, *argv, "-o", str(from_command))
    assert written.code == 0, written.err
    expected = from_viewer.read_bytes()
    assert expected.count(b"\n") > 2  # a real export, not two empty files
    assert from_command.read_bytes() == expected
    printed = await run_headless_async(sandbox, *argv)
    assert printed.out.encode("utf-8") == expected

"""Pilot tests of saving files: the batch report goes to the downloads folder, is never
overwritten, and the app says where it went."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from atb_tui.app import AtbApp
from atb_tui.sandbox import Sandbox
from atb_tui.screens.batch_detail import BatchDetailScreen
from atb_tui.screens.confirm_dialogs import ChoiceScreen, PromptScreen
from atb_tui.screens.instruction_editor import InstructionEditorScreen
from tests.helpers.app import clocked_app, make_app
from tests.helpers.instructions import add_instruction, new_batch, open_editor, type_into
from tests.helpers.navigation import open_batch
from tests.helpers.notices import told
from tests.helpers.sandbox import make_sandbox
from tests.helpers.waits import wait_for

SIZE = (100, 30)


async def save_report_with_the_default(pilot: Pilot[None], app: AtbApp) -> Path:
    await pilot.press("R")
    await wait_for(pilot, lambda: app.screen.query("#path"))
    suggested = Path(app.screen.query_one("#path", Input).value)
    await pilot.press("enter")
    await wait_for(pilot, lambda: isinstance(app.screen, ChoiceScreen))
    dialog = app.screen
    assert isinstance(dialog, ChoiceScreen)
    assert dialog.message == f"Saved to {suggested}"
    await pilot.press("escape")
    await wait_for(pilot, lambda: isinstance(app.screen, BatchDetailScreen))
    return suggested


async def test_the_report_goes_to_downloads_and_is_never_overwritten(
    sandbox: Sandbox,
) -> None:
    downloads = Path(os.environ["ATB_TUI_DOWNLOADS_DIR"])
    app = clocked_app(sandbox)
    async with app.run_test(size=SIZE) as pilot:
        await open_batch(pilot, "Sentiment - pilot")
        first = await save_report_with_the_default(pilot, app)
        assert first == downloads / "Sentiment---pilot-report.csv"
        first.write_text("kept", encoding="utf-8")  # the user's edits to the first copy
        second = await save_report_with_the_default(pilot, app)
        assert second == downloads / "Sentiment---pilot-report-2.csv"
        assert first.read_text(encoding="utf-8") == "kept"
        assert second.stat().st_size > 1000
        assert sorted(p.name for p in downloads.iterdir()) == sorted([first.name, second.name])
        assert not list(Path.cwd().glob("report-*.csv"))


async def test_instruction_export_says_where_and_never_uses_the_start_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    downloads = Path(os.environ["ATB_TUI_DOWNLOADS_DIR"])
    sandbox = make_sandbox()
    batch_id = await new_batch(sandbox)
    app = make_app(sandbox)
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_editor(pilot, batch_id)
        await add_instruction(pilot, 1)
        await type_into(pilot, "description", "Summarise the review")
        editor.query_one("#instruction-list").focus()
        for _ in range(2):
            await pilot.press("e")
            await wait_for(pilot, lambda: isinstance(app.screen, PromptScreen))
            app.screen.query_one(Input).value = "template.json"  # a bare name
            await pilot.press("enter")
            await wait_for(pilot, lambda: isinstance(app.screen, InstructionEditorScreen))
        first, second = downloads / "template.json", downloads / "template-2.json"
        await wait_for(pilot, second.exists)
        assert first.exists()
        assert not (tmp_path / "template.json").exists()
        assert told(app, f"to {second}.")

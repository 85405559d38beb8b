"""Pilot tests of the exports screen against the sandbox: list, request, delete (and its 409),
the cap of 10, downloads that never overwrite or leave partial files, the ZIP in the viewer,
read-only profiles, and the monitor's line for a running export."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

from textual.widgets import Input

from atb_tui.app import AtbApp
from atb_tui.sandbox import Sandbox
from atb_tui.screens.confirm_dialogs import ChoiceScreen, PromptScreen
from atb_tui.screens.export_form import ExportFormDialog
from atb_tui.screens.monitor import MonitorScreen
from atb_tui.screens.responses_zip import ZipResponsesScreen
from atb_tui.storage.profiles import Profile, ProfileStore
from atb_tui.widgets.data_view import DataView
from tests.helpers.app import clocked_app
from tests.helpers.exports import (
    BATCH,
    exports_screen,
    finish_exports,
    open_exports,
    request_export,
)
from tests.helpers.navigation import open_workspace
from tests.helpers.notices import notice_texts
from tests.helpers.sandbox import item_named
from tests.helpers.screen import screen_text
from tests.helpers.waits import wait_for

SIZE = (120, 35)


def notes(app: AtbApp) -> str:
    return "\n".join(notice_texts(app))


async def choose(pilot, app: AtbApp, choice: str) -> None:  # type: ignore[no-untyped-def]
    await wait_for(pilot, lambda: isinstance(app.screen, ChoiceScreen))
    dialog = app.screen
    assert isinstance(dialog, ChoiceScreen)
    keys = [key for key, _ in dialog.choices]
    await pilot.press(*["down"] * keys.index(choice), "enter")


async def test_request_list_delete_and_the_409_while_generating(sandbox: Sandbox) -> None:
    app = clocked_app(sandbox)
    async with app.run_test(size=SIZE) as pilot:
        await open_exports(pilot)
        assert "No export jobs yet" in screen_text(app)
        await request_export(pilot, "2026-11-01", "2026-11-30")
        (job,) = sandbox.world.exports.values()
        assert job.parent_id == item_named(sandbox.world.batches, BATCH)
        assert job.status == "generating"
        assert job.from_at is not None
        assert job.to_at is not None
        await wait_for(pilot, lambda: "from 2026-11-01 · to 2026-11-30" in screen_text(app))
        assert "GENERATING" in screen_text(app)
        await pilot.press("x")
        await choose(pilot, app, "delete")
        await wait_for(pilot, lambda: "still being generated" in notes(app))
        assert len(sandbox.world.exports) == 1
        await finish_exports(pilot)
        await wait_for(pilot, lambda: "COMPLETE" in screen_text(app))
        await pilot.press("x")
        await choose(pilot, app, "delete")
        await wait_for(pilot, lambda: not sandbox.world.exports)
        await wait_for(pilot, lambda: "No export jobs yet" in screen_text(app))


async def test_the_form_refuses_a_backwards_window(sandbox: Sandbox) -> None:
    app = clocked_app(sandbox)
    async with app.run_test(size=SIZE) as pilot:
        await open_exports(pilot)
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, ExportFormDialog))
        await pilot.press(*"2026-11-30", "tab", *"2026-11-01", "ctrl+s")
        await wait_for(pilot, lambda: "To is before From" in screen_text(app))
        app.screen.query_one("#to", Input).value = "yesterday"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "is not a date" in screen_text(app))
        assert isinstance(app.screen, ExportFormDialog)
        assert not sandbox.world.exports


async def test_the_eleventh_export_gets_a_plain_message(sandbox: Sandbox) -> None:
    app = clocked_app(sandbox)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_exports(pilot)
        for day in range(1, 11):  # different filters: each one a new job
            await request_export(pilot, f"2026-11-{day:02}")
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, ExportFormDialog))
        await pilot.press(*"2026-11-20", "ctrl+s")
        await wait_for(pilot, lambda: "already has 10 export jobs" in notes(app))
        assert len(sandbox.world.exports) == 10
        assert len(screen.jobs) == 10


async def test_retry_makes_a_new_job_with_the_same_filter(sandbox: Sandbox) -> None:
    app = clocked_app(sandbox)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_exports(pilot)
        await request_export(pilot, "2026-11-02")
        (failed,) = sandbox.world.exports.values()
        failed.status = "failed"  # Prolific's side failed (the sandbox has no such path)
        screen.clock.poll_now()
        await wait_for(pilot, lambda: "FAILED" in screen_text(app))
        await pilot.press("R")
        await wait_for(pilot, lambda: len(sandbox.world.exports) == 2)
        new = next(j for j in sandbox.world.exports.values() if j is not failed)
        assert (new.study_id, new.from_at, new.to_at) == (
            failed.study_id,
            failed.from_at,
            failed.to_at,
        )


async def download(pilot, app: AtbApp, folder: Path) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("d")
    await wait_for(pilot, lambda: isinstance(app.screen, PromptScreen))
    field = app.screen.query_one(Input)
    assert field.value == os.environ["ATB_TUI_DOWNLOADS_DIR"]  # the default folder
    field.value = str(folder)
    await pilot.press("enter")


async def test_download_never_overwrites_and_opens_in_the_viewer(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    tmp_path = tmp_path / "zips"  # the test's own folder holds the config too
    tmp_path.mkdir()
    app = clocked_app(sandbox)
    async with app.run_test(size=SIZE) as pilot:
        await open_exports(pilot)
        await request_export(pilot)
        await finish_exports(pilot)
        (job,) = sandbox.world.exports.values()
        await download(pilot, app, tmp_path)
        await wait_for(pilot, lambda: isinstance(app.screen, ChoiceScreen))
        (first,) = tmp_path.iterdir()
        first.write_bytes(b"the user's own copy")
        await pilot.press("escape")
        await download(pilot, app, tmp_path)
        await choose(pilot, app, "view")
        await wait_for(pilot, lambda: isinstance(app.screen, ZipResponsesScreen))
        files = sorted(p.name for p in tmp_path.iterdir())
        assert files == sorted([first.name, first.name.replace(".zip", " (1).zip")])
        assert first.read_bytes() == b"the user's own copy"
        viewer = app.screen
        assert isinstance(viewer, ZipResponsesScreen)
        await wait_for(pilot, lambda: viewer.state is not None and len(viewer.state.store) > 0)
        responses = len(sandbox.world.responses_of(job.parent_id))
        await wait_for(pilot, lambda: f"{responses:,} responses" in screen_text(app))
        assert "offline" in screen_text(app)
        downloads = [r for r in sandbox.request_log if r.path.startswith("/presigned/exports/")]
        assert downloads
        assert all("authorization" not in r.headers for r in downloads)


async def test_a_cancelled_download_leaves_no_file(sandbox: Sandbox, tmp_path: Path) -> None:
    tmp_path = tmp_path / "zips"
    tmp_path.mkdir()
    app = clocked_app(sandbox)
    gate = asyncio.Event()

    async def held(seconds: float) -> None:
        await gate.wait()  # the download stays in flight until the test has cancelled it

    async with app.run_test(size=SIZE) as pilot:
        screen = await open_exports(pilot)
        await request_export(pilot)
        await finish_exports(pilot)
        sandbox.faults.sleep = held
        sandbox.faults.add("/presigned/exports/*", kind="latency", latency=1.0)
        await download(pilot, app, tmp_path)
        await wait_for(pilot, lambda: "Downloading" in screen_text(app))
        assert "Cancel download" in screen_text(app)  # the footer offers it while it runs
        await pilot.press("c")
        await wait_for(pilot, lambda: "Download cancelled" in screen_text(app))
        gate.set()
        await wait_for(pilot, lambda: screen.download is not None and screen.download.is_finished)
        assert list(tmp_path.iterdir()) == []
        assert not isinstance(app.screen, ChoiceScreen)


async def test_read_only_shows_no_mutating_keys_and_sends_no_post_or_delete(
    sandbox: Sandbox,
) -> None:
    ProfileStore().save(Profile("team", api_url=sandbox.base_url, read_only=True), sandbox.token)
    app = clocked_app(sandbox, demo=False, profile="team")
    async with app.run_test(size=SIZE) as pilot:
        await open_exports(pilot)
        text = screen_text(app)
        assert "New export" not in text
        assert "Delete" not in text
        assert "Retry" not in text
        await pilot.press("n", "x", "R")
        await pilot.press("r")
        screen = exports_screen(app)
        await wait_for(pilot, lambda: screen.clock.updated_at is not None)
        assert not isinstance(app.screen, ExportFormDialog)
        sent = {(r.method, r.path.split("/")[-1]) for r in sandbox.request_log}
        assert not [m for m, _ in sent if m in ("POST", "DELETE", "PUT", "PATCH")]


async def test_the_monitor_shows_an_export_started_in_this_session(sandbox: Sandbox) -> None:
    app = clocked_app(sandbox)
    async with app.run_test(size=SIZE) as pilot:
        await open_exports(pilot)
        await request_export(pilot)
        await app.open_area("monitor")
        await wait_for(pilot, lambda: isinstance(app.screen, MonitorScreen))
        await wait_for(pilot, lambda: f"export of {BATCH}" in screen_text(app))
        assert "GENERATING" in screen_text(app)
        before = len(sandbox.request_log)
        sandbox.advance(30)
        app.screen.query_one(DataView)  # still the monitor
        monitor = app.screen
        assert isinstance(monitor, MonitorScreen)
        monitor.clock.poll_now()
        await wait_for(pilot, lambda: "COMPLETE" in screen_text(app))
        assert any(r.path.endswith("/export/" + next(iter(sandbox.world.exports)))
                   for r in sandbox.request_log[before:])  # fmt: skip
        assert f"export of {BATCH} is complete" in notes(app)


async def test_colon_open_shows_a_zip_from_the_downloads_folder(sandbox: Sandbox) -> None:
    downloads = Path(os.environ["ATB_TUI_DOWNLOADS_DIR"])
    app = clocked_app(sandbox)
    async with app.run_test(size=SIZE) as pilot:
        await open_exports(pilot)
        await request_export(pilot)
        await finish_exports(pilot)
        await download(pilot, app, downloads)
        await wait_for(pilot, lambda: isinstance(app.screen, ChoiceScreen))
        await pilot.press("escape")
        (saved,) = downloads.iterdir()
        await pilot.press("colon", *"open nothing-here.zip", "enter")
        await wait_for(pilot, lambda: "No file 'nothing-here.zip'" in notes(app))
        await pilot.press("colon", *f"open {saved.name}", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ZipResponsesScreen))
        viewer = app.screen
        assert isinstance(viewer, ZipResponsesScreen)
        await wait_for(pilot, lambda: viewer.state is not None and len(viewer.state.store) > 0)
        await pilot.press("4")  # the Participants view works on the file too
        await wait_for(
            pilot, lambda: viewer.state is not None and viewer.state.view == "participants"
        )


async def test_the_monitor_asks_nothing_about_exports_when_none_is_followed(
    sandbox: Sandbox,
) -> None:
    sandbox.world.exports.clear()
    app = clocked_app(sandbox)
    async with app.run_test(size=SIZE) as pilot:
        await open_workspace(pilot)
        await app.open_area("monitor")
        await wait_for(pilot, lambda: isinstance(app.screen, MonitorScreen))
        monitor = app.screen
        assert isinstance(monitor, MonitorScreen)
        await wait_for(pilot, lambda: monitor.clock.updated_at is not None)
        polled = monitor.clock.updated_at
        sandbox.advance(3)
        monitor.clock.poll_now()
        await wait_for(pilot, lambda: monitor.clock.updated_at != polled)
        assert not [r for r in sandbox.request_log if "/export" in r.path]

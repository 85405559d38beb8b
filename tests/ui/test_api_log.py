"""The API log panel (issue 16): every request behind a click, the bodies, --http-log."""

from __future__ import annotations

import json
import stat
from pathlib import Path

from textual.widgets import Static

from atb_tui.api.http_log import JsonLinesLog
from atb_tui.app import AtbApp
from atb_tui.sandbox import Sandbox
from atb_tui.screens.api_log import ApiRequestScreen
from atb_tui.screens.batch_detail import BatchDetailScreen
from atb_tui.screens.study_detail import StudyDetailScreen
from atb_tui.views.api_log import ApiLogModel
from tests.helpers.app import make_app, sandbox_of
from tests.helpers.launch import confirm_by_typing, launch_form, save_draft
from tests.helpers.navigation import open_area, press_for_api_log
from tests.helpers.sandbox import make_sandbox
from tests.helpers.screen import screen_text
from tests.helpers.waits import wait_for

SIZE = (120, 35)


def logged(app: AtbApp) -> list[tuple[str, str]]:
    assert app.session is not None
    return [(r.method, r.path) for r in app.session.client.request_log.records()]


def seen_by(sandbox: Sandbox) -> list[tuple[str, str]]:
    return [(r.method, r.path) for r in sandbox.request_log]


def causes(app: AtbApp) -> dict[str, set[str]]:
    """Cause label → the paths it caused."""
    assert app.session is not None
    found: dict[str, set[str]] = {}
    for record in app.session.client.request_log.records():
        found.setdefault(record.cause, set()).add(record.path)
    return found


async def open_batch(pilot: object, app: AtbApp) -> None:
    await open_area(pilot, "batches")  # type: ignore[arg-type]
    await pilot.press("enter")  # type: ignore[attr-defined]
    await wait_for(pilot, lambda: isinstance(app.screen, BatchDetailScreen))  # type: ignore[arg-type]
    screen = app.screen
    assert isinstance(screen, BatchDetailScreen)
    await wait_for(pilot, lambda: screen.clock.updated_at is not None)  # type: ignore[arg-type]
    # Every request sent has been answered (the sandbox logs on arrival, the client on answer).
    await wait_for(pilot, lambda: logged(app) == seen_by(sandbox_of(pilot)))  # type: ignore[arg-type]


async def test_the_panel_lists_every_request_the_sandbox_saw_and_shows_bodies(
    sandbox: Sandbox,
) -> None:
    app = make_app(sandbox)
    async with app.run_test(size=SIZE) as pilot:
        await open_batch(pilot, app)
        panel = await press_for_api_log(pilot)
        model = panel.table.model
        assert isinstance(model, ApiLogModel)
        shown = [(r.method, r.path) for r in map(model.record, range(len(model)))]
        assert shown == logged(app) == seen_by(sandbox)
        assert panel.table.cursor_row == len(model) - 1  # it opens on the newest
        labels = causes(app)
        assert "/api/v1/workspaces/" in labels["open workspaces"]
        assert any(p.endswith("/batches") for p in labels["open batches"])
        assert any("/batches/" in p for p in labels["open batch"])
        text = screen_text(app)
        assert "GET" in text
        assert "/data-collection/batches" in text  # the table drops /api/v1
        assert "open batch" in text
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ApiRequestScreen))
        body = str(app.screen.query_one("#request-text", Static).content)
        assert "── Response body" in body
        assert '\n  "' in body  # pretty JSON, indented
        assert sandbox.token not in body
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is panel)
        await pilot.press("ctrl+l")  # the same key closes the panel
        await wait_for(pilot, lambda: isinstance(app.screen, BatchDetailScreen))


async def test_the_panel_follows_new_requests_and_filters(sandbox: Sandbox) -> None:
    app = make_app(sandbox)
    async with app.run_test(size=SIZE) as pilot:
        await open_area(pilot, "batches")
        panel = await press_for_api_log(pilot)
        before = len(panel.table.model)
        assert app.session is not None
        await app.session.client.users.me()
        await wait_for(pilot, lambda: len(panel.table.model) == before + 1)
        assert panel.table.cursor_row == before  # still following the newest
        assert "/users/me" in screen_text(app)
        await pilot.press("/", *"users/me")
        await wait_for(pilot, lambda: len(panel.table.model) == 1)
        assert "1 match 'users/me'" in screen_text(app)
        await pilot.press("escape")
        assert panel.table.has_focus


async def test_publishing_is_labelled_with_its_command(sandbox: Sandbox) -> None:
    async with launch_form(sandbox) as (app, pilot, screen):
        await save_draft(pilot, screen)
        await pilot.press("ctrl+g")
        await confirm_by_typing(pilot, app, "31.5")
        await wait_for(pilot, lambda: isinstance(app.screen, StudyDetailScreen))
        labels = causes(app)
        assert any(p.rstrip("/").endswith("/transition") for p in labels["study.publish"])
        assert any(p.rstrip("/").endswith("/studies") for p in labels["study.save_draft"])
        await wait_for(pilot, lambda: logged(app) == seen_by(sandbox))


async def test_http_log_writes_the_same_records_privately(tmp_path: Path) -> None:
    sandbox = make_sandbox()
    target = tmp_path / "requests.jsonl"
    app = make_app(sandbox, http_log=JsonLinesLog(target))
    async with app.run_test(size=SIZE) as pilot:
        await open_batch(pilot, app)
    expected = logged(app)  # a request cut short at exit is there too, as "cancelled"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    text = target.read_text()
    lines = [json.loads(line) for line in text.splitlines()]
    assert [(line["method"], line["path"]) for line in lines] == expected == seen_by(sandbox)
    assert set(lines[0]) >= {"time", "url", "status", "duration_ms", "cause", "response_body"}
    assert sandbox.token not in text
    assert "authorization" not in text.casefold()

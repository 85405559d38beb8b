"""The launch form's safety (issue 10): a second study, keys in fields, the publish dialog."""

from __future__ import annotations

from textual.widgets import Input, Static

from atb_tui.sandbox import Sandbox
from atb_tui.screens.confirm_dialogs import ConfirmSpendScreen
from atb_tui.screens.study_detail import StudyDetailScreen
from atb_tui.screens.study_launch import StudyLaunchScreen
from tests.helpers.launch import (
    READY_BATCH,
    confirm_by_typing,
    launch_form,
    save_draft,
    set_field,
    studies_of,
    transitions_sent,
)
from tests.helpers.notices import notices
from tests.helpers.sandbox import WS_ID, WS_TITLE
from tests.helpers.screen import screen_text
from tests.helpers.waits import wait_for


async def test_the_form_opens_with_the_name_focused(sandbox: Sandbox) -> None:
    async with launch_form(sandbox) as (app, _pilot, _):
        assert app.focused is not None
        assert app.focused.id == "study-name"


async def test_letters_in_a_field_are_text_and_publish_is_a_modifier_key(sandbox: Sandbox) -> None:
    async with launch_form(sandbox) as (app, pilot, screen):
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: screen.study is not None and not screen.busy)
        reward = app.screen.query_one("#study-reward", Input)
        reward.focus()
        reward.value = ""
        await pilot.press("2", "P")
        assert reward.value == "2P"  # typed, never an action
        assert transitions_sent(sandbox) == 0
        assert "^g Publish" in screen_text(app)  # the footer shows the modifier key
        reward.value = "£1.50"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: not screen.dirty and not screen.busy)
        reward.focus()
        await pilot.press("ctrl+g")  # works from inside the field
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmSpendScreen))
        [study_id] = studies_of(sandbox)
        assert sandbox.world.studies[study_id].status == "UNPUBLISHED"
        assert sandbox.world.studies[study_id].settings["reward"] == 150


async def test_the_publish_dialog_takes_the_amount_as_a_number(sandbox: Sandbox) -> None:
    async with launch_form(sandbox) as (app, pilot, screen):
        await save_draft(pilot, screen)
        await pilot.press("ctrl+g")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmSpendScreen))
        await pilot.press(*"31", "enter")
        error = app.screen.query_one("#confirm-error", Static)
        assert "“31” is not £31.50 or 31.50 or PUBLISH" in str(error.content)
        [study_id] = studies_of(sandbox)
        assert sandbox.world.studies[study_id].status == "UNPUBLISHED"
        app.screen.query_one(Input).value = ""
        already = len(notices(app))
        await confirm_by_typing(pilot, app, "31.5")  # the same amount, written shorter
        await wait_for(pilot, lambda: isinstance(app.screen, StudyDetailScreen))
        assert sandbox.world.studies[study_id].status == "ACTIVE"

        def live() -> list[str]:  # the screens showing when "Study live" was raised
            return [n.screen for n in notices(app)[already:] if n.title.startswith("Study live")]

        await wait_for(pilot, live)
        # Raised once the detail shows (raised on the form, the toast appeared on each screen).
        assert live() == ["StudyDetailScreen"]


async def test_a_second_study_on_a_running_batch_needs_a_deliberate_yes(sandbox: Sandbox) -> None:
    async with launch_form(sandbox) as (app, pilot, screen):
        await save_draft(pilot, screen)
        await pilot.press("ctrl+g")
        await confirm_by_typing(pilot, app, "PUBLISH")
        await wait_for(pilot, lambda: isinstance(app.screen, StudyDetailScreen))
        [first] = studies_of(sandbox)
        again = StudyLaunchScreen(WS_ID, WS_TITLE, READY_BATCH)
        await app.push_screen(again)
        await wait_for(pilot, lambda: again.loaded)
        await pilot.pause()
        text = screen_text(app)
        assert "ACTIVE · 0/15 places · £0.00 rewards so far" in text
        assert "1 of them is running" in text
        name = app.screen.query_one("#study-name", Input).value
        assert name.endswith(" (2)")  # a distinct name is proposed
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmSpendScreen))
        assert "already has a running study" in screen_text(app)
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is again)
        assert studies_of(sandbox) == [first]  # nothing without the deliberate yes
        await pilot.press("ctrl+s")
        await confirm_by_typing(pilot, app, "ANOTHER")
        await wait_for(pilot, lambda: len(studies_of(sandbox)) == 2)
        [second] = [s for s in studies_of(sandbox) if s != first]
        assert sandbox.world.studies[second].settings["name"] == name
        assert sandbox.world.studies[second].status == "UNPUBLISHED"
        await wait_for(pilot, lambda: again.api_cost is not None and not again.busy)
        await pilot.press("ctrl+g")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmSpendScreen))
        assert "Already running on this batch" in screen_text(app)
        assert transitions_sent(sandbox) == 1


async def test_the_form_at_80x24_reaches_every_field_and_says_when_more_is_below(
    sandbox: Sandbox,
) -> None:
    async with launch_form(sandbox, (80, 24)) as (app, pilot, _):
        # The summary moved below, so the devices and the last field show at once.
        await wait_for(pilot, lambda: "mobile" in screen_text(app))
        await wait_for(pilot, lambda: "Review each submission" in screen_text(app))
        assert "▼ more fields below" not in screen_text(app)
        await set_field(pilot, "reward", "x")  # problem lines push the last fields down
        await set_field(pilot, "minutes", "")
        await wait_for(pilot, lambda: "▼ more fields below" in screen_text(app))
        await pilot.press(*["tab"] * 8)  # from the name field to the last one
        assert app.focused is not None
        assert app.focused.id == "study-completion"
        await wait_for(pilot, lambda: "Review each submission" in screen_text(app))
        await wait_for(pilot, lambda: "▼ more fields below" not in screen_text(app))

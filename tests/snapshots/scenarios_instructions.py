"""Screen states of the instruction editor: one form per instruction type, and the preview."""

from __future__ import annotations

from textual.pilot import Pilot

from atb_tui.api.models.batches import BatchUpdate
from atb_tui.app import AtbApp
from atb_tui.logic.instructions import (
    ChoiceOption,
    FileUpload,
    FreeText,
    FreeTextWithUnit,
    MultipleChoice,
    MultipleChoiceWithFreeText,
    UnitOption,
    ValidationRule,
    to_batch_items,
)
from atb_tui.screens.instruction_editor import InstructionEditorScreen
from tests.helpers.instructions import new_batch, type_into
from tests.helpers.navigation import workspaces_loaded
from tests.helpers.sandbox import WS_ID, WS_TITLE, sandbox_client
from tests.helpers.waits import wait_for
from tests.snapshots.scenarios import scenario

EXAMPLES = [
    MultipleChoice(
        description="Is the review positive?",
        helper_text="Choose the closest answer.",
        options=(
            ChoiceOption(label="Positive", value="pos"),
            ChoiceOption(label="Negative", value="neg"),
            ChoiceOption(label="Can't tell", value="unsure", exclusive=True),
        ),
        answer_limit=2,
    ),
    FreeText(
        description="Why do you think so?",
        placeholder_text_input="One or two sentences",
        validation=ValidationRule(type="string", min=10, max=500),
    ),
    FreeTextWithUnit(
        description="How long is the film?",
        unit_options=(
            UnitOption(label="Minutes", value="min"),
            UnitOption(label="Hours", value="h"),
        ),
        default_unit="min",
    ),
    MultipleChoiceWithFreeText(
        description="What stands out?",
        options=(
            ChoiceOption(label="Acting", value="acting", heading="Craft"),
            ChoiceOption(label="Plot", value="plot", heading="Story"),
        ),
    ),
    FileUpload(description="Upload a still from the film", accepted_file_types=(".jpg", ".png")),
]


async def _editor_on(pilot: Pilot[None], index: int) -> None:
    app = pilot.app
    assert isinstance(app, AtbApp)
    sandbox = app.options.make_sandbox()
    batch_id = await new_batch(sandbox, "Film reviews")
    async with sandbox_client(sandbox) as client:
        await client.batches.update(batch_id, BatchUpdate(batch_items=to_batch_items(EXAMPLES, [])))  # type: ignore[arg-type]
    await workspaces_loaded(pilot)
    screen = InstructionEditorScreen(WS_ID, WS_TITLE, batch_id)
    await app.push_screen(screen)
    await wait_for(pilot, lambda: screen.loaded)
    await pilot.press(*(["down"] * index))
    await pilot.pause()


@scenario(
    "instructions-multiple-choice", "Instruction editor: multiple choice with an exclusive option"
)
async def multiple_choice(pilot: Pilot[None]) -> None:
    await _editor_on(pilot, 0)


@scenario(
    "instructions-free-text", "Instruction editor: free text; a rule problem shown on its field"
)
async def free_text(pilot: Pilot[None]) -> None:
    await _editor_on(pilot, 1)
    await type_into(pilot, "validation.max", "5")


@scenario("instructions-unit", "Instruction editor: free text with a unit")
async def free_text_with_unit(pilot: Pilot[None]) -> None:
    await _editor_on(pilot, 2)


@scenario("instructions-choice-free-text", "Instruction editor: options under headings")
async def choice_with_free_text(pilot: Pilot[None]) -> None:
    await _editor_on(pilot, 3)
    await type_into(pilot, "options.1.heading", "")


@scenario("instructions-file-upload", "Instruction editor: file upload")
async def file_upload(pilot: Pilot[None]) -> None:
    await _editor_on(pilot, 4)


@scenario("instructions-narrow", "Instruction editor at 80x24", size=(80, 24))
async def narrow(pilot: Pilot[None]) -> None:
    await _editor_on(pilot, 0)


@scenario("instructions-preview", "p: the participant's page with a datapoint")
async def preview(pilot: Pilot[None]) -> None:
    await _editor_on(pilot, 0)
    screen = pilot.app.screen
    assert isinstance(screen, InstructionEditorScreen)
    await pilot.press("p")
    await wait_for(pilot, lambda: screen.datapoint is not None)
    await pilot.pause()


scenario("instructions-preview-narrow", "The participant's page at 80x24", size=(80, 24))(preview)
scenario("instructions-free-text-narrow", "A rule problem at 80x24", size=(80, 24))(free_text)

"""The editors' use-cases against the sandbox, without Textual: saving instructions either
way, re-reading after a lost answer, finding a lost collection create."""

from __future__ import annotations

from atb_tui.flows.collections import find_lost_create, save_collection
from atb_tui.flows.instructions import read_batch_instructions, save_instructions
from atb_tui.logic.instructions import FreeText
from atb_tui.views.collection_draft import draft_from_collection
from atb_tui.views.instruction_draft import InstructionDraft
from tests.helpers.instructions import new_batch
from tests.helpers.sandbox import WS_ID, make_sandbox, sandbox_client


async def test_instructions_save_the_way_the_draft_says() -> None:
    sandbox = make_sandbox()
    legacy_id, items_id = await new_batch(sandbox, "Legacy"), await new_batch(sandbox, "Items")
    async with sandbox_client(sandbox) as client:
        for batch_id, mode in ((legacy_id, "legacy"), (items_id, "batch_items")):
            batch, loaded = await read_batch_instructions(client, batch_id)
            assert loaded.server_count == 0
            draft = InstructionDraft()
            draft.stored(loaded.instructions)
            if mode == "legacy":
                assert draft.toggle_mode()
            draft.insert(0, FreeText(description="Why?"))
            outcome = await save_instructions(client, batch, draft)
            assert outcome.instructions is not None
            assert [item.description for item in outcome.instructions] == ["Why?"]
        _, reread = await read_batch_instructions(client, legacy_id)
    assert reread.mode == "legacy"
    assert reread.server_count == 1
    assert sandbox.world.batches[legacy_id].instructions[0]["description"] == "Why?"
    assert sandbox.world.batches[items_id].batch_items is not None


async def test_a_lost_create_is_found_by_name_and_nothing_else_is() -> None:
    sandbox = make_sandbox()
    async with sandbox_client(sandbox) as client:
        assert await find_lost_create(client, WS_ID, "Never made") is None
        draft = draft_from_collection((await client.collections.list(WS_ID))[0])
        draft.name = "Film ideas"
        made = await save_collection(client, WS_ID, None, draft)
        found = await find_lost_create(client, WS_ID, " Film ideas ")
    assert made.collection is not None
    assert found is not None
    assert found.id == made.collection.id

"""The studies on a batch, read for the response viewer's poll and its `S` key (sandbox)."""

from __future__ import annotations

from atb_tui.flows import responses as flow
from tests.helpers.sandbox import make_sandbox, sandbox_client


async def test_only_the_studies_on_the_batch_are_returned() -> None:
    sandbox = make_sandbox()
    batch_id = next(b.id for b in sandbox.world.batches.values() if b.name == "Sentiment - pilot")
    async with sandbox_client(sandbox) as client:
        studies = await flow.studies_of_batch(client, batch_id)
        every = await client.studies.list()
        nothing = await flow.studies_of_batch(client, "no-such-batch")
    assert studies, "the seeded pilot batch runs a study"
    assert all(s.data_collection_id == batch_id for s in studies)
    assert len(studies) < len(every), "other batches' studies are left out"
    assert nothing == []

"""One look of the live monitor at the seeded workspace, against the sandbox."""

from __future__ import annotations

from atb_tui.flows import monitor as flow
from atb_tui.flows.datasets import RecentDatasets, known_datasets
from tests.helpers.sandbox import make_sandbox, sandbox_client

WORKSPACE = "657fdc1bb561337c0dfb1bae"


async def test_a_look_sees_batches_datasets_and_live_studies_with_their_batch() -> None:
    sandbox = make_sandbox()
    async with sandbox_client(sandbox) as client:
        found = await flow.look(client, WORKSPACE, [], followed={})
        batches = await client.batches.list(WORKSPACE)
        studies = await client.studies.list()
    kinds = [seen.kind for seen in found.observations]
    assert kinds.count("batch") == len(batches)
    assert "dataset" in kinds
    live = [s for s in studies if s.status in flow.LIVE and s.data_collection_id in
            {b.id for b in batches}]  # fmt: skip
    assert live, "the seeded world has a live study"
    seen_studies = {seen.item_id for seen in found.observations if seen.kind == "study"}
    assert seen_studies == {s.id for s in live}, "only live (or followed) studies are read"
    for study in live:
        assert found.row_batches[study.id][0] == study.data_collection_id
    finished = {seen.item_id for seen in found.observations
                if seen.kind == "dataset" and seen.status in ("READY", "ERROR")}  # fmt: skip
    assert found.finished_datasets == finished


async def test_finished_datasets_are_not_asked_about_again() -> None:
    sandbox = make_sandbox()
    async with sandbox_client(sandbox) as client:
        first = await flow.look(client, WORKSPACE, [], followed={})
        assert first.finished_datasets
        again = await flow.look(client, WORKSPACE, [], {}, first.finished_datasets)
        every = await known_datasets(client, WORKSPACE)
    datasets = {seen.item_id for seen in again.observations if seen.kind == "dataset"}
    assert not datasets & first.finished_datasets
    assert len(every) >= len(first.finished_datasets)


async def test_a_first_look_reuses_the_settled_datasets_just_read() -> None:
    sandbox = make_sandbox()
    recent = RecentDatasets()
    async with sandbox_client(sandbox) as client:
        listed = await known_datasets(client, WORKSPACE, recent=recent)
        before = len(sandbox.request_log)
        found = await flow.look(client, WORKSPACE, [], {}, recent=recent)
    reads = [r.path for r in sandbox.request_log[before:] if "/datasets/" in r.path]
    settled = {d.id for d in listed if d.status in ("READY", "ERROR")}
    assert settled
    assert not [path for path in reads if path.rsplit("/", 1)[-1] in settled]
    shown = {seen.item_id for seen in found.observations if seen.kind == "dataset"}
    assert settled <= shown  # still on the monitor, as finished
    assert settled <= found.finished_datasets

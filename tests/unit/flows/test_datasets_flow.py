"""The workspace's datasets, and a form reusing the settled ones a list just read."""

from __future__ import annotations

from atb_tui.api import ProlificClient
from atb_tui.flows.datasets import REUSE_WITHIN_S, RecentDatasets, known_datasets
from atb_tui.sandbox import Sandbox

WORKSPACE = "657fdc1bb561337c0dfb1bae"


def dataset_reads(sandbox: Sandbox) -> list[str]:
    return [
        r.path.rsplit("/", 1)[-1]
        for r in sandbox.request_log
        if r.method == "GET" and "/data-collection/datasets/" in r.path
    ]


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def test_a_form_reuses_settled_datasets_a_list_just_read(
    client: ProlificClient, sandbox: Sandbox
) -> None:
    clock = Clock()
    recent = RecentDatasets(clock)
    listed = await known_datasets(client, WORKSPACE, recent=recent)
    settled = {d.id for d in listed if d.status in ("READY", "ERROR")}
    assert settled, "the demo workspace has settled datasets"
    unsettled = {d.id for d in listed} - settled
    before = len(dataset_reads(sandbox))

    offered = await known_datasets(client, WORKSPACE, recent=recent, reuse=True)

    assert [d.id for d in offered] == [d.id for d in listed]  # the same, in the same order
    assert set(dataset_reads(sandbox)[before:]) == unsettled  # only those still processing


async def test_datasets_read_too_long_ago_or_without_reuse_are_read_again(
    client: ProlificClient, sandbox: Sandbox
) -> None:
    clock = Clock()
    recent = RecentDatasets(clock)
    listed = await known_datasets(client, WORKSPACE, recent=recent)
    before = len(dataset_reads(sandbox))
    await known_datasets(client, WORKSPACE, recent=recent)  # a list always reads
    assert len(dataset_reads(sandbox)) - before == len(listed)
    clock.now += REUSE_WITHIN_S + 1
    before = len(dataset_reads(sandbox))
    await known_datasets(client, WORKSPACE, recent=recent, reuse=True)
    assert len(dataset_reads(sandbox)) - before == len(listed)

"""Loading responses through the fast path, against the sandbox; writing exports safely."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from atb_tui.flows import responses as flow
from atb_tui.sandbox import Sandbox
from atb_tui.views.responses.store import ResponseStore
from tests.helpers.sandbox import make_sandbox, sandbox_client

WORKSPACE = "657fdc1bb561337c0dfb1bae"


def batch_named(sandbox: Sandbox, name: str) -> str:
    return next(b.id for b in sandbox.world.batches.values() if b.name == name)


async def test_fast_path_reads_the_same_responses_as_the_models() -> None:
    sandbox = make_sandbox()
    batch_id = batch_named(sandbox, "Sentiment - pilot")
    async with sandbox_client(sandbox) as client:
        models = await client.batches.responses(batch_id)
        pages = [p async for p in client.batches.iter_response_rows(batch_id, page_size=100)]
    rows = [row for page in pages for row in page.rows]
    assert len(pages) == -(-len(models) // 100) > 1
    assert pages[0].total == len(models) == pages[-1].fetched
    assert [r.id for r in rows] == [m.id for m in models]
    assert [r.response.answer[0].value for r in rows] == [
        m.response.answer[0].value for m in models
    ]


async def test_load_reports_progress_then_fetches_only_what_is_new() -> None:
    sandbox = make_sandbox()
    batch_id = batch_named(sandbox, "Sentiment - main run")
    seen: list[flow.LoadProgress] = []
    async with sandbox_client(sandbox) as client:
        batch = await flow.resolve_batch(client, WORKSPACE, "sentiment - MAIN run")
        store = ResponseStore(await flow.instruction_infos(client, batch))
        first = await flow.fetch_responses(client, batch_id, store, seen.append)
        assert first == len(store)
        assert seen[-1].rows == len(store)
        assert "Loading responses: page 1 of 1" in seen[0].describe()
        assert await flow.fetch_responses(client, batch_id, store) == 0
        sandbox.clock.advance(600)  # the live study goes on
        added = await flow.fetch_responses(client, batch_id, store)
    assert added > 0
    assert len(store) == first + added
    assert len({r.id for r in store.rows}) == len(store)
    assert {i.type for i in store.instructions.values()} >= {"multiple_choice", "free_text"}


async def test_an_unknown_batch_is_a_lookup_error() -> None:
    sandbox = make_sandbox()
    async with sandbox_client(sandbox) as client:
        with pytest.raises(LookupError, match="No batch with id or name 'nope'"):
            await flow.resolve_batch(client, WORKSPACE, "nope")


async def test_datapoints_are_joined_from_the_report_csv() -> None:
    sandbox = make_sandbox()
    batch_id = batch_named(sandbox, "Sentiment - pilot")
    when = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)
    async with sandbox_client(sandbox) as client:
        found = await flow.fetch_datapoints(client, batch_id, when)
        tasks = {r.task_id for r in await client.batches.responses(batch_id)}
    assert found.source == "batch report CSV, fetched 2026-11-23 09:30 UTC"
    assert set(found.by_task) == tasks
    assert all("review_text: " in text for text in found.by_task.values())


def test_report_without_task_ids_gives_no_datapoints() -> None:
    assert flow.datapoints_from_report("a,b\n1,2\n") == {}
    assert flow.datapoints_from_report("text,task_id,participant_id\nhi,t1,p\n") == {
        "t1": "text: hi"
    }


def test_exports_never_overwrite_without_asking(tmp_path: Path) -> None:
    target = tmp_path / "out" / "x.csv"
    assert flow.write_csv(target, iter([["task"], ["t1"], ["t2"]])) == 2
    with pytest.raises(FileExistsError):
        flow.write_csv(target, iter([["task"]]))
    assert target.read_text() == "task\nt1\nt2\n"
    flow.write_lines(target, ["{}"], overwrite=True)
    assert target.read_text() == "{}\n"
    assert sorted(p.name for p in target.parent.iterdir()) == ["x.csv"]  # no temporary left


def test_export_progress_is_throttled_and_ends_with_the_total(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[int] = []
    rows = [["task"], *([f"t{n}"] for n in range(500))]
    assert flow.write_csv(tmp_path / "a.csv", iter(rows), progress=seen.append) == 500
    assert seen[-1] == 500  # always the final count, even for a quick export
    assert seen == sorted(seen)
    monkeypatch.setattr(flow, "PROGRESS_INTERVAL", 0.0)
    seen.clear()
    assert flow.write_lines(tmp_path / "b.jsonl", ["{}"] * 50, progress=seen.append) == 50
    assert seen == [*range(1, 51), 50]  # every line, then the final count


def test_a_file_appearing_while_writing_is_not_replaced(tmp_path: Path) -> None:
    target = tmp_path / "x.csv"

    def rows() -> Iterator[list[str]]:
        yield ["task"]
        target.write_text("someone else's")  # appears after the existence check
        yield ["t1"]

    with pytest.raises(FileExistsError):
        flow.write_csv(target, rows())
    assert target.read_text() == "someone else's"
    assert [p.name for p in tmp_path.iterdir()] == ["x.csv"]

"""The batch flow against the sandbox: create, edit, duplicate, set up once, follow, report."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path

import pytest

from atb_tui.api import OutcomeUnknownError, ProlificClient
from atb_tui.flows import batches as flow
from atb_tui.flows.batches import BatchFormValues, DuplicateChoice, SetupResult
from atb_tui.sandbox import Sandbox
from tests.helpers.sandbox import WORKSPACE, item_named, make_sandbox, sandbox_client

FORM = BatchFormValues("Flow batch", "Rate it", "<p>Read.</p>", "<ol><li>Answer</li></ol>")


@pytest.fixture
def sandbox() -> Sandbox:
    return make_sandbox()


@pytest.fixture
async def client(sandbox: Sandbox) -> AsyncIterator[ProlificClient]:
    async with sandbox_client(sandbox) as api:
        yield api


def setups(sandbox: Sandbox) -> int:
    return sum(1 for r in sandbox.request_log if r.path.endswith("/setup"))


async def test_create_then_edit_round_trips_the_form(
    sandbox: Sandbox, client: ProlificClient
) -> None:
    dataset = item_named(sandbox.world.datasets, "Movie reviews - pilot (60)")
    batch = await flow.create_batch(client, WORKSPACE[0], replace(FORM, dataset_id=dataset))
    stored = sandbox.world.batches[batch.id]
    assert (stored.name, stored.dataset_id) == ("Flow batch", dataset)
    assert flow.edit_values(batch) == FORM
    renamed = BatchFormValues("Renamed", "Judge it", "<p>New.</p>", "<p>Steps</p>")
    after = await flow.edit_batch(client, batch.id, renamed)
    assert after.name == "Renamed"
    assert sandbox.world.batches[batch.id].task_details["task_name"] == "Judge it"
    assert flow.edit_values(after) == renamed


def test_form_problems_name_what_is_missing() -> None:
    assert flow.form_problems(FORM) == []
    empty = BatchFormValues(" ", "", "", "")
    assert flow.form_problems(empty) == [
        "The batch needs a name.",
        "The task needs a name (participants see it as the title).",
    ]


async def test_a_lost_create_is_not_sent_again(sandbox: Sandbox, client: ProlificClient) -> None:
    sandbox.faults.add("/api/v1/data-collection/batches", method="POST", kind="drop")
    before = len(sandbox.world.batches)
    with pytest.raises(OutcomeUnknownError):
        await flow.create_batch(client, WORKSPACE[0], FORM)
    posts = [r for r in sandbox.request_log if r.method == "POST"]
    assert len(posts) == 1
    assert len(sandbox.world.batches) <= before + 1


async def test_duplicate_keeps_the_dataset_or_waits_for_an_upload(
    sandbox: Sandbox, client: ProlificClient
) -> None:
    source = item_named(sandbox.world.batches, "Sentiment - pilot")
    assert flow.copy_name("Sentiment - pilot") == "Sentiment - pilot (copy)"
    same = DuplicateChoice("Same data", new_upload=False)
    copy = await flow.duplicate_batch(client, source, same)
    assert sandbox.world.batches[copy.id].dataset_id == sandbox.world.batches[source].dataset_id
    assert flow.duplicated_text(copy, same) == "Created Same data with the same dataset."
    fresh = DuplicateChoice("New data", new_upload=True)
    empty = await flow.duplicate_batch(client, source, fresh)
    assert sandbox.world.batches[empty.id].dataset_id is None
    assert "without a dataset" in flow.duplicated_text(empty, fresh)


async def test_setup_is_followed_until_ready(sandbox: Sandbox, client: ProlificClient) -> None:
    batch_id = item_named(sandbox.world.batches, "Review threads")
    state = await flow.read_batch(client, batch_id)
    assert state.blocker(None) is None
    facts = flow.setup_facts(state.batch, state.dataset)
    assert facts.group_column == "META_TASK_GROUP_ID"
    outcome = await flow.start_setup(client, batch_id, facts.tasks_per_group)
    assert outcome.result is SetupResult.STARTED
    state = await flow.read_batch(client, batch_id, state)
    assert state.batch.status == "PROCESSING"
    assert state.blocker(None) == "setup is running"
    sandbox.advance(5)
    reads = len(sandbox.request_log)
    state = await flow.read_batch(client, batch_id, state)
    assert state.statuses() == ["READY", "READY"]
    # The dataset was READY already: only the batch is read again.
    assert [r.path for r in sandbox.request_log[reads:]] == [
        f"/api/v1/data-collection/batches/{batch_id}"
    ]


async def test_a_lost_setup_is_unknown_and_sent_once(
    sandbox: Sandbox, client: ProlificClient
) -> None:
    batch_id = item_named(sandbox.world.batches, "Review threads")
    sandbox.faults.add(path_pattern="*/setup", method="POST", kind="drop")
    outcome = await flow.start_setup(client, batch_id, 3)
    assert outcome.result is SetupResult.UNKNOWN
    assert setups(sandbox) == 1


async def test_a_refused_setup_says_why(sandbox: Sandbox, client: ProlificClient) -> None:
    batch_id = item_named(sandbox.world.batches, "Review threads")
    sandbox.faults.add(path_pattern="*/setup", method="POST", status=503, times=None)
    outcome = await flow.start_setup(client, batch_id, 3)
    assert outcome.result is SetupResult.FAILED
    assert outcome.message
    assert sandbox.world.batches[batch_id].status == "UNINITIALISED"


async def test_studies_and_questions_of_a_batch(sandbox: Sandbox, client: ProlificClient) -> None:
    batch_id = item_named(sandbox.world.batches, "Sentiment - pilot")
    studies = await flow.batch_studies(client, batch_id)
    assert studies
    assert all(s.data_collection_id == batch_id for s in studies)
    state = await flow.read_batch(client, batch_id)
    legacy = await flow.read_questions(client, batch_id)
    assert state.blocker(legacy) == "already set up"


def test_report_path_is_a_free_name_and_problems_are_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(flow, "downloads_dir", lambda: tmp_path)
    first = flow.report_path("Sentiment / pilot")
    assert first == tmp_path / "Sentiment-pilot-report.csv"
    first.write_text("x")
    assert flow.report_path("Sentiment / pilot") != first
    assert flow.report_path("///").name == "batch-report.csv"
    assert flow.report_problem(first) == f"{first} already exists; choose another name."
    assert "does not exist" in (flow.report_problem(tmp_path / "nowhere" / "r.csv") or "")
    assert flow.report_problem(tmp_path / "new.csv") is None


def test_setup_notices_name_the_retry_key_and_never_promise_a_retry() -> None:
    lost = flow.setup_notice(flow.SetupOutcome(SetupResult.UNKNOWN), "S", "UNINITIALISED")
    assert (lost.title, lost.severity) == ("Setup unknown", "warning")
    assert "if it stays UNINITIALISED, S starts setup again" in lost.text
    failed = flow.setup_notice(flow.SetupOutcome(SetupResult.FAILED, "Busy"), "S", "READY")
    assert failed.text == "Setup did not start: Busy. S tries again."
    assert failed.severity == "error"
    started = flow.setup_notice(flow.SetupOutcome(SetupResult.STARTED), "S", "READY")
    assert started.title == "Batch"

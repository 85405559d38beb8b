"""`atb-tui watch` on the sandbox's manual clock: each wait advances it, nothing sleeps."""

from __future__ import annotations

import json

import pytest

from atb_tui.sandbox import Sandbox
from tests.helpers.headless import WORKSPACE, only_gets, run_headless
from tests.helpers.sandbox import item_named

FAST, IDLE = 2.0, 5.0  # the monitor's policy: fast while processing, settings' refresh idle


def test_a_processing_batch_is_followed_until_ready(sandbox: Sandbox) -> None:
    batch = item_named(sandbox.world.batches, "Toxicity screen")
    result = run_headless(sandbox, "watch", batch, "--json")
    assert result.code == 0, result.err
    events = [json.loads(line) for line in result.lines]
    states = [e for e in events if e["event"] == "state"]
    assert [(e["previous"], e["status"]) for e in states] == [
        (None, "PROCESSING"),
        ("PROCESSING", "READY"),
    ]
    assert events[-1] == {
        "event": "end", "outcome": "reached", "kind": "batch", "id": batch,
        "name": "Toxicity screen", "status": "READY", "until": "READY",
        "elapsed_seconds": sum(result.sleeps),
    }  # fmt: skip
    assert sandbox.world.batches[batch].status == "READY"
    assert result.sleeps
    assert set(result.sleeps) == {FAST}
    assert only_gets(sandbox) == []


def test_people_get_one_line_per_change(sandbox: Sandbox) -> None:
    result = run_headless(sandbox, "watch", "Toxicity screen", "--workspace", WORKSPACE)
    assert result.code == 0, result.err
    assert len(result.lines) == 3
    assert result.lines[0].endswith("batch Toxicity screen: PROCESSING  (0 tasks · 0 groups)")
    assert "PROCESSING → READY" in result.lines[1]
    assert result.lines[2].startswith("Reached READY: batch Toxicity screen is READY (after ")


def test_a_batch_in_error_exits_1(sandbox: Sandbox) -> None:
    result = run_headless(sandbox, "watch", item_named(sandbox.world.batches, "Old tweets"))
    assert result.code == 1
    assert result.lines[-1] == "Failed: batch Old tweets is ERROR."


def test_timeout_exits_3_after_that_much_clock_time(sandbox: Sandbox) -> None:
    study = item_named(sandbox.world.studies, "Street scene captions - round 2")
    assert sandbox.world.studies[study].status == "UNPUBLISHED"
    started = sandbox.clock.now()
    result = run_headless(sandbox, "watch", study, "--timeout", "12", "--json")
    assert result.code == 3, result.err
    assert (sandbox.clock.now() - started).total_seconds() == 12
    assert result.sleeps == [IDLE, IDLE, 2.0]  # idle polls, the last one cut at the deadline
    end = json.loads(result.lines[-1])
    assert (end["outcome"], end["status"], end["until"]) == ("timeout", "UNPUBLISHED",
                                                             "AWAITING REVIEW")  # fmt: skip


def test_a_study_past_the_state_has_reached_it(sandbox: Sandbox) -> None:
    study = item_named(sandbox.world.studies, "Movie review sentiment (pilot)")
    assert sandbox.world.studies[study].status == "COMPLETED"
    result = run_headless(sandbox, "watch", study, "--until", "awaiting_review")
    assert result.code == 0, result.err
    assert result.sleeps == []


def test_a_live_study_is_followed_until_it_finishes_collecting(sandbox: Sandbox) -> None:
    study = item_named(sandbox.world.studies, "Movie review sentiment")
    result = run_headless(sandbox, "watch", study, "--json", "--timeout", "86400")
    assert result.code == 0, result.err
    end = json.loads(result.lines[-1])
    assert end["status"] in ("AWAITING REVIEW", "COMPLETED")
    assert sandbox.world.studies[study].status == end["status"]
    assert set(result.sleeps) == {FAST}  # a live study: the fast interval throughout


def test_polls_back_off_while_the_api_fails(sandbox: Sandbox) -> None:
    batch = item_named(sandbox.world.batches, "Toxicity screen")
    # The client itself tries 3 times per poll: 6 failures are two failed polls.
    sandbox.faults.add(f"/api/v1/data-collection/batches/{batch}*", "GET", status=503,
                       times=6, after=1)  # fmt: skip
    result = run_headless(sandbox, "watch", batch)
    assert result.code == 0, result.err
    assert result.sleeps[:3] == [FAST, 2 * FAST, 4 * FAST]
    assert result.err.count("retrying") == 2


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["watch", "01a1d42b-0000-7779-927e-8e0f858214f1"], "no batch or dataset with id"),
        (["watch", "0123456789abcdef01234567"], "no study with id"),
        (["watch", "No such batch", "--workspace", WORKSPACE], "no batch called 'No such batch'"),
        (["watch", "Toxicity screen"], "is not an id, so it is a batch name: choose a workspace"),
        (["watch", "x", "--timeout", "0"], "must be a positive number"),
    ],
)
def test_bad_input_exits_2(sandbox: Sandbox, argv: list[str], says: str) -> None:
    result = run_headless(sandbox, *argv)
    assert result.code == 2
    assert result.err.count("\n") == 1
    assert says in result.err


def test_an_unknown_state_lists_the_valid_ones_for_that_kind(sandbox: Sandbox) -> None:
    study = item_named(sandbox.world.studies, "Movie review sentiment")
    result = run_headless(sandbox, "watch", study, "--until", "READY")
    assert result.code == 2
    assert "a study is never 'READY': use one of UNPUBLISHED," in result.err
    assert "AWAITING_REVIEW, COMPLETED" in result.err


def test_a_dataset_is_followed_too(sandbox: Sandbox) -> None:
    dataset = item_named(sandbox.world.datasets, "Support tickets")
    assert sandbox.world.datasets[dataset].status == "PROCESSING"
    result = run_headless(sandbox, "watch", dataset, "--json")
    assert result.code == 0, result.err
    end = json.loads(result.lines[-1])
    assert (end["kind"], end["status"]) == ("dataset", "READY")
    assert sandbox.world.datasets[dataset].status == "READY"

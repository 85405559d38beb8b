"""Issue 15, proofs 1 and 2: the whole seed workflow through the UI while the sandbox
misbehaves, and afterwards not one trace of the token anywhere.

A Pilot user signed in through a saved profile uploads a dataset, creates a batch, writes
instructions, sets the batch up, drafts and publishes a study and opens the monitor, while
the sandbox injects errors (500/502/503), 429 with Retry-After, latency, dropped connections
and malformed or truncated bodies at a fixed, seeded rate. The user retries whatever the app
reports as failed. At the end the sandbox holds exactly one new dataset, one new batch and
one published study, the instructions and the study are what was typed, every failure the
user saw was readable, and the token is in no file, screen or message (only its own file).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from atb_tui.app import AtbApp
from atb_tui.sandbox import Sandbox
from atb_tui.sandbox.faults import FaultPlan
from atb_tui.storage.logging_setup import configure_logging, shutdown_logging
from atb_tui.storage.profiles import Profile, ProfileStore
from tests.helpers.app import make_app
from tests.helpers.datasets import GOOD_CSV, write_file
from tests.helpers.driver import User, watch_messages
from tests.helpers.leaks import (
    SCREENSHOTS,
    SNAPSHOTS,
    distinctive_token,
    files_under,
    files_with,
    presigned_requests,
    presigned_with_authorization,
    texts_with,
)
from tests.helpers.sandbox import make_sandbox
from tests.helpers.screen import screen_text
from tests.helpers.seed_ui import OPTIONS, QUESTION, seed_workflow_ui

SEED = 15
MUTATING = ["POST", "PUT", "PATCH", "DELETE"]


# Lost answers once on each create/transition the workflow sends (the server acts, the app
# hears nothing), on top of the random faults. Not on dataset create: the API has no way to
# list a workspace's datasets, so nobody (app or user) can find a dataset whose creation
# answer was lost; a retry then leaves an empty dataset behind (see the report of issue 15).
LOST_ANSWERS = (
    ("/api/v1/data-collection/batches", "POST"),
    ("/api/v1/data-collection/batches/*", "PATCH"),
    ("/api/v1/data-collection/batches/*/setup", "POST"),
    ("/api/v1/studies", "POST"),
    ("/api/v1/studies/*/transition", "POST"),
)
DROPPABLE = (
    "/api/v1/data-collection/batches*",
    "/api/v1/data-collection/datasets/*",
    "/api/v1/studies*",
)


def faulty_sandbox(token: str) -> Sandbox:
    """The demo sandbox with seeded faults on every route: refusals (nothing changed) on all,
    lost answers (changed, answer dropped) on mutating requests, bad bodies on reads."""
    plan = FaultPlan(seed=SEED)
    sandbox = make_sandbox(token=token, faults=plan)
    for path, method in LOST_ANSWERS:
        plan.add(path, method, kind="drop", times=1)
    plan.add("*", kind="latency", latency=0.002, rate=0.1, times=None)
    for method in MUTATING:
        for path in DROPPABLE:
            plan.add(path, method, kind="drop", rate=0.04, times=None)
    for method in ("GET", *MUTATING):
        rule = plan.add("*", method, status=503, rate=0.14, times=None, retry_after=0.01)
        rule.statuses = (500, 502, 503, 429)
    plan.add("/api/*", "GET", kind="drop", rate=0.04, times=None)
    plan.add("/api/*", "GET", kind="malformed", rate=0.04, times=None)
    plan.add("/api/*", "GET", kind="truncate", rate=0.03, times=None)
    return sandbox


def signed_in_app(sandbox: Sandbox) -> AtbApp:
    """The app on a saved (non-demo) profile, so the token lives in the config dir."""
    ProfileStore().save(Profile("lab", api_url=sandbox.base_url), sandbox.token)
    return make_app(sandbox, demo=False, profile="lab", now=sandbox.clock.now)


def injected(sandbox: Sandbox) -> Counter[str]:
    """How many faults of each kind the sandbox injected (status faults by code)."""
    kinds = Counter[str]()
    for entry in sandbox.request_log:
        if entry.fault == "status":
            kinds[str(entry.status)] += 1
        elif entry.fault is not None:
            kinds[entry.fault] += 1
    return kinds


@pytest.mark.slow
async def test_seed_workflow_through_the_ui_survives_faults_and_leaks_no_token(
    tmp_path: Path, isolated_config: Path
) -> None:
    token = distinctive_token()
    sandbox = faulty_sandbox(token)
    before = [len(sandbox.world.datasets), len(sandbox.world.batches), len(sandbox.world.studies)]
    log = configure_logging("DEBUG", path=isolated_config / "atb-tui.log")
    app = signed_in_app(sandbox)
    seen = watch_messages(app)
    screens: list[str] = []
    try:
        async with app.run_test(size=(120, 35)) as pilot:
            user = User(pilot, seen)
            made = await seed_workflow_ui(user, sandbox, write_file("r.csv", GOOD_CSV, tmp_path))
            screens.append(screen_text(app))
    finally:
        shutdown_logging()

    kinds = injected(sandbox)
    print(f"\ninjected faults by kind: {dict(sorted(kinds.items()))}; user retries: {user.retries}")
    writes = Counter(
        f"{e.method} {e.fault}" for e in sandbox.request_log if e.fault and e.method != "GET"
    )
    print(f"faults on writes: {dict(sorted(writes.items()))}")
    print(f"failures shown to the user: {len(seen.messages)}; error modals: {len(user.modals)}")
    assert sum(kinds.values()) >= 10, "the run must actually have been disturbed"
    assert kinds["drop"] >= len(LOST_ANSWERS)
    assert not seen.unreadable(), seen.unreadable()
    assert all(message.strip(": ") for message in seen.messages)
    after = [len(sandbox.world.datasets), len(sandbox.world.batches), len(sandbox.world.studies)]
    assert after == [n + 1 for n in before], "one dataset, one batch, one study: no duplicates"
    reached = [  # publish requests that got past the fault layer (answered or answer lost)
        e
        for e in sandbox.request_log
        if e.method == "POST" and e.path.rstrip("/").endswith("/transition") and e.fault != "status"
    ]
    assert sandbox.world.studies[made.study_id].status in ("ACTIVE", "AWAITING REVIEW")
    assert len(reached) == 1, "published exactly once, never re-sent after a lost answer"
    layout = sandbox.world.batches[made.batch_id].batch_items or []
    saved = [i for row in layout[0]["rows"] for col in row["columns"] for i in col["items"]]
    questions = [i for i in saved if i.get("type") == "multiple_choice"]
    assert [q["description"] for q in questions] == [QUESTION]
    assert [o["value"] for o in questions[0]["options"]] == [v for _, v in OPTIONS]

    # Proof 2: the token is nowhere but its own file; storage never saw it.
    files = files_under(tmp_path)  # config dir, log, downloads, the uploaded file
    token_files = [p for p in files if p.read_bytes().strip() == token.encode()]
    assert len(token_files) == 1, "the profile's token file holds the token"
    assert log.stat().st_size > 0, "the run was logged"
    assert files_with(token, files, allowed=token_files) == []
    rendered_with = make_sandbox().token  # the snapshots and screenshots show this sandbox
    assert files_with(rendered_with, files_under(SNAPSHOTS, SCREENSHOTS)) == []
    assert texts_with(token, [*seen.messages, *screens]) == []
    assert presigned_requests(sandbox), "the upload went to a presigned URL"
    assert presigned_with_authorization(sandbox) == []

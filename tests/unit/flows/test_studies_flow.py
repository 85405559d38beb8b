"""The studies flow against the sandbox: drafts made once, lost answers re-read, never re-sent."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest

from atb_tui.api import ProlificClient, ServerError
from atb_tui.flows.studies import (
    OutcomeUncheckedError,
    TargetStudies,
    allowed,
    more_annotators,
    more_places,
    parse_publish_at,
    save_draft,
    study_cost,
    target_studies,
    transition,
    update,
    whole_number,
)
from atb_tui.sandbox import Sandbox
from atb_tui.views.study_plan import StudyPlan, default_values, parse_plan
from tests.helpers.sandbox import FAST_RETRY, make_sandbox, sandbox_client

READY_BATCH = "01a1d948-f680-7886-bbd6-80389c22c60d"  # 15 task groups, no study yet
ACTIVE_STUDY = "2a3912dfb8d51909016631fa"  # 150 task groups × 3 annotators
STUDIES = "/api/v1/studies"
TRANSITION = "/api/v1/studies/*/transition"


@pytest.fixture
def sandbox() -> Sandbox:
    return make_sandbox()


@pytest.fixture
async def client(sandbox: Sandbox) -> AsyncIterator[ProlificClient]:
    async with sandbox_client(sandbox) as api:
        yield api


def plan(name: str = "Rate reviews", annotators: int = 1) -> StudyPlan:
    values = {**default_values(name, "GBP"), "annotators": str(annotators)}
    parsed = parse_plan(values, "GBP")
    assert parsed.ok
    return parsed


def studies_of(sandbox: Sandbox, batch_id: str = READY_BATCH) -> list[str]:
    return [
        study_id
        for study_id, study in sandbox.world.studies.items()
        if study.settings.get("data_collection_id") == batch_id
    ]


def sent(sandbox: Sandbox, method: str, suffix: str) -> int:
    """How many `method` requests reached the sandbox at a path ending in `suffix`."""
    return sum(
        1
        for r in sandbox.request_log
        if r.method == method and r.path.rstrip("/").endswith(suffix.rstrip("/"))
    )


async def draft(client: ProlificClient, annotators: int = 1) -> TargetStudies:
    saved = await save_draft(
        client, TargetStudies(), READY_BATCH, plan(annotators=annotators), kind="batch",
        task_groups=15,
    )  # fmt: skip
    assert not saved.lost
    return saved.studies


async def test_a_draft_is_created_once_then_updated(
    sandbox: Sandbox, client: ProlificClient
) -> None:
    first = await draft(client)
    assert first.draft is not None
    assert first.draft.status == "UNPUBLISHED"
    assert first.draft.total_available_places == 15
    # A fresh form that does not know of the draft finds it and updates it.
    again = await draft(client, annotators=2)
    assert again.draft is not None
    assert again.draft.id == first.draft.id
    assert studies_of(sandbox) == [first.draft.id]
    assert sandbox.world.studies[first.draft.id].settings["total_available_places"] == 30
    found = (await target_studies(client, READY_BATCH)).draft
    assert found is not None
    assert found.id == first.draft.id


async def test_a_lost_create_is_found_by_rereading_and_not_sent_again(
    sandbox: Sandbox, client: ProlificClient
) -> None:
    sandbox.faults.add(path_pattern=STUDIES, method="POST", kind="drop")
    saved = await save_draft(
        client, TargetStudies(), READY_BATCH, plan(), kind="batch", task_groups=15
    )
    assert saved.lost
    assert saved.studies.draft is not None
    assert studies_of(sandbox) == [saved.studies.draft.id]
    assert sent(sandbox, "POST", STUDIES) == 1


async def test_a_lost_create_whose_check_fails_is_unchecked_not_repeated(
    sandbox: Sandbox, client: ProlificClient
) -> None:
    sandbox.faults.add(path_pattern=STUDIES, method="POST", kind="drop")
    # The first list (looking for a draft) passes; the check after the lost answer fails.
    sandbox.faults.add(path_pattern=STUDIES, method="GET", kind="drop", times=None, after=1)
    with pytest.raises(OutcomeUncheckedError) as raised:
        await save_draft(client, TargetStudies(), READY_BATCH, plan(), kind="batch", task_groups=15)
    assert "create" in raised.value.message
    assert sent(sandbox, "POST", STUDIES) == 1
    assert len(studies_of(sandbox)) == 1  # it was made; the caller must check before again


async def test_a_lost_publish_is_read_back_and_sent_once(
    sandbox: Sandbox, client: ProlificClient
) -> None:
    made = (await draft(client)).draft
    assert made is not None
    sandbox.faults.add(path_pattern=TRANSITION, method="POST", kind="drop")
    written = await transition(client, made.id, "PUBLISH")
    assert written.lost
    assert written.study.status == "ACTIVE"
    assert sent(sandbox, "POST", "/transition") == 1
    assert not allowed("PUBLISH", written.study.status)  # a second publish is not offered


async def test_a_lost_publish_whose_check_fails_raises_unchecked(
    sandbox: Sandbox, client: ProlificClient
) -> None:
    made = (await draft(client)).draft
    assert made is not None
    sandbox.faults.add(path_pattern=TRANSITION, method="POST", kind="drop")
    sandbox.faults.add(path_pattern=f"{STUDIES}/{made.id}", method="GET", kind="drop", times=None)
    with pytest.raises(OutcomeUncheckedError) as raised:
        await transition(client, made.id, "PUBLISH")
    assert raised.value.operation == "publish"
    assert sent(sandbox, "POST", "/transition") == 1


async def test_a_refused_publish_raises_and_is_not_retried(
    sandbox: Sandbox, client: ProlificClient
) -> None:
    made = (await draft(client)).draft
    assert made is not None
    sandbox.faults.add(path_pattern=TRANSITION, method="POST", status=503, times=None)
    with pytest.raises(ServerError):
        await transition(client, made.id, "PUBLISH")
    assert sandbox.world.studies[made.id].status == "UNPUBLISHED"
    assert sent(sandbox, "POST", "/transition") == 1


async def test_pause_resume_stop_follow_the_allowed_table(
    sandbox: Sandbox, client: ProlificClient
) -> None:
    study = await client.studies.get(ACTIVE_STUDY)
    steps = [("PAUSE", "PAUSED"), ("START", "ACTIVE"), ("STOP", "COMPLETED")]
    for action, status in steps:
        assert allowed(action, study.status)
        written = await transition(client, ACTIVE_STUDY, action)
        assert not written.lost
        study = written.study
        assert study.status == status == sandbox.world.studies[ACTIVE_STUDY].status
    assert not any(allowed(a, "COMPLETED") for a in ("PAUSE", "START", "STOP", "MORE_PLACES"))
    assert allowed("REFRESH", "COMPLETED")  # operations the table does not name are free


async def test_schedule_then_cancel(sandbox: Sandbox, client: ProlificClient) -> None:
    made = (await draft(client)).draft
    assert made is not None
    when = parse_publish_at(" 2026-11-24 09:00 ")
    assert when == datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
    scheduled = await transition(client, made.id, "SCHEDULE_PUBLISH", when)
    assert scheduled.study.status == "SCHEDULED"
    assert allowed("CANCEL_PUBLISH", "SCHEDULED")
    cancelled = await transition(client, made.id, "CANCEL_PUBLISH")
    assert cancelled.study.status == "UNPUBLISHED"
    assert parse_publish_at("next tuesday") is None


async def test_more_annotators_adds_a_place_per_task_group(
    sandbox: Sandbox, client: ProlificClient
) -> None:
    study = await client.studies.get(ACTIVE_STUDY)
    growth = more_annotators(study, 4)
    assert growth.added_places == 150
    assert growth.what == "3 → 4 annotators per task"
    written = await update(client, ACTIVE_STUDY, growth.changes)
    assert written.study.total_available_places == 600
    assert sandbox.world.studies[ACTIVE_STUDY].settings["total_available_places"] == 600


async def test_a_lost_update_is_read_back(sandbox: Sandbox, client: ProlificClient) -> None:
    study = await client.studies.get(ACTIVE_STUDY)
    # A PATCH is safe to repeat, so the client retries it; when every answer is lost the flow
    # reads the study back instead of failing blind.
    sandbox.faults.add(path_pattern=f"{STUDIES}/*", method="PATCH", kind="drop", times=None)
    written = await update(client, ACTIVE_STUDY, more_annotators(study, 4).changes)
    assert written.lost
    assert written.study.total_available_places == 600
    assert sent(sandbox, "PATCH", ACTIVE_STUDY) == FAST_RETRY.max_attempts


async def test_more_places_and_typed_counts(client: ProlificClient) -> None:
    study = await client.studies.get(ACTIVE_STUDY)
    growth = more_places(study, 500)
    assert (growth.added_places, growth.what) == (50, "450 → 500 places")
    assert growth.changes.total_available_places == 500
    assert whole_number(" 12 ") == 12
    assert whole_number("²") is None  # a digit to str.isdigit, not to int()
    assert whole_number("1.5") is None
    assert whole_number(None) is None


async def test_cost_is_prolifics_or_none(client: ProlificClient) -> None:
    made = (await draft(client)).draft
    assert made is not None
    cost = await study_cost(client, made.id, "GBP")
    assert cost is not None
    assert cost.rewards == 150 * 15
    assert await study_cost(client, "0" * 24, "GBP") is None  # no such study: no figure

"""The seed workflow end to end through our client, against the in-process sandbox."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from atb_tui.api.models import StudyAction
from tests.helpers.sandbox import make_sandbox, sandbox_client
from tests.helpers.workflow import seed_workflow, study_for
from tests.helpers.workflow_v4 import v4_workflow


async def test_seed_workflow_end_to_end(tmp_path: Path) -> None:
    sandbox = make_sandbox()
    async with sandbox_client(sandbox) as client:
        await seed_workflow(sandbox, client, tmp_path)


async def test_v4_layouts_syncs_and_collections(tmp_path: Path) -> None:
    sandbox = make_sandbox()
    async with sandbox_client(sandbox) as client:
        await v4_workflow(sandbox, client, tmp_path)


async def test_schedule_and_cancel_publish(tmp_path: Path) -> None:
    sandbox = make_sandbox()
    async with sandbox_client(sandbox) as client:
        ready = next(b.id for b in sandbox.world.batches.values() if b.status == "READY")
        study = await client.studies.create(study_for(ready, annotators=1))
        when = sandbox.clock.now() + timedelta(hours=2)
        scheduled = await client.studies.transition(study.id, "SCHEDULE_PUBLISH", publish_at=when)
        assert scheduled.status == "SCHEDULED"
        assert scheduled.publish_at == when
        cancelled = await client.studies.transition(study.id, StudyAction.CANCEL_PUBLISH)
        assert cancelled.status == "UNPUBLISHED"
        sandbox.advance(3 * 3600)
        assert (await client.studies.get(study.id)).status == "UNPUBLISHED"

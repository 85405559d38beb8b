"""Review and export-job steps run inside the integration workflows (coverage, conformance)."""

from __future__ import annotations

import pytest

from atb_tui.api import ConflictError, ProlificClient
from atb_tui.api.errors import InvalidRejectionError
from atb_tui.api.resources._exports import ExportingResource
from atb_tui.sandbox import Sandbox

REASON = "Your answers did not follow the instructions: several free-text answers were empty " * 2


async def review_study(sandbox: Sandbox, client: ProlificClient, study_id: str) -> None:
    """Approve one, reject one, bulk-approve the rest: the study completes."""
    waiting = [
        s for s in await client.studies.submissions(study_id) if s.status == "AWAITING REVIEW"
    ]
    first, second, *rest = waiting
    approved = await client.submissions.transition(first.id, "APPROVE")
    assert approved.status == "APPROVED"
    assert (await client.submissions.get(first.id)).status == "APPROVED"
    with pytest.raises(InvalidRejectionError):
        await client.submissions.reject(second.id, "LOW_EFFORT", "too short")
    rejected = await client.submissions.reject(second.id, "LOW_EFFORT", REASON)
    assert rejected.status == "REJECTED"
    message = await client.submissions.bulk_approve([s.id for s in rest])
    assert isinstance(message, str)
    assert message
    sandbox.advance(5)
    counts = await client.studies.submission_counts(study_id)
    assert counts["APPROVED"] == 1 + len(rest)


async def export_jobs(sandbox: Sandbox, resource: ExportingResource, parent_id: str) -> None:
    """List, filter, the 409 while generating, delete when finished."""
    job = await resource.request_export(parent_id, study_id="000000000000000000000000")
    assert job.export_id is not None
    assert job.status == "generating"
    assert job.export_id in {j.export_id for j in await resource.list_exports(parent_id)}
    with pytest.raises(ConflictError, match="still being generated"):
        await resource.delete_export(parent_id, job.export_id)
    sandbox.advance(20)
    assert (await resource.export_status(parent_id, job.export_id)).is_complete
    await resource.delete_export(parent_id, job.export_id)
    assert job.export_id not in {j.export_id for j in await resource.list_exports(parent_id)}

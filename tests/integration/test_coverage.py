"""Every public method of the client runs against the sandbox in the integration scenarios."""

from __future__ import annotations

from pathlib import Path

from tests.helpers.recording import every_method, record_calls
from tests.helpers.sandbox import make_sandbox, sandbox_client
from tests.helpers.workflow import seed_workflow
from tests.helpers.workflow_v4 import v4_workflow


async def test_every_client_method_runs_against_the_sandbox(tmp_path: Path) -> None:
    sandbox = make_sandbox()
    async with sandbox_client(sandbox) as client:
        expected = every_method(client)
        called = record_calls(client)
        await seed_workflow(sandbox, client, tmp_path / "seed")
        await v4_workflow(sandbox, client, tmp_path / "v4")
    assert len(expected) > 50, "introspection found the resource methods"
    assert expected - called == set(), "methods no integration scenario calls"

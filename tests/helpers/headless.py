"""Run `atb-tui status|watch|responses` in process against a manual-clock sandbox.

The command goes through `cli.main` exactly as from a shell; only its context is swapped: output
is captured, `--demo` gets this sandbox, a token connects to it, and waiting advances its clock
(so a `watch` that takes minutes of simulated time takes milliseconds, and never sleeps).
"""

from __future__ import annotations

import importlib
import io
from collections.abc import Mapping
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from atb_tui.cli import build_parser, main
from atb_tui.headless.common import Context, use_context
from atb_tui.sandbox import ManualClock, Sandbox
from atb_tui.storage.profiles import Profile
from tests.helpers.raw_api import DC, draft_study, ready_batch
from tests.helpers.sandbox import sandbox_client

WORKSPACE = "Sentiment Lab"


@dataclass
class Result:
    """What a run printed, its exit code, and how long each wait between polls was."""

    code: int
    out: str
    err: str
    sleeps: list[float] = field(default_factory=list)

    @property
    def lines(self) -> list[str]:
        return self.out.splitlines()


def run_headless(sandbox: Sandbox, *argv: str, env: Mapping[str, str] | None = None) -> Result:
    """`atb-tui *argv`; with `env` None the sandbox's token is in PROLIFIC_TOKEN."""
    context, sleeps = sandbox_context(sandbox, env)
    out, err = context.stdout, context.stderr
    # main() prints its one error line on sys.stderr itself
    with use_context(context), redirect_stdout(out), redirect_stderr(err):
        code = main(list(argv))
    return Result(code, out.getvalue(), err.getvalue(), sleeps)  # type: ignore[attr-defined]


async def run_headless_async(sandbox: Sandbox, *argv: str) -> Result:
    """The same inside a running event loop (UI tests): the command's coroutine, awaited."""
    args = build_parser().parse_args(list(argv))
    command = getattr(importlib.import_module(f"atb_tui.headless.{args.command}"), args.command)
    context, sleeps = sandbox_context(sandbox, None)
    code = await command(args, context)
    return Result(code, context.stdout.getvalue(), context.stderr.getvalue(), sleeps)  # type: ignore[attr-defined]


def sandbox_context(sandbox: Sandbox, env: Mapping[str, str] | None) -> tuple[Context, list[float]]:
    """A context on this sandbox: captured output, its token, its clock; and the waits."""
    out, err = io.StringIO(), io.StringIO()
    sleeps: list[float] = []

    async def sleep(seconds: float) -> None:
        sleeps.append(seconds)
        sandbox.advance(seconds)

    def connect(profile: Profile, token: str):  # type: ignore[no-untyped-def]
        return sandbox_client(sandbox, token)

    context = Context(
        env={"PROLIFIC_TOKEN": sandbox.token} if env is None else dict(env),
        stdout=out,
        stderr=err,
        make_sandbox=lambda: sandbox,
        connect=connect,
        sleep=sleep,
        monotonic=lambda: sandbox.clock.now().timestamp(),
        now=sandbox.clock.now,
    )
    return context, sleeps


def only_gets(sandbox: Sandbox) -> list[str]:
    """Every request the sandbox saw that was not a GET (expected: none)."""
    return [f"{r.method} {r.path}" for r in sandbox.request_log if r.method != "GET"]


async def sandbox_export(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """Publish a 12-task batch (Sentiment? + Why?) to 3 annotators per task, export it."""
    sandbox = Sandbox(clock=ManualClock(), demo_data=False)
    headers = {"Authorization": "Token sandbox-token"}
    async with httpx.AsyncClient(
        transport=sandbox.transport(), base_url=sandbox.base_url, headers=headers
    ) as api:
        batch_id = await ready_batch(sandbox, api, rows=12, per_group=3)
        study = await draft_study(api, batch_id, per_task=3)
        await api.post(f"/api/v1/studies/{study['id']}/transition/", json={"action": "PUBLISH"})
        for _ in range(60):
            sandbox.advance(10)
            status = (await api.get(f"/api/v1/studies/{study['id']}/")).json()["status"]
            if status != "ACTIVE":
                break
        export_id = (await api.post(f"{DC}/batches/{batch_id}/export")).json()["export_id"]
        sandbox.advance(10)
        job = (await api.get(f"{DC}/batches/{batch_id}/export/{export_id}")).json()
        assert job["status"] == "complete"
        instructions = (await api.get(f"{DC}/batches/{batch_id}/instructions")).json()
    async with httpx.AsyncClient(transport=sandbox.transport()) as storage:
        path = tmp_path / "export.zip"
        path.write_bytes((await storage.get(job["url"])).content)
    items = (
        instructions.get("results", instructions)
        if isinstance(instructions, dict)
        else instructions
    )
    return path, {i["description"]: i["id"] for i in items}

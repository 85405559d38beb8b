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

from atb_tui.cli import build_parser, main
from atb_tui.headless.common import Context, use_context
from atb_tui.sandbox import Sandbox
from atb_tui.storage.profiles import Profile
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


def item_id(items: Mapping[str, object], name: str) -> str:
    """The id of the sandbox object called `name` (a study keeps its name in its settings)."""
    for key, item in items.items():
        settings = getattr(item, "settings", None) or {}
        if name in (getattr(item, "name", None), settings.get("name")):
            return key
    raise KeyError(name)


def only_gets(sandbox: Sandbox) -> list[str]:
    """Every request the sandbox saw that was not a GET (expected: none)."""
    return [f"{r.method} {r.path}" for r in sandbox.request_log if r.method != "GET"]

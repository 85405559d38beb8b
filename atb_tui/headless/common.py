"""What `status`, `watch` and `responses` share: connecting as the app does, choosing the
workspace, printing tables and JSON, and progress on stderr only when a person watches it.

Connection rules are the app's (`startup.plan_start`): --profile, else PROLIFIC_TOKEN with
PROLIFIC_URL, else the active profile; --demo runs on an in-process sandbox. API errors become
one line: exit 2 when the token or the input is wrong, 1 when the API failed.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import sys
import time
from collections.abc import (
    AsyncIterator,
    Awaitable,
    Callable,
    Coroutine,
    Iterator,
    Mapping,
    Sequence,
)
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, TextIO

from atb_tui.api import ProlificClient
from atb_tui.api.errors import (
    AuthenticationError,
    BadRequestError,
    ConfigurationError,
    NotFoundError,
    PermissionDeniedError,
    ProlificError,
    UnprocessableError,
)
from atb_tui.api.models import Batch, Workspace
from atb_tui.startup import AtbError, UsageError, plan_start
from atb_tui.storage.logging_setup import register_secret
from atb_tui.storage.profiles import Profile, ProfileStore

if TYPE_CHECKING:
    from atb_tui.sandbox import Sandbox

# What the API answers for an id that names nothing (a malformed one gives 400 or 422).
MISSING = (NotFoundError, BadRequestError, UnprocessableError)


def _new_sandbox() -> Sandbox:
    from atb_tui.sandbox import Sandbox

    return Sandbox()


def _remote_client(profile: Profile, token: str) -> ProlificClient:
    return ProlificClient(token, base_url=profile.api_url)


@dataclass
class Context:
    """Where a command reads and writes, and its clock: the real ones unless a test says."""

    env: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))
    stdout: TextIO = field(default_factory=lambda: sys.stdout)
    stderr: TextIO = field(default_factory=lambda: sys.stderr)
    make_sandbox: Callable[[], Sandbox] = _new_sandbox
    connect: Callable[[Profile, str], ProlificClient] = _remote_client
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep
    monotonic: Callable[[], float] = time.monotonic
    now: Callable[[], datetime] = lambda: datetime.now(UTC)

    def out(self, line: str = "") -> None:
        print(line, file=self.stdout, flush=True)

    def json(self, value: Any, *, lines: bool = False) -> None:
        """One JSON document (indented), or one compact line for JSON-lines streams."""
        indent = None if lines else 2
        self.out(json.dumps(value, indent=indent, ensure_ascii=False, default=str))

    def note(self, line: str) -> None:
        """A line for a person on stderr (warnings, where a file went)."""
        print(line, file=self.stderr, flush=True)

    @property
    def interactive(self) -> bool:
        """Whether stderr is a terminal: progress is shown only then (never in logs or CI)."""
        isatty = getattr(self.stderr, "isatty", None)
        return bool(isatty and isatty())

    def progress(self, line: str) -> None:
        """Overwrite the progress line on a terminal's stderr; nothing otherwise."""
        if self.interactive:
            print(f"\r\x1b[2K{line}", end="", file=self.stderr, flush=True)

    def end_progress(self) -> None:
        if self.interactive:
            print("\r\x1b[2K", end="", file=self.stderr, flush=True)


_override: Context | None = None


@contextlib.contextmanager
def use_context(context: Context) -> Iterator[Context]:
    """Run commands with this context (tests: a sandbox's client, captured output, its clock)."""
    global _override
    previous, _override = _override, context
    try:
        yield context
    finally:
        _override = previous


def current_context() -> Context:
    return _override or Context()


Command = Callable[[argparse.Namespace, Context], Coroutine[Any, Any, int]]


def run(command: Command, args: argparse.Namespace) -> int:
    """Run an async command to its exit code; API errors end as one line (see the module)."""
    context = current_context()
    try:
        return asyncio.run(command(args, context))
    except (AuthenticationError, PermissionDeniedError, ConfigurationError) as error:
        raise UsageError(f"{error} (check the token, the profile or PROLIFIC_URL)") from None
    except ProlificError as error:
        raise AtbError(str(error)) from None


@dataclass
class Connection:
    """A client for this run, the profile it came from, and the sandbox under --demo."""

    client: ProlificClient
    profile: Profile | None = None
    sandbox: Sandbox | None = None


@contextlib.asynccontextmanager
async def connect(args: argparse.Namespace, context: Context) -> AsyncIterator[Connection]:
    """A client as the app would make one (and closed afterwards)."""
    connection = _connection(args, context)
    http_log = getattr(args, "http_log_file", None)  # --http-log: every request as a JSON line
    if http_log is not None:
        connection.client.request_log.add_listener(http_log.write)
    try:
        yield connection
    finally:
        await connection.client.aclose()
        if http_log is not None:
            http_log.close()


def _connection(args: argparse.Namespace, context: Context) -> Connection:
    demo = bool(getattr(args, "demo", False))
    plan = plan_start(
        demo=demo,
        api_url=getattr(args, "api_url", None),
        profile_name=getattr(args, "profile", None),
        env=context.env,
        profiles=ProfileStore(),
    )
    for warning in plan.warnings:
        context.note(f"atb-tui: warning: {warning}")
    if demo:
        from atb_tui.session import sandbox_session

        sandbox = context.make_sandbox()
        return Connection(sandbox_session(lambda: sandbox).client, sandbox=sandbox)
    if plan.profile is None or plan.token is None:
        reason = plan.sign_in_reason or "No API token."
        raise UsageError(
            f"{reason} Set PROLIFIC_TOKEN, use --profile NAME, or run atb-tui once to sign in "
            "(--demo needs none)"
        )
    register_secret(plan.token)  # from here no log line or crash report can show it
    return Connection(context.connect(plan.profile, plan.token), plan.profile)


async def resolve_workspace(connection: Connection, wanted: str | None) -> Workspace:
    """The workspace named by --workspace (id or title), else the profile's default, else the
    only one; otherwise a UsageError listing them."""
    workspaces = await connection.client.workspaces.list()
    if wanted is None and connection.profile is not None:
        wanted = connection.profile.default_workspace
    if wanted is None:
        if len(workspaces) == 1:
            return workspaces[0]
        raise UsageError(f"choose a workspace with --workspace: {_listing(workspaces)}")
    found = [w for w in workspaces if w.id == wanted]
    found = found or [w for w in workspaces if w.title.casefold() == wanted.strip().casefold()]
    if len(found) == 1:
        return found[0]
    problem = "several workspaces are called" if found else "no workspace with id or name"
    raise UsageError(f"--workspace: {problem} {wanted!r} ({_listing(found or workspaces)})")


async def find_batch_by_name(connection: Connection, wanted: str, workspace: str | None) -> Batch:
    """A batch of the chosen workspace by its name (any case); a UsageError if none."""
    from atb_tui.flows.responses import resolve_batch

    try:
        chosen = await resolve_workspace(connection, workspace)
    except UsageError as error:
        raise UsageError(f"{wanted!r} is not an id, so it is a batch name: {error}") from None
    try:
        return await resolve_batch(connection.client, chosen.id, wanted)
    except LookupError:
        raise UsageError(
            f"no batch called {wanted!r} in workspace {chosen.title} (or give an id)"
        ) from None


def _listing(workspaces: Sequence[Workspace]) -> str:
    if not workspaces:
        return "this account has no workspace"
    return ", ".join(f"{w.title} ({w.id})" for w in workspaces)


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], indent: str = "  ") -> list[str]:
    """Rows under headers in columns as wide as their widest cell (the last one is not padded)."""
    widths = [max(len(str(row[n])) for row in [headers, *rows]) for n in range(len(headers))]

    def line(cells: Sequence[str]) -> str:
        padded = [f"{cell!s:<{width}}" for cell, width in zip(cells, widths, strict=True)]
        return (indent + "  ".join(padded)).rstrip()

    return [line(headers), *(line(row) for row in rows)]

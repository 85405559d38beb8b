"""`atb-tui watch ITEM`: follow a batch, dataset or study until it reaches a state.

Polls with the monitor's policy (`logic.polling`: fast while processing or live, the refresh
interval from settings while idle, backing off while the API fails) and prints one line per
state change. Exit codes: 0 reached, 1 failed (ERROR), 2 bad input, 3 timed out.

JSON lines (stable, see the README): every change is `{"event": "state", "time", "kind", "id",
"name", "status", "previous", "progress", "detail", "done"}`; the last line is `{"event":
"end", "outcome": "reached" | "failed" | "timeout", "kind", "id", "name", "status", "until",
"elapsed_seconds"}`.
"""

from __future__ import annotations

import argparse
import math
from dataclasses import dataclass
from typing import Any

from atb_tui.api import ProlificClient
from atb_tui.api.errors import (
    AuthenticationError,
    NotFoundError,
    PermissionDeniedError,
    ProlificError,
    RateLimitError,
)
from atb_tui.headless.common import (
    MISSING,
    Connection,
    Context,
    connect,
    find_batch_by_name,
)
from atb_tui.headless.common import run as run_command
from atb_tui.headless.registry import EXIT_TIMEOUT
from atb_tui.logic.jump import looks_like_id
from atb_tui.logic.lifecycle import Outcome, UnknownState, normalise_state, outcome
from atb_tui.logic.polling import PollPolicy, classify, format_duration
from atb_tui.startup import AtbError, UsageError
from atb_tui.views.monitor_rows import (
    Observation,
    batch_observation,
    dataset_observation,
    study_observation,
)

OBJECT_ID_LENGTH = 24  # Prolific's study ids; batches and datasets have UUIDs
EXIT_CODES = {Outcome.REACHED: 0, Outcome.FAILED: 1}


def run(args: argparse.Namespace) -> int:
    """Run the command; returns the exit code."""
    return run_command(watch, args)


async def watch(args: argparse.Namespace, context: Context) -> int:
    async with connect(args, context) as connection:
        first = await find_item(connection, args.item.strip(), args.workspace)
        try:
            until = normalise_state(first.kind, args.until)
        except UnknownState as error:
            raise UsageError(f"--until: {error}") from None
        follower = Follower(connection.client, context, until, args.timeout, args.json)
        return await follower.follow(first)


async def find_item(connection: Connection, wanted: str, workspace: str | None) -> Observation:
    """The item's first observation: a study for a 24-hex id, a batch or dataset for a UUID,
    else a batch of the workspace with that name."""
    client = connection.client
    if not looks_like_id(wanted):
        return batch_observation(await find_batch_by_name(connection, wanted, workspace))
    kinds = ("study",) if len(wanted) == OBJECT_ID_LENGTH else ("batch", "dataset")
    for kind in kinds:
        try:
            return await observe(client, kind, wanted)
        except MISSING:
            continue
    raise UsageError(f"no {' or '.join(kinds)} with id {wanted}")


async def observe(client: ProlificClient, kind: str, item_id: str) -> Observation:
    """One poll of the item, as the monitor sees it (GETs only)."""
    if kind == "batch":
        return batch_observation(await client.batches.get(item_id))
    if kind == "dataset":
        return dataset_observation(await client.datasets.get(item_id))
    study = await client.studies.get(item_id)
    return study_observation(study, await client.studies.submission_counts(item_id))


def _policy() -> PollPolicy:
    """The monitor's policy with the user's refresh interval (settings.toml)."""
    from atb_tui.storage.settings import load_settings

    settings, _ = load_settings()
    return PollPolicy().with_refresh_interval(settings.refresh_interval)


@dataclass
class Follower:
    """The wait: polls, reports changes, and decides when it is over."""

    client: ProlificClient
    context: Context
    until: str
    timeout: float | None
    as_json: bool

    async def follow(self, first: Observation) -> int:
        policy, started = _policy(), self.context.monotonic()
        seen: Observation | None = None
        current: Observation | None = first
        failures, retry_after = 0, None
        while True:
            if current is not None:
                self._report(seen, current)
                seen = current
                result = outcome(seen.kind, seen.status, self.until)
                if result is not Outcome.WAITING:
                    return self._end(seen, result.value, started, EXIT_CODES[result])
            assert seen is not None  # the first observation is never None
            elapsed = self.context.monotonic() - started
            if self.timeout is not None and elapsed >= self.timeout:
                return self._end(seen, "timeout", started, EXIT_TIMEOUT)
            activity = classify([seen.status], open_ended=True)
            delay = policy.next_delay(activity, failures, retry_after=retry_after) or policy.idle
            if self.timeout is not None:
                delay = min(delay, self.timeout - elapsed)
            await self.context.sleep(delay)
            try:
                current = await observe(self.client, seen.kind, seen.item_id)
                failures, retry_after = 0, None
            except NotFoundError:
                raise AtbError(f"{seen.kind} {seen.item_id} no longer exists") from None
            except (AuthenticationError, PermissionDeniedError):
                raise
            except ProlificError as error:
                current, failures = None, failures + 1
                retry_after = error.retry_after if isinstance(error, RateLimitError) else None
                self.context.note(f"atb-tui: watch: {error} (retrying)")

    def _report(self, seen: Observation | None, current: Observation) -> None:
        if seen is not None and seen.status == current.status:
            if seen.progress != current.progress:
                self.context.progress(f"{current.name}: {current.progress}")
            return
        self.context.end_progress()
        if self.as_json:
            self.context.json(self._state_json(seen, current), lines=True)
            return
        change = f"{seen.status} → {current.status}" if seen else current.status
        extra = "; ".join(part for part in (current.progress, current.detail) if part)
        when = self.context.now().strftime("%H:%M:%S")
        self.context.out(f"{when}  {current.kind} {current.name}: {change}  ({extra})")

    def _state_json(self, seen: Observation | None, current: Observation) -> dict[str, Any]:
        return {
            "event": "state",
            "time": self.context.now().isoformat(),
            "kind": current.kind,
            "id": current.item_id,
            "name": current.name,
            "status": current.status,
            "previous": seen.status if seen else None,
            "progress": current.progress,
            "detail": current.detail,
            "done": current.done,
        }

    def _end(self, seen: Observation, result: str, started: float, code: int) -> int:
        elapsed = self.context.monotonic() - started
        self.context.end_progress()
        if self.as_json:
            self.context.json(
                {"event": "end", "outcome": result, "kind": seen.kind, "id": seen.item_id,
                 "name": seen.name, "status": seen.status, "until": self.until,
                 "elapsed_seconds": round(elapsed, 3)},
                lines=True,
            )  # fmt: skip
            return code
        what = f"{seen.kind} {seen.name} is {seen.status}"
        after = format_duration(math.floor(elapsed))
        lines = {
            "reached": f"Reached {self.until}: {what} (after {after}).",
            "failed": f"Failed: {what}.",
            "timeout": f"Timed out after {after}: {what}, not {self.until}.",
        }
        self.context.out(lines[result])
        return code

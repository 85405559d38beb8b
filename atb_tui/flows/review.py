"""Reviewing a study's submissions: load, plan, approve, reject (no widgets here).

Safety rules the screens rely on:

- Suggestions are never actions: :func:`plan_approve_unflagged` only proposes ids.
- Before acting, statuses are re-read and nothing is sent for a submission already in the
  target state, so running :func:`approve` or :func:`reject_each` again after a half-done
  run finishes the rest and sends nothing twice (whether Prolific accepts a repeated
  transition is not documented).
- Transition POSTs are never retried blindly; an answer lost on the way is reported as
  "outcome unknown", and the next run's re-read settles it.

Time is injectable (``sleep``) so tests follow asynchronous bulk approvals without waiting.
"""

from __future__ import annotations

import asyncio
import math
from collections import Counter
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from atb_tui.api import APIStatusError, NotFoundError, ProlificClient, ProlificError
from atb_tui.api.models.studies import Study, Submission
from atb_tui.api.models.submissions import BULK_APPROVE_LIMIT, checked_rejection
from atb_tui.logic.money import CostEstimate, cost_from_calculator

AWAITING = "AWAITING REVIEW"
APPROVE = "APPROVE"
APPROVED = "APPROVED"
REJECTED = "REJECTED"
AUTO_APPROVE_AFTER = timedelta(days=21)
Progress = Callable[[int, int], None]
Sleep = Callable[[float], Awaitable[None]]


@dataclass(frozen=True)
class ReviewRow:
    """One submission with the number of responses it produced."""

    submission: Submission
    responses: int


@dataclass(frozen=True)
class Rejection:
    """One rejection to send: the category and the message the participant will read."""

    submission_id: str
    category: str
    message: str


@dataclass(frozen=True)
class Outcome:
    """A submission that was not (or need not be) transitioned, and why."""

    submission_id: str
    reason: str


@dataclass
class ReviewResult:
    """What a run did: ``done`` ids, ``not_done`` and ``skipped`` with reasons."""

    done: list[str] = field(default_factory=list)
    not_done: list[Outcome] = field(default_factory=list)
    skipped: list[Outcome] = field(default_factory=list)
    requests: int = 0  # transition or bulk requests sent

    @property
    def complete(self) -> bool:
        """True when nothing is left to do."""
        return not self.not_done


@dataclass(frozen=True)
class ReviewPlan:
    """A suggestion: what could be approved, and what was held back with the reason."""

    approve: list[str]
    flagged: list[Outcome]
    not_reviewable: list[Outcome]


# -- loading -------------------------------------------------------------------------------


async def load_submissions(client: ProlificClient, study: Study) -> list[ReviewRow]:
    """The study's submissions, each with how many responses it recorded."""
    submissions = await client.studies.submissions(study.id)
    per_submission = await _response_counts(client, study)
    return [ReviewRow(s, per_submission.get(s.id, 0)) for s in submissions]


async def _response_counts(client: ProlificClient, study: Study) -> Counter[str]:
    method, parent = study.data_collection_method, study.data_collection_id
    if not parent:
        return Counter()
    if method == "AI_TASK_BUILDER_COLLECTION":
        records = await client.collections.responses(parent)
        return Counter(r.submission_id for r in records if r.submission_id)
    responses = await client.batches.responses(parent)
    return Counter(r.submission_id for r in responses if r.submission_id)


def plan_approve_unflagged(rows: Iterable[ReviewRow], flags: Mapping[str, str]) -> ReviewPlan:
    """Suggest approving every submission awaiting review whose participant is not flagged.

    ``flags`` maps participant ids to the reason they were flagged (agreement, speed...)."""
    approve, flagged, other = [], [], []
    for row in rows:
        item = row.submission
        if item.status != AWAITING:
            other.append(Outcome(item.id, f"is {item.status}"))
        elif item.participant_id in flags:
            flagged.append(Outcome(item.id, flags[item.participant_id]))
        else:
            approve.append(item.id)
    return ReviewPlan(approve, flagged, other)


def days_left_before_auto_approve(completed_at: datetime | None, now: datetime) -> int | None:
    """Whole days until Prolific approves automatically (21 days after completion), >= 0."""
    if completed_at is None:
        return None
    left = (completed_at + AUTO_APPROVE_AFTER - now).total_seconds()
    return max(0, math.ceil(left / 86400))


async def approval_cost(
    client: ProlificClient, study: Study, submissions: Sequence[Submission]
) -> CostEstimate:
    """What approving these submissions pays: count x reward, fees and VAT from Prolific's
    calculator (rewards only, marked as such, when the calculator cannot be asked)."""
    default = study.reward or 0
    rewards = [s.reward if s.reward is not None else default for s in submissions]
    currency = study.currency_code or "GBP"
    uniform = len(set(rewards)) <= 1
    reward, places = (rewards[0] if rewards else 0, len(rewards)) if uniform else (sum(rewards), 1)
    try:
        total = await client.studies.calculate_cost(reward, places)
    except ProlificError:
        return CostEstimate(sum(rewards), None, None, sum(rewards), currency.upper(), "local")
    response = {"total_cost": total}
    return cost_from_calculator(response, reward_minor=reward, places=places, currency=currency)


# -- statuses ------------------------------------------------------------------------------


async def read_statuses(
    client: ProlificClient, ids: Sequence[str], study_id: str | None = None
) -> dict[str, str]:
    """Current status of each id: one list request for a study, else one GET per id."""
    if study_id is not None:
        wanted = set(ids)
        listed = await client.studies.submissions(study_id)
        return {s.id: s.status for s in listed if s.id in wanted}
    statuses = {}
    for submission_id in ids:
        try:
            statuses[submission_id] = (await client.submissions.get(submission_id)).status
        except NotFoundError:
            continue  # reported as "not found" by the caller
    return statuses


def _sort_out(
    ids: Sequence[str], statuses: Mapping[str, str], target: str, result: ReviewResult
) -> list[str]:
    """Ids still to act on; the rest go to ``skipped`` (already there) or ``not_done``."""
    todo = []
    for submission_id in dict.fromkeys(ids):
        status = statuses.get(submission_id)
        if status is None:
            result.not_done.append(Outcome(submission_id, "not found in this study"))
        elif status == target:
            result.skipped.append(Outcome(submission_id, f"already {target}"))
        elif status != AWAITING:
            result.skipped.append(Outcome(submission_id, f"is {status}, not awaiting review"))
        else:
            todo.append(submission_id)
    return todo


def _why(error: ProlificError) -> str:
    return f"{error.title}: {error.message}"


# -- approving -----------------------------------------------------------------------------


async def approve(
    client: ProlificClient,
    submission_ids: Sequence[str],
    on_progress: Progress | None = None,
    *,
    study_id: str | None = None,
    sleep: Sleep = asyncio.sleep,
    poll_interval: float = 2.0,
    max_polls: int = 30,
) -> ReviewResult:
    """Approve in bulk (chunks of 1,000), then follow the statuses until they change."""
    result = ReviewResult()
    statuses = await read_statuses(client, submission_ids, study_id)
    todo = _sort_out(submission_ids, statuses, APPROVED, result)
    sent = await _send_chunks(client, todo, result)
    polls = _Polls(client, study_id, sleep, poll_interval, max_polls)
    waiting = await polls.follow(sent.accepted, result, on_progress, len(todo))
    for submission_id in waiting:
        result.not_done.append(Outcome(submission_id, "still awaiting review: run again later"))
    unsure = await polls.settle(sent.unsure, result)
    for submission_id in unsure:
        result.not_done.append(Outcome(submission_id, f"outcome unknown ({sent.failure})"))
    for submission_id in sent.unsent:
        result.not_done.append(Outcome(submission_id, f"not sent (stopped after: {sent.failure})"))
    return result


@dataclass
class _Sent:
    """Which ids the bulk requests certainly reached, may have reached, or never carried."""

    accepted: list[str] = field(default_factory=list)
    unsure: list[str] = field(default_factory=list)
    unsent: list[str] = field(default_factory=list)
    failure: str | None = None


async def _send_chunks(client: ProlificClient, todo: list[str], result: ReviewResult) -> _Sent:
    """Bulk requests in order, stopping at the first error. A 4xx was refused; a 5xx or a
    lost answer may have been applied, so those ids are checked rather than resent.

    A single submission goes through its own transition (``APPROVE``), which Prolific
    applies at once, rather than through the asynchronous bulk endpoint."""
    sent = _Sent()
    if len(todo) == 1:
        return await _send_one(client, todo[0], result, sent)
    chunks = [todo[i : i + BULK_APPROVE_LIMIT] for i in range(0, len(todo), BULK_APPROVE_LIMIT)]
    for position, chunk in enumerate(chunks):
        result.requests += 1
        try:
            await client.submissions.bulk_approve(chunk)
        except ProlificError as error:
            sent.failure = _why(error)
            _note_failure(chunk, error, sent, result)
            sent.unsent.extend(i for rest in chunks[position + 1 :] for i in rest)
            return sent
        sent.accepted.extend(chunk)
    return sent


async def _send_one(
    client: ProlificClient, submission_id: str, result: ReviewResult, sent: _Sent
) -> _Sent:
    result.requests += 1
    try:
        await client.submissions.transition(submission_id, APPROVE)
    except ProlificError as error:
        sent.failure = _why(error)
        _note_failure([submission_id], error, sent, result)
        return sent
    sent.accepted.append(submission_id)
    return sent


def _note_failure(ids: list[str], error: ProlificError, sent: _Sent, result: ReviewResult) -> None:
    """A 4xx was refused (nothing changed); anything else may have been applied."""
    if isinstance(error, APIStatusError) and (error.status_code or 500) < 500:
        result.not_done.extend(Outcome(i, f"refused: {_why(error)}") for i in ids)
    else:
        sent.unsure.extend(ids)


@dataclass
class _Polls:
    """Reads statuses until approvals land, waiting with the injected ``sleep``."""

    client: ProlificClient
    study_id: str | None
    sleep: Sleep
    interval: float
    max_polls: int

    async def follow(
        self, ids: list[str], result: ReviewResult, on_progress: Progress | None, total: int
    ) -> list[str]:
        """Poll until every id is APPROVED or the polls run out; returns the rest."""
        waiting = list(ids)
        for attempt in range(self.max_polls + 1):
            if not waiting:
                break
            if attempt:
                await self.sleep(self.interval)
            waiting = await self.settle(waiting, result)
            if on_progress:
                on_progress(len(result.done), total)
        return waiting

    async def settle(self, ids: list[str], result: ReviewResult) -> list[str]:
        """One read: ids now APPROVED go to ``done``; returns those that are not."""
        if not ids:
            return []
        try:
            statuses = await read_statuses(self.client, ids, self.study_id)
        except ProlificError:
            return ids  # a failed read is not a failed approval: look again next time
        result.done.extend(i for i in ids if statuses.get(i) == APPROVED)
        return [i for i in ids if statuses.get(i) != APPROVED]


# -- rejecting -----------------------------------------------------------------------------


async def reject_each(
    client: ProlificClient,
    items: Sequence[Rejection],
    on_progress: Progress | None = None,
    *,
    study_id: str | None = None,
) -> ReviewResult:
    """Reject one at a time (there is no bulk reject), stopping on the first error."""
    result = ReviewResult()
    for item in items:  # every message is checked before anything is sent
        checked_rejection(item.category, item.message)
    ids = [item.submission_id for item in items]
    todo = set(_sort_out(ids, await read_statuses(client, ids, study_id), REJECTED, result))
    queue = [item for item in items if item.submission_id in todo]
    for position, item in enumerate(queue):
        result.requests += 1
        try:
            await client.submissions.reject(item.submission_id, item.category, item.message)
        except ProlificError as error:
            result.not_done.append(Outcome(item.submission_id, _why(error)))
            result.not_done.extend(
                Outcome(rest.submission_id, "not sent (stopped after an error)")
                for rest in queue[position + 1 :]
            )
            return result
        result.done.append(item.submission_id)
        if on_progress:
            on_progress(len(result.done), len(queue))
    return result

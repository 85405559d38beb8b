"""The retry loop shared by API requests and presigned transfers.

It repeats an attempt according to the ``RetryPolicy`` and the request's safety, keeps the
``ConnectionStatus`` up to date, logs each attempt (method, path, status, duration: never
headers) and turns httpx transport errors into our connection errors.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import httpx

from atb_tui.api._recording import (
    Attempted,
    record_cancelled,
    record_failure,
    record_response,
)
from atb_tui.api.cause import current_cause
from atb_tui.api.errors import APIConnectionError, APITimeoutError, OutcomeUnknownError
from atb_tui.api.request_log import RequestLog
from atb_tui.api.retry import GATEWAY_STATUSES, Failure, RetryPolicy, classify, parse_retry_after
from atb_tui.api.status import StatusTracker

logger = logging.getLogger("atb_tui.api")

Attempt = Callable[[], Awaitable[httpx.Response]]
Sleep = Callable[[float], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class Call:
    """What is being sent: ``endpoint`` names it in logs and errors (no query, no secrets);
    ``url`` and ``path`` are what the request log shows (presigned queries already removed)."""

    endpoint: str
    host: str
    safe: bool
    retry_statuses: frozenset[int]
    url: str = ""
    path: str = ""

    def attempted(self, number: int, log: RequestLog) -> Attempted:
        """The request log's view of attempt ``number``, labelled with the current cause."""
        method = self.endpoint.split(" ", 1)[0]
        return Attempted(
            log.next_seq(),
            method,
            self.url,
            self.path,
            self.host,
            number,
            log.now(),
            current_cause(),
        )


class Sender:
    """Runs attempts with retries; returns the last response (success or not)."""

    def __init__(
        self, policy: RetryPolicy, tracker: StatusTracker, sleep: Sleep, log: RequestLog
    ) -> None:
        self._policy = policy
        self._tracker = tracker
        self._sleep = sleep
        self._log = log

    async def send(self, call: Call, attempt: Attempt) -> httpx.Response:
        """Run ``attempt`` until it succeeds, fails for good, or the retry budget is spent."""
        self._tracker.request_started()
        try:
            return await self._send_with_retries(call, attempt)
        finally:
            self._tracker.request_finished()

    async def _send_with_retries(self, call: Call, attempt: Attempt) -> httpx.Response:
        number = 0
        while True:
            number += 1
            try:
                response = await self._timed(call, attempt, number)
            except httpx.RequestError as error:
                await self._after_request_error(call, error, number)
                continue
            if response.status_code not in call.retry_statuses:
                self._tracker.reachable()
                return response
            if not await self._wait_after_status(call, response, number):
                return response

    async def _timed(self, call: Call, attempt: Attempt, number: int) -> httpx.Response:
        self._tracker.attempt_sent()
        tried = call.attempted(number, self._log)
        timer = self._log.timer
        started = timer()
        try:
            response = await attempt()
        except asyncio.CancelledError:
            record_cancelled(self._log, tried, (timer() - started) * 1000)
            raise
        except httpx.RequestError as error:
            elapsed = (timer() - started) * 1000
            record_failure(self._log, tried, error, elapsed)
            logger.debug(
                "%s failed after %.0f ms (attempt %d): %s",
                call.endpoint,
                elapsed,
                number,
                type(error).__name__,
            )
            raise
        elapsed = (timer() - started) * 1000
        record_response(self._log, tried, response, elapsed)
        logger.debug(
            "%s -> %d in %.0f ms (attempt %d)", call.endpoint, response.status_code, elapsed, number
        )
        return response

    async def _after_request_error(
        self, call: Call, error: httpx.RequestError, number: int
    ) -> None:
        """Wait before the next attempt, or raise the right error."""
        failure = classify(error)
        description = _describe(failure, call.host)
        repeatable = failure is Failure.NOT_SENT or (call.safe and failure is not Failure.FATAL)
        delay = self._policy.delay(number, None) if repeatable else None
        if delay is not None:
            await self._wait(delay, description)
            return
        if failure is Failure.FATAL:
            self._tracker.reachable()
            raise APIConnectionError(description, endpoint=call.endpoint) from error
        self._tracker.unreachable(description)
        if not call.safe and failure is not Failure.NOT_SENT:
            raise OutcomeUnknownError(
                _outcome_unknown(call, failure), endpoint=call.endpoint
            ) from error
        error_class = APITimeoutError if failure is Failure.TIMEOUT else APIConnectionError
        raise error_class(description, endpoint=call.endpoint) from error

    async def _wait_after_status(self, call: Call, response: httpx.Response, number: int) -> bool:
        """Wait and return True to repeat; False when the response must be returned as final."""
        status = response.status_code
        retry_after = parse_retry_after(response.headers.get("retry-after"))
        refused = status == 429  # Prolific refused without acting: safe to repeat any request
        delay = self._policy.delay(number, retry_after) if call.safe or refused else None
        description = f"{call.host} answered {status}"
        if delay is None:
            if status in GATEWAY_STATUSES:
                self._tracker.unreachable(description)
            else:
                self._tracker.reachable()
            return False
        await response.aclose()
        await self._wait(delay, description)
        return True

    async def _wait(self, delay: float, description: str) -> None:
        self._tracker.waiting(delay, description)
        try:
            await self._sleep(delay)
        finally:
            self._tracker.resumed()


def _describe(failure: Failure, host: str) -> str:
    return {
        Failure.NOT_SENT: f"Could not connect to {host}.",
        Failure.TIMEOUT: f"{host} did not answer in time.",
        Failure.LOST: f"The connection to {host} was lost.",
        Failure.FATAL: f"The request to {host} could not be sent.",
    }[failure]


def _outcome_unknown(call: Call, failure: Failure) -> str:
    what = "did not answer in time" if failure is Failure.TIMEOUT else "dropped the connection"
    return (
        f"{call.host} {what} after {call.endpoint} was sent, so it is unknown whether it took "
        "effect. It was not repeated, to avoid doing it twice: check the current state (for "
        "example, refresh the list) before trying again."
    )

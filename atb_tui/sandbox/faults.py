"""Fault injection: make the sandbox fail the way real networks and APIs do, on purpose.

A :class:`FaultPlan` holds rules; each request is checked against them in order and the
first rule that matches (path glob, method), still has ``times`` left and wins its
``rate`` roll (a ``random.Random`` seeded by the plan's seed) fires. Kinds:

``status``
    Answer with that HTTP status *before* the request reaches the API (nothing changes);
    the body is the classic error envelope. 429 (and 503 when ``retry_after`` is set)
    carry ``Retry-After``.
``latency``
    Wait ``latency`` seconds, then answer normally. Any other kind may also carry a
    latency, applied first.
``drop``
    The request *is* handled (state may change — the hard case for retries), then the
    connection is closed without a response. In process the transport raises
    ``httpx.RemoteProtocolError``; over uvicorn the socket is closed.
``truncate``
    Handled normally, but only the first half of the body is sent.
``malformed``
    Handled normally, but the body is replaced by text that is not valid JSON.

Spec grammar for ``atb-tui sandbox serve --faults SPEC`` (:meth:`FaultPlan.parse`)::

    spec  := rule ( (" " | "|") rule )*
    rule  := item ( ("," | ";") item )*
    item  := STATUS                   e.g. 500, 502, 503, 429 (several: one picked per firing)
           | "drop" | "truncate" | "malformed"
           | "latency=" SECONDS       alone: only a delay
           | "rate=" FLOAT            chance per matching request, 0 < rate <= 1 (default 1)
           | "times=" INT | "inf"     how often the rule may fire (default inf)
           | "path=" GLOB             fnmatch on the path, trailing slash ignored (default *)
           | "method=" METHOD         GET, POST, ... (default any)
           | "retry_after=" SECONDS   Retry-After for 429/503 (429 defaults to 1)

Examples: ``rate=0.1,503,429;path=/api/v1/data-collection/*`` (10% of data-collection
requests get a 503 or a 429), ``drop,times=1,method=POST,path=/api/v1/studies/*/transition``
(the first publish-like POST is processed but its response is lost).
"""

from __future__ import annotations

import asyncio
import fnmatch
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

KINDS = ("status", "drop", "malformed", "truncate", "latency")
Sleep = Callable[[float], Awaitable[None]]


class FaultSpecError(ValueError):
    """A fault rule or spec that cannot be understood; the message says what to fix."""


@dataclass
class FaultRule:
    """One scripted failure; ``fired`` counts how often it has fired."""

    path_pattern: str = "*"
    method: str = "*"
    kind: str = "status"
    statuses: tuple[int, ...] = ()
    times: int | None = 1
    rate: float = 1.0
    retry_after: float | None = None
    latency: float = 0.0
    fired: int = 0
    after: int = 0  # let this many matching requests through first (a fault mid-sequence)
    passed: int = 0

    def matches(self, method: str, path: str) -> bool:
        """Whether this rule applies to a request (it may still lose its rate roll)."""
        if self.method != "*" and self.method.upper() != method.upper():
            return False
        pattern = self.path_pattern.rstrip("/") or "/"
        return fnmatch.fnmatchcase(path.rstrip("/") or "/", pattern)

    def exhausted(self) -> bool:
        """True once the rule has fired ``times`` times."""
        return self.times is not None and self.fired >= self.times


@dataclass(frozen=True)
class Fault:
    """What to do to one request."""

    kind: str
    status: int | None
    retry_after: float | None
    latency: float


class FaultPlan:
    """An ordered, seeded list of fault rules, scriptable from tests and from ``--faults``."""

    def __init__(self, seed: int = 7, sleep: Sleep = asyncio.sleep) -> None:
        self.rules: list[FaultRule] = []
        self.sleep = sleep
        self._rng = random.Random(seed)

    def __repr__(self) -> str:
        return f"FaultPlan({len(self.rules)} rules)"

    def add(
        self,
        path_pattern: str = "*",
        method: str = "*",
        status: int | None = None,
        kind: str = "status",
        times: int | None = 1,
        rate: float = 1.0,
        retry_after: float | None = None,
        latency: float = 0.0,
        after: int = 0,
    ) -> FaultRule:
        """Add a rule (checked after the existing ones) and return it; ``after`` lets that
        many matching requests through before the rule can fire."""
        statuses = (status,) if status is not None else ()
        rule = FaultRule(
            path_pattern, method.upper(), kind, statuses, times, rate, retry_after, latency
        )
        rule.after = after
        _validate(rule)
        self.rules.append(rule)
        return rule

    def clear(self) -> None:
        """Remove every rule."""
        self.rules.clear()

    def pick(self, method: str, path: str) -> Fault | None:
        """The fault for this request, if a rule fires (consuming one of its ``times``)."""
        for rule in self.rules:
            if rule.exhausted() or not rule.matches(method, path):
                continue
            if rule.passed < rule.after:
                rule.passed += 1
                continue
            if rule.rate < 1.0 and self._rng.random() >= rule.rate:
                continue
            rule.fired += 1
            status = self._rng.choice(rule.statuses) if rule.statuses else None
            retry = (
                rule.retry_after
                if rule.retry_after is not None
                else (1.0 if status == 429 else None)
            )
            return Fault(rule.kind, status, retry, rule.latency)
        return None

    @classmethod
    def parse(cls, spec: str, seed: int = 7) -> FaultPlan:
        """A plan from the ``--faults`` grammar (see the module docstring)."""
        plan = cls(seed=seed)
        chunks = [c for c in spec.replace("|", " ").split() if c]
        if not chunks:
            raise FaultSpecError("the fault spec is empty; e.g. 'rate=0.1,503,429'")
        for chunk in chunks:
            rule = _parse_rule(chunk)
            _validate(rule)
            plan.rules.append(rule)
        return plan


def _parse_rule(text: str) -> FaultRule:
    rule = FaultRule(times=None)
    kinds: set[str] = set()
    statuses: list[int] = []
    for item in (part.strip() for part in text.replace(";", ",").split(",")):
        if not item:
            continue
        if item.isascii() and item.isdigit():  # "²".isdigit() is true, int("²") fails
            statuses.append(int(item))
            kinds.add("status")
        elif item in ("drop", "truncate", "malformed"):
            kinds.add(item)
        elif "=" in item:
            _parse_setting(rule, *item.split("=", 1))
        else:
            raise FaultSpecError(f"unknown fault item {item!r} in {text!r}")
    if len(kinds) > 1:
        raise FaultSpecError(
            f"a rule has one kind, found {sorted(kinds)} in {text!r}; split it with a space"
        )
    rule.statuses = tuple(statuses)
    rule.kind = kinds.pop() if kinds else ("latency" if rule.latency else "")
    return rule


def _parse_setting(rule: FaultRule, key: str, value: str) -> None:
    try:
        if key == "rate":
            rule.rate = float(value)
        elif key == "times":
            rule.times = None if value in ("inf", "*") else int(value)
        elif key == "path":
            rule.path_pattern = value
        elif key == "method":
            rule.method = value.upper()
        elif key == "retry_after":
            rule.retry_after = float(value)
        elif key == "latency":
            rule.latency = float(value)
        else:
            raise FaultSpecError(
                f"unknown fault setting {key!r} "
                "(use rate, times, path, method, retry_after or latency)"
            )
    except ValueError as exc:
        if isinstance(exc, FaultSpecError):
            raise
        raise FaultSpecError(f"bad value for {key}: {value!r}") from None


def _validate(rule: FaultRule) -> None:
    if rule.kind not in KINDS:
        raise FaultSpecError(f"fault kind must be one of {', '.join(KINDS)} (got {rule.kind!r})")
    if rule.kind == "status" and not rule.statuses:
        raise FaultSpecError("a 'status' fault needs a status such as 503 or 429")
    if any(not 400 <= s <= 599 for s in rule.statuses):
        raise FaultSpecError(f"fault statuses must be 4xx or 5xx (got {rule.statuses})")
    if not 0 < rule.rate <= 1:
        raise FaultSpecError(f"rate must be in (0, 1] (got {rule.rate})")
    if rule.times is not None and rule.times < 1:
        raise FaultSpecError(f"times must be at least 1 (got {rule.times})")
    if rule.latency < 0 or (rule.retry_after is not None and rule.retry_after < 0):
        raise FaultSpecError("latency and retry_after cannot be negative")

"""The :class:`Sandbox`: a local, faithful Prolific API you can run in process or serve.

>>> sb = Sandbox(clock=ManualClock())           # doctest: +SKIP
>>> transport = sb.transport()                   # httpx, no sockets
>>> sb.advance(30)                               # 30 simulated seconds pass, events applied
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from atb_tui.sandbox import engine, large
from atb_tui.sandbox.app import build_app
from atb_tui.sandbox.asgi import RecordedRequest, SandboxASGI
from atb_tui.sandbox.clock import Clock, ManualClock, RealClock
from atb_tui.sandbox.faults import FaultPlan
from atb_tui.sandbox.persist import StateFileError, load_world, quarantine, save_world
from atb_tui.sandbox.presign import Signer, secret_for
from atb_tui.sandbox.seed import new_world
from atb_tui.sandbox.web import Context
from atb_tui.sandbox.world import World

if TYPE_CHECKING:
    import httpx

AUTOSAVE_SECONDS = 5.0
SLOW_SAVE_SECONDS = 0.25


class SandboxError(Exception):
    """Misuse of the sandbox API (e.g. ``advance`` on a real clock)."""


class Sandbox:
    """A simulated Prolific account behind the real API's routes, payloads and errors."""

    def __init__(
        self,
        *,
        clock: Clock | None = None,
        token: str = "sandbox-token",
        seed: int = 7,
        demo_data: bool = True,
        base_url: str = "http://sandbox.localhost",
        state_file: Path | None = None,
        faults: FaultPlan | None = None,
    ) -> None:
        self.clock: Clock = clock or RealClock(speed=1.0)
        self.token = token
        self.seed = seed
        self.base_url = base_url.rstrip("/")
        self.faults = faults or FaultPlan(seed=seed)
        self.request_log: list[RecordedRequest] = []
        self.state_file = Path(state_file) if state_file is not None else None
        self.load_warning: str | None = None
        self.world: World = self._initial_world(demo_data)
        self._dirty = False
        self._saved_at = time.monotonic()
        self._save_cost = 0.0
        signer = Signer(secret_for(seed, token), self.base_url)
        self.context = Context(self.world, self.clock, self.base_url, signer)
        self.app = SandboxASGI(
            build_app(self.context),
            lambda: self.token,
            lambda: self.faults,
            self.request_log,
            self.tick,
            self._after_request,
            lambda: self.clock.now(),
        )

    def __repr__(self) -> str:
        return f"Sandbox(base_url={self.base_url!r}, clock={self.clock!r}, seed={self.seed})"

    def _now(self) -> float:
        return self.clock.now().timestamp()

    def _initial_world(self, demo_data: bool) -> World:
        if self.state_file is not None and self.state_file.exists():
            try:
                world = load_world(self.state_file)
            except StateFileError as exc:
                kept = quarantine(self.state_file)
                self.load_warning = (
                    f"The sandbox state file could not be used ({exc}). "
                    f"It was kept as {kept}; starting a fresh sandbox."
                )
            else:
                if isinstance(self.clock, RealClock):
                    self.clock.catch_up(datetime.fromtimestamp(world.now, UTC))
                engine.run_until(world, self._now())
                return world
        return new_world(self.seed, self._now(), demo=demo_data)

    def transport(self) -> httpx.ASGITransport:
        """An in-process transport for httpx (API calls and presigned URLs alike)."""
        from atb_tui.sandbox.transport import SandboxTransport  # httpx only for in-process use

        return SandboxTransport(app=self.app)

    def tick(self) -> int:
        """Apply every state change due by the clock's current time; returns how many."""
        applied = engine.run_until(self.world, self._now())
        self._dirty = self._dirty or applied > 0
        return applied

    def advance(self, seconds: float) -> int:
        """Move a :class:`ManualClock` forward and apply what became due (tests, demos)."""
        if not isinstance(self.clock, ManualClock):
            raise SandboxError("advance() needs a ManualClock; a RealClock moves by itself")
        self.clock.advance(seconds)
        return self.tick()

    def seed_large_batch(self, workspace_id: str | None = None, responses: int = 100_000) -> str:
        """Add a finished batch with ``responses`` responses (bulk, fast); returns the batch id."""
        self.tick()
        batch_id = large.seed_large_batch(self.world, workspace_id, responses)
        self._dirty = True
        return batch_id

    def save(self) -> None:
        """Write the state file now (no-op without ``state_file``)."""
        if self.state_file is not None:
            started = time.monotonic()
            save_world(self.world, self.state_file)
            self._dirty, self._saved_at = False, time.monotonic()
            self._save_cost = self._saved_at - started

    def save_if_due(self) -> None:
        """Save if something changed and the last save is a few seconds old."""
        if self._dirty and time.monotonic() - self._saved_at >= AUTOSAVE_SECONDS:
            self.save()

    def _after_request(self, method: str) -> None:
        if method in ("GET", "HEAD", "OPTIONS"):
            self.save_if_due()
            return
        self._dirty = True
        # A change the user made should survive a crash right after it; a world so big that
        # saving takes long (100k responses) is left to the periodic save instead.
        if self.state_file is not None and self._save_cost < SLOW_SAVE_SECONDS:
            self.save()


__all__ = ["ManualClock", "RealClock", "Sandbox", "SandboxError"]

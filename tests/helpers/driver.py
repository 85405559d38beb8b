"""A Pilot user who retries what failed: watches every message the app shows and answers it.

Shared by the proof suites. The driver reads each error/warning notice from the app's notice
record and keeps each error modal (so a test can check they are readable), and runs a step as
a patient user would: do the action, wait until it is done or a failure is shown, dismiss the
failure, try again.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from textual.pilot import Pilot

from atb_tui.app import AtbApp
from atb_tui.screens.error import ErrorScreen
from tests.helpers.notices import Notice, notices
from tests.helpers.screen import screen_text
from tests.helpers.waits import wait_for, workers_idle

# What must never reach a user's eyes: Python's insides.
UNREADABLE = (
    "Traceback",
    'File "',
    "ValidationError",
    "pydantic",
    "errors.pydantic.dev",
    "{'type':",
    "KeyError",
    "AttributeError",
    "TypeError",
)


@dataclass
class Seen:
    """Every failure shown: error/warning notices (from the app's recorder), then error modals."""

    notices: list[Notice]
    modals: list[str] = field(default_factory=list)

    @property
    def messages(self) -> list[str]:
        failures = [f"{n.title}: {n.message}" for n in self.notices if n.failure]
        return failures + self.modals

    def unreadable(self) -> list[str]:
        """Messages that leak internals (tracebacks, pydantic dumps, exception names)."""
        return [m for m in self.messages if any(bad in m for bad in UNREADABLE)]


def watch_messages(app: AtbApp) -> Seen:
    """The failures `app` shows: its notice record (toasts expire; the record does not)."""
    return Seen(notices(app))


class User:
    """Drives steps and retries them while the app reports failures."""

    def __init__(self, pilot: Pilot[None], seen: Seen, tries: int = 30) -> None:
        self.pilot = pilot
        self.app: AtbApp = pilot.app  # type: ignore[assignment]
        self.seen = seen
        self.tries = tries
        self.retries = 0
        self.modals: list[str] = []

    def failed_since(self, count: int) -> bool:
        """A new failure message appeared, or an error modal is up."""
        return len(self.seen.messages) > count or isinstance(self.app.screen, ErrorScreen)

    async def until(self, predicate: Callable[[], bool]) -> None:
        """Wait until `predicate()` holds or a new failure is shown."""
        count = len(self.seen.messages)
        await wait_for(self.pilot, lambda: predicate() or self.failed_since(count))

    def poll_cycle(self) -> Callable[[], bool] | None:
        """For a polling screen: true once its next poll has come and gone (or none was due)."""
        clock = getattr(self.app.screen, "clock", None)
        if clock is None:
            return None
        updated, failures, ticks = clock.updated_at, clock.failures, clock.ticks
        return lambda: (
            clock.updated_at != updated
            or clock.failures != failures
            or (clock.ticks >= ticks + 2 and not clock.polling)
        )

    async def dismiss_errors(self) -> None:
        """Read and close error modals, as a user would (Esc continues)."""
        while isinstance(self.app.screen, ErrorScreen):
            modal = self.app.screen
            text = f"{modal.error_title}: {modal.message}"
            self.modals.append(text)
            self.seen.modals.append(text)
            await self.pilot.press("escape")
            await wait_for(self.pilot, lambda modal=modal: self.app.screen is not modal)

    async def step(
        self,
        name: str,
        act: Callable[[], Awaitable[Callable[[], bool] | None]],
        done: Callable[[], bool],
        after_failure: Callable[[], Awaitable[object]] | None = None,
    ) -> None:
        """Run `act` until `done()`; after each shown failure, settle, then try again.

        `act` may return a predicate that ends the attempt quietly (a poll came and went)."""
        for _ in range(self.tries):
            count = len(self.seen.messages)
            over = await act() or (lambda: False)
            await self.pilot.pause()  # let the key's worker start before "idle" means anything

            def attempt_over(over: Callable[[], bool] = over, count: int = count) -> bool:
                quiet = workers_idle(self.app) and not isinstance(self.app.screen, ErrorScreen)
                return done() or over() or self.failed_since(count) or quiet

            try:
                await wait_for(self.pilot, attempt_over)
            except AssertionError:
                screen = type(self.app.screen).__name__
                shown = screen_text(self.app)
                raise AssertionError(
                    f"{name}: not done, no failure shown ({screen}):\n{shown}"
                ) from None
            if done():
                return
            await wait_for(self.pilot, lambda: workers_idle(self.app) or done())
            await self.dismiss_errors()
            if after_failure is not None:
                await after_failure()
            if done():
                return
            self.retries += 1
        raise AssertionError(f"{name}: still failing after {self.tries} tries: {self.seen}")

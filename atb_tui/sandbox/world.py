"""The whole simulated Prolific account: every object, the event queue and id counters.

The world never reads a clock itself. The sandbox advances it with
:func:`atb_tui.sandbox.engine.run_until`, which applies due events in time order and sets
:attr:`World.now`; domain code stamps objects with ``world.now`` and schedules follow-up
events with :meth:`World.schedule`. That makes every run a pure function of the seed and
of the requests and clock steps applied, which is what lets tests be deterministic.
"""

from __future__ import annotations

import hashlib
import heapq
import random
from dataclasses import dataclass, field

from atb_tui.sandbox import ids
from atb_tui.sandbox.codec import TRANSIENT
from atb_tui.sandbox.model import (
    Annotator,
    Batch,
    Collection,
    Dataset,
    Event,
    ExportJob,
    ImportJob,
    MigrationJob,
    Project,
    ResponseRecord,
    Study,
    Submission,
    SyncJob,
    Task,
    TaskGroup,
    User,
    Workspace,
)

FORMAT_VERSION = 1


@dataclass
class World:
    seed: int
    now: float
    user: User
    id_counter: int = 0
    event_seq: int = 0
    workspaces: dict[str, Workspace] = field(default_factory=dict)
    projects: dict[str, Project] = field(default_factory=dict)
    datasets: dict[str, Dataset] = field(default_factory=dict)
    imports: dict[str, ImportJob] = field(default_factory=dict)
    migrations: dict[str, MigrationJob] = field(default_factory=dict)
    batches: dict[str, Batch] = field(default_factory=dict)
    tasks: dict[str, Task] = field(default_factory=dict)
    groups: dict[str, TaskGroup] = field(default_factory=dict)
    studies: dict[str, Study] = field(default_factory=dict)
    submissions: dict[str, Submission] = field(default_factory=dict)
    responses: dict[str, list[ResponseRecord]] = field(default_factory=dict)
    exports: dict[str, ExportJob] = field(default_factory=dict)
    syncs: dict[str, SyncJob] = field(default_factory=dict)
    collections: dict[str, Collection] = field(default_factory=dict)
    annotators: list[Annotator] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    # Pre-serialised response records per parent, so 100k-row pages are a slice and a join.
    response_json: dict[str, list[bytes]] = field(
        default_factory=dict, repr=False, compare=False, metadata={TRANSIENT: True}
    )

    # -- ids ---------------------------------------------------------------------------

    def new_object_id(self) -> str:
        """A fresh 24-hex id (users, workspaces, projects, studies, submissions)."""
        self.id_counter += 1
        return ids.object_id(self.seed, self.id_counter)

    def new_uuid(self) -> str:
        """A fresh UUIDv7-style id stamped with the world's current time."""
        self.id_counter += 1
        return ids.uuid7(self.seed, self.id_counter, self.now)

    # -- randomness --------------------------------------------------------------------

    def rng_for(self, *parts: object) -> random.Random:
        """A generator that depends only on the seed and ``parts``: the same question always
        gets the same random answer, whatever happened before."""
        text = ":".join(str(part) for part in (self.seed, *parts))
        digest = hashlib.blake2b(text.encode(), digest_size=8).digest()
        return random.Random(int.from_bytes(digest, "big"))

    # -- events ------------------------------------------------------------------------

    def schedule(self, due: float, kind: str, target: str) -> None:
        """Ask for ``kind`` to be applied to ``target`` once simulated time reaches ``due``."""
        self.event_seq += 1
        heapq.heappush(self.events, Event(due, self.event_seq, kind, target))

    def pop_due(self, until: float) -> Event | None:
        """The earliest event due at or before ``until``, removed from the queue."""
        if self.events and self.events[0].due <= until:
            return heapq.heappop(self.events)
        return None

    def next_due(self) -> float | None:
        """When the next state change will happen, if any is scheduled."""
        return self.events[0].due if self.events else None

    # -- responses ---------------------------------------------------------------------

    def add_responses(self, parent_id: str, records: list[ResponseRecord]) -> None:
        """Append answers to a batch or collection (responses are never edited afterwards)."""
        self.responses.setdefault(parent_id, []).extend(records)

    def responses_of(self, parent_id: str) -> list[ResponseRecord]:
        """All answers recorded for a batch or collection, oldest first."""
        return self.responses.get(parent_id, [])

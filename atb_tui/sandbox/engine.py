"""Applies due events in time order: the only place simulated time moves forward.

Each request first brings the world up to the clock's current time, so state changes
happen lazily but exactly as if they had happened on time (an event at 09:00:05 is
applied with ``world.now`` = 09:00:05 even if the next request comes at 09:03).
"""

from __future__ import annotations

from collections.abc import Callable

from atb_tui.sandbox import batches, datasets, exports, participants, reviews, studies
from atb_tui.sandbox.world import World

Handler = Callable[[World, str], None]

HANDLERS: dict[str, Handler] = {
    "dataset_processed": datasets.finish_v3_processing,
    "import_processed": datasets.finish_import,
    "migration_done": datasets.finish_migration,
    "dataset_grew": batches.auto_sync,
    "batch_setup_done": batches.finish_setup,
    "sync_done": batches.finish_sync,
    "export_done": exports.finish_export,
    "scheduled_publish": studies.publish_scheduled,
    "participant_arrives": participants.arrive,
    "submission_starts": participants.start,
    "submission_ends": participants.finish,
    "bulk_approved": reviews.finish_bulk_approval,
}


def run_until(world: World, until: float) -> int:
    """Apply every event due by ``until``; returns how many were applied."""
    applied = 0
    while (event := world.pop_due(until)) is not None:
        world.now = max(world.now, event.due)
        HANDLERS[event.kind](world, event.target)
        applied += 1
    world.now = max(world.now, until)
    return applied

"""The evidence shown next to each submission under review (no widgets here).

Submissions come first (one list request, shown at once); the evidence follows: the study's
responses, counted per submission, and each participant's figures from the response viewer
(agreement with the majority, speed and same-answer flags). The figures are computed over the
whole batch, as the viewer does, because agreement compares a participant with every other
annotator of the same tasks. Computing them is pure and can run in a thread
(:func:`figures_from_store`); fetching is async (:func:`load_evidence_store`).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from atb_tui.api import ProlificClient
from atb_tui.api.models.studies import Study, Submission
from atb_tui.flows.responses import Progress, fetch_responses, instruction_infos
from atb_tui.views.responses.participants import ParticipantRow, build_participants
from atb_tui.views.responses.store import ResponseStore

BATCH = "AI_TASK_BUILDER_BATCH"
COLLECTION = "AI_TASK_BUILDER_COLLECTION"


@dataclass(frozen=True)
class ReviewSubject:
    """A study and its submissions as read now."""

    study: Study
    submissions: list[Submission]


@dataclass
class Evidence:
    """Responses per submission and figures per participant (empty where not computed)."""

    counts: Counter[str] = field(default_factory=Counter)
    people: dict[str, ParticipantRow] = field(default_factory=dict)
    note: str = ""  # where the figures come from, or why there are none

    def flags(self) -> dict[str, str]:
        """Participant id → why they are flagged, for suggestions (unflagged ones left out)."""
        return {who: ", ".join(row.flags) for who, row in self.people.items() if row.flags}


async def load_subject(client: ProlificClient, study_id: str) -> ReviewSubject:
    """The study and every one of its submissions."""
    study = await client.studies.get(study_id)
    return ReviewSubject(study, await client.studies.submissions(study_id))


async def load_evidence_store(
    client: ProlificClient, study: Study, progress: Progress | None = None
) -> ResponseStore | None:
    """Every response of the study's batch in the viewer's store (None for a collection)."""
    if study.data_collection_method != BATCH or not study.data_collection_id:
        return None
    batch = await client.batches.get(study.data_collection_id)
    store = ResponseStore(await instruction_infos(client, batch))
    await fetch_responses(client, batch.id, store, progress)
    return store


async def collection_counts(client: ProlificClient, study: Study) -> Evidence:
    """Responses per submission of a collection study (no figures: the viewer reads batches)."""
    if study.data_collection_method != COLLECTION or not study.data_collection_id:
        return Evidence(note="no responses to read for this study")
    records = await client.collections.responses(study.data_collection_id)
    counts = Counter(r.submission_id for r in records if r.submission_id)
    return Evidence(counts, note="figures are computed for batch studies only")


def figures_from_store(store: ResponseStore) -> Evidence:
    """Counts and participant figures over the whole batch (pure; fine in a thread)."""
    counts = Counter(s for s in store.submission if s)
    people = {row.participant_id: row for row in build_participants(store, range(len(store)))}
    return Evidence(counts, people, note=f"figures from {len(store):,} responses of the batch")

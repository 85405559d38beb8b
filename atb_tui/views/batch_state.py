"""A batch as the batch screen last read it: with its dataset and a sync being followed (no
Textual). What the poll watches and whether setup can run are worked out here."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from atb_tui.api.models import Batch, Dataset, SyncJob
from atb_tui.api.models.page_items import PageItem
from atb_tui.views.batch_facts import dataset_state, questions, setup_blocker


@dataclass
class BatchState:
    """A batch as last read, with its dataset and the sync job being followed (if any)."""

    batch: Batch
    dataset: Dataset | None = None
    sync_job: SyncJob | None = None

    def statuses(self) -> list[str]:
        """What the poll policy watches: the batch, its dataset, a running sync."""
        found = [self.batch.status]
        if self.dataset is not None:
            found.append(dataset_state(self.dataset))
        if self.sync_job is not None:
            found.append(self.sync_job.status)
        return found

    def blocker(self, legacy: Sequence[PageItem] | None) -> str | None:
        """Why setup cannot run now (None: it can), counting the questions read separately."""
        known = len(questions(self.batch, legacy or []))
        return setup_blocker(self.batch, self.dataset, known)

"""Setup availability: judged on what the screen knows, not only on a possibly older batch."""

from __future__ import annotations

from atb_tui.api.models import Batch, Dataset
from atb_tui.views.batch_facts import setup_blocker
from tests.helpers.payloads import BATCH, DATASET

NEW_BATCH = Batch.model_validate(
    {**BATCH, "status": "UNINITIALISED", "total_instruction_count": 0, "dataset_id": "d1"}
)
READY_DATASET = Dataset.model_validate({**DATASET, "status": "READY", "total_datapoint_count": 40})


def test_no_questions_anywhere_blocks_setup() -> None:
    assert setup_blocker(NEW_BATCH, READY_DATASET) == "the batch has no questions yet"


def test_questions_read_after_the_batch_allow_setup() -> None:
    # The batch object came from a poll before the questions were saved (its re-read then
    # failed); the screen has read the question itself, so setup must not be refused.
    assert setup_blocker(NEW_BATCH, READY_DATASET, known_questions=1) is None


def test_a_ready_batch_is_already_set_up_whatever_the_questions() -> None:
    ready = NEW_BATCH.model_copy(update={"status": "READY"})
    assert setup_blocker(ready, READY_DATASET, known_questions=1) == "already set up"

"""The table of studies run on one batch or collection, as both detail screens show it."""

from __future__ import annotations

from atb_tui.api.models import Study
from atb_tui.logic.timefmt import short_time
from atb_tui.widgets.data_view import Row
from atb_tui.widgets.status import status_text

STUDY_COLUMNS = (("name", "Study"), ("status", "Status"), ("places", "Places"),
                 ("submissions", "Submissions"), ("created", "Created"))  # fmt: skip


def study_row(study: Study) -> Row:
    """One study: name, status, places taken of available, submissions, when it was made."""
    places = f"{study.places_taken or 0}/{study.total_available_places or 0}"
    cells = (study.name, status_text(study.status), places,
             str(study.number_of_submissions or 0), short_time(study.date_created))  # fmt: skip
    return Row(study.id, cells)

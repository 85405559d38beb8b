"""Studies of a workspace (found through its projects); Enter opens one."""

from __future__ import annotations

import asyncio

from atb_tui.api.models import Study
from atb_tui.logic.timefmt import short_time
from atb_tui.screens.area import AreaScreen
from atb_tui.widgets.data_view import Row
from atb_tui.widgets.status import status_text


class StudiesScreen(AreaScreen):
    """Studies whose project belongs to this workspace."""

    SCREEN_ID = "studies"
    TITLE_TEXT = "Studies"
    ITEM_KIND = "study"
    COLUMNS = (
        ("name", "Name"),
        ("status", "Status"),
        ("places", "Places taken"),
        ("batch", "Batch"),
        ("created", "Created"),
    )
    EMPTY = "No studies yet. Launch one from a READY batch."

    async def fetch_rows(self) -> list[Row]:
        projects, studies = await asyncio.gather(
            self.client.projects.list(self.workspace_id), self.client.studies.list()
        )
        project_ids = {project.id for project in projects}
        mine = [s for s in studies if getattr(s, "project", None) in project_ids]
        return [self._row(study) for study in mine]

    @staticmethod
    def _row(study: Study) -> Row:
        places = f"{study.places_taken or 0} / {study.total_available_places or 0}"
        return Row(
            study.id,
            (
                study.name,
                status_text(study.status),
                places,
                study.data_collection_id or "",
                short_time(getattr(study, "date_created", None)),
            ),
        )

"""One collection: its facts, the studies launched on it, and every page as participants see it.

`e` opens the editor (a full replace keeping ids), `L` the same launch form batches use; both
are hidden on read-only profiles. A 403 "feature not enabled" is said plainly.
"""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.widgets import Static

from atb_tui.api.errors import PermissionDeniedError
from atb_tui.api.models.collections import Collection
from atb_tui.api.models.studies import Study
from atb_tui.commands import bindings
from atb_tui.flows.collections import NOT_ENABLED, studies_on
from atb_tui.logic.timefmt import short_time
from atb_tui.messages import OpenChild, OpenItem, OpenPanel
from atb_tui.paths import styles_dir
from atb_tui.screens.item import ItemScreen
from atb_tui.views.collection_draft import CollectionDraft, count_text, draft_from_collection
from atb_tui.widgets.chrome import key_hint
from atb_tui.widgets.collection_preview import CollectionPreview
from atb_tui.widgets.data_view import DataView
from atb_tui.widgets.study_rows import STUDY_COLUMNS, study_row


class CollectionDetailScreen(ItemScreen):
    """A collection, its studies and its pages."""

    SCREEN_ID = "collection_detail"
    AREA_TITLE = "Collections"
    TITLE_LOADING = "Collection · {id}"
    TITLE_LOADED = "Collection · {name}"
    BINDINGS = bindings(
        "collection.edit", "collection.launch", "collection.exports", "table.refresh"
    )
    CSS_PATH = str(styles_dir() / "collections.tcss")

    def __init__(self, workspace_id: str, workspace_title: str, collection_id: str) -> None:
        super().__init__(workspace_id, workspace_title, collection_id)
        self.collection: Collection | None = None
        self.draft: CollectionDraft | None = None
        self.studies: list[Study] = []
        self.loaded = False

    @property
    def collection_id(self) -> str:
        return self.item_id

    def compose_body(self) -> ComposeResult:
        yield self.title_line()
        yield Static("Loading…", id="collection-facts")
        yield DataView(STUDY_COLUMNS, empty_message="")
        yield CollectionPreview()

    @work(exclusive=True, group="collection-load", exit_on_error=False)
    async def load(self) -> None:
        try:
            collection = await self.client.collections.get(self.collection_id)
        except PermissionDeniedError as error:
            if not error.feature_not_enabled:
                raise
            self.query_one("#collection-facts", Static).update(NOT_ENABLED)
            return
        self.studies = studies_on(await self.client.studies.list(), self.collection_id)
        self.collection, self.draft = collection, draft_from_collection(collection)
        self.loaded = True
        self._show()

    def _show(self) -> None:
        assert self.collection is not None
        assert self.draft is not None
        self.show_name(self.collection.name)
        self.query_one("#collection-facts", Static).update(self._facts())
        view = self.query_one(DataView)
        view.set_rows([study_row(study) for study in self.studies])
        view.display = bool(self.studies)  # no empty table taking the pages' room
        self.query_one(CollectionPreview).show(self.draft)
        if not self.studies and self.focused is None:
            self.query_one(CollectionPreview).focus()  # so the keys scroll the pages

    def _facts(self) -> str:
        assert self.collection is not None
        assert self.draft is not None
        draft, collection = self.draft, self.collection
        modified = short_time(collection.last_modified_at or collection.created_at)
        rows = [
            ("ID", collection.id),
            ("Pages", " · ".join([count_text(len(draft.pages), "page"),
                                  count_text(draft.item_count, "item"),
                                  count_text(draft.question_count, "question")])),
            ("Created", f"{short_time(collection.created_at)} · changed {modified}"),
            ("Studies", self._studies_text()),
        ]  # fmt: skip
        return "\n".join(f"[b]{label:<8}[/b] {value}" for label, value in rows)

    def _studies_text(self) -> str:
        if self.studies:
            return f"{len(self.studies)} (below; Enter opens one)"
        launch = (
            ""
            if self.session.read_only
            else f" ({key_hint(self.app, 'collection.launch')} launches one)"
        )
        return f"none yet{launch}"

    # ---- actions ----------------------------------------------------------------------------

    def action_edit_collection(self) -> None:
        from atb_tui.screens.collection_editor import CollectionEditorScreen

        where = (self.workspace_id, self.workspace_title)
        self.navigate(OpenChild(CollectionEditorScreen(*where, self.collection_id)))

    def action_launch_study(self) -> None:
        from atb_tui.screens.study_launch import StudyLaunchScreen

        where = (self.workspace_id, self.workspace_title)
        launch = StudyLaunchScreen(*where, self.collection_id, kind="collection")
        self.navigate(OpenChild(launch))

    def action_open_exports(self) -> None:
        """The collection's export jobs (the same screen as a batch's)."""
        title = self.collection.name if self.collection else self.collection_id
        self.navigate(OpenPanel("exports", "collection", self.collection_id, title))

    @on(DataView.Chosen)
    def _study_chosen(self, event: DataView.Chosen) -> None:
        names = {study.id: study.name for study in self.studies}
        self.navigate(OpenItem("study", event.key, names.get(event.key, "")))

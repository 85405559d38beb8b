"""What a participant sees of a collection: the task, then each page's text, images and questions.

The same rendering serves the collection screen and the editor's live preview; questions are
drawn exactly as the instruction editor's preview draws them.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from atb_tui.views.batch_html import html_to_text
from atb_tui.views.collection_draft import CollectionDraft, ContentBlock, PageEntry
from atb_tui.widgets.instruction_preview import question_text


def render_collection(draft: CollectionDraft) -> Text:
    """The whole collection as styled text, page by page."""
    out = Text()
    out.append(f"{draft.task_name or draft.name or 'Task'}\n", style="bold underline")
    for heading, html in (("Introduction", draft.task_introduction), ("Steps", draft.task_steps)):
        if html.strip():
            out.append(f"\n{heading}\n", style="bold")
            out.append(f"{html_to_text(html)}\n")
    number = 0
    for index, page in enumerate(draft.pages, start=1):
        out.append(f"\n── Page {index} of {len(draft.pages)} ──\n", style="bold cyan")
        if not page.items:
            out.append("(empty page)\n", style="dim")
        for item in page.items:
            if not isinstance(item, ContentBlock):
                number += 1
            out.append_text(_entry(number, item))
    return out


def _entry(number: int, item: PageEntry) -> Text:
    if not isinstance(item, ContentBlock):
        return question_text(number, item)
    if item.kind == "rich_text":
        return Text(f"\n{html_to_text(item.content)}\n")
    text = Text("\n[image] ", style="bold")
    text.append(item.alt_text or "(no description)", style="bold")
    text.append(f"\n   {item.url}\n", style="dim underline")
    if item.caption:
        text.append(f"   {item.caption}\n", style="italic")
    return text


class CollectionPreview(VerticalScroll):
    """Scrollable participant preview of a collection."""

    DEFAULT_CSS = """
    CollectionPreview { height: 1fr; padding: 0 1; border: round $success; }
    """

    def on_mount(self) -> None:
        self.border_title = "What participants see"

    def compose(self) -> ComposeResult:
        yield Static("Loading the preview…", id="collection-preview-text")

    def show(self, draft: CollectionDraft) -> None:
        """Redraw every page."""
        self.query_one("#collection-preview-text", Static).update(render_collection(draft))

"""The collection editor's left column: the collection, then each page and its items.

Each row stands for a place `(page, item)`: `(-1, DETAILS)` is the collection's own fields,
`(page, DETAILS)` a page's heading, `(page, item)` an item. Problems are marked with ⚠.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from atb_tui.logic.instructions import FieldIssue, summary
from atb_tui.views.collection_draft import (
    BLOCK_TITLES,
    COLLECTION,
    DETAILS,
    CollectionDraft,
    ContentBlock,
    PageEntry,
    Where,
)

COLLECTION_ROW: Where = COLLECTION


def outline_places(draft: CollectionDraft) -> list[Where]:
    """Every row's place, top to bottom."""
    places = [COLLECTION_ROW]
    for page_index, page in enumerate(draft.pages):
        places.append((page_index, DETAILS))
        places += [(page_index, item) for item in range(len(page.items))]
    return places


def _clip(line: str, width: int) -> str:
    line = " ".join(line.split())
    return line if len(line) <= width else line[: max(1, width - 1)] + "…"


def _item_text(item: PageEntry) -> str:
    if isinstance(item, ContentBlock):
        return f"{BLOCK_TITLES[item.kind]}: {item.description or '(empty)'}"
    return f"{item.description.strip() or '(no question yet)'} · {summary(item)}"


def row_prompt(draft: CollectionDraft, place: Where, problems: int, width: int) -> Text:
    """One line of the outline."""
    mark = Text("⚠ " if problems else "  ", style="bold red" if problems else "")
    page, item = place
    if place == COLLECTION_ROW:
        text = Text("▣ ", style="bold")
        text.append_text(mark)
        text.append(_clip(draft.name or "(no name yet)", width - 4), style="bold")
        return text
    if item == DETAILS:
        count = len(draft.pages[page].items)
        text = Text(f"▾ Page {page + 1} ", style="bold cyan")
        text.append_text(mark)
        text.append(f"{count} item{'s' if count != 1 else ''}", style="dim")
        return text
    text = Text(f"  {item + 1:>2} ")
    text.append_text(mark)
    text.append(_clip(_item_text(draft.pages[page].items[item]), width - 7))
    return text


class CollectionOutline(OptionList):
    """Posts OptionList.OptionHighlighted as the user moves; keeps the selection on redraw."""

    DEFAULT_CSS = """
    CollectionOutline { width: 38; max-width: 40%; height: 1fr; border: round $panel; }
    CollectionOutline:focus { border: round $accent; }
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.places: list[Where] = []
        self._draft: CollectionDraft | None = None
        self._problems: dict[Where, int] = {}

    def on_resize(self) -> None:
        if self._draft is not None:
            self._draw(self.highlighted or 0)

    def _width(self) -> int:
        inner = self.scrollable_content_region.width
        return max(16, inner - 1) if inner > 0 else 34

    def show(
        self, draft: CollectionDraft, issues: Mapping[Where, Sequence[FieldIssue]], selected: int
    ) -> None:
        """Redraw every row and highlight row `selected`."""
        self._draft = draft
        self._problems = {place: len(found) for place, found in issues.items()}
        self.places = outline_places(draft)
        self._draw(selected)

    def update_place(self, place: Where, problems: int) -> None:
        """Redraw one row after its item was edited."""
        if self._draft is None or place not in self.places:
            return
        self._problems[place] = problems
        index = self.places.index(place)
        self.replace_option_prompt_at_index(index, self._prompt(place))

    def _prompt(self, place: Where) -> Text:
        assert self._draft is not None
        return row_prompt(self._draft, place, self._problems.get(place, 0), self._width())

    def _draw(self, selected: int) -> None:
        prompts = [Option(self._prompt(place), id=str(n)) for n, place in enumerate(self.places)]
        with self.prevent(OptionList.OptionHighlighted):
            self.clear_options()
            self.add_options(prompts)
            if prompts:
                self.highlighted = max(0, min(selected, len(prompts) - 1))

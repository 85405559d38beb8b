"""A collection being edited: pages of items, checked, diffed and turned into the request.

No widgets and no API calls: the collection editor edits a `CollectionDraft`, autosaves its
`to_json()`, compares it with what Prolific has, and sends `create_request` / `update_request`.
Items keep the ids Prolific gave them, so a replace (a full PUT) keeps pages, questions and
their answers attached; entries without an id are created; those left out are deleted.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal, TypeGuard

from pydantic import ValidationError

from atb_tui.api.models.collections import Collection, CollectionCreate, CollectionUpdate
from atb_tui.api.models.common import TaskDetailsInput
from atb_tui.logic.instructions import (
    FieldIssue,
    Instruction,
    UnsupportedInstruction,
    from_wire,
    summary,
    to_wire,
    validate_instruction,
)
from atb_tui.views.batch_html import html_to_text

BlockKind = Literal["rich_text", "image"]
BLOCK_KINDS: tuple[BlockKind, ...] = ("rich_text", "image")
BLOCK_TITLES = {"rich_text": "Text (HTML)", "image": "Image"}
DETAILS = -1  # the "item" index of the collection's own fields (name and task details)
# Server-side fields of a stored item that are never sent back.
_STORED_ONLY = frozenset(
    {"created_at", "created_by", "parent_id", "parent_type", "schema_version", "order", "batch_id"}
)


@dataclass(frozen=True)
class ContentBlock:
    """Text or an image shown on a page (not a question)."""

    kind: BlockKind
    id: str | None = None
    content: str = ""  # HTML, for rich_text
    url: str = ""
    alt_text: str = ""
    caption: str = ""

    @property
    def description(self) -> str:
        """A one-line label, like an instruction's question."""
        text = html_to_text(self.content) if self.kind == "rich_text" else self.alt_text or self.url
        return text.strip().splitlines()[0] if text.strip() else ""


PageEntry = Instruction | ContentBlock


@dataclass
class DraftPage:
    """One page: what a participant sees at once, in order."""

    items: list[PageEntry] = field(default_factory=list)
    id: str | None = None


@dataclass
class CollectionDraft:
    """Everything a create or replace sends."""

    name: str = ""
    task_name: str = ""
    task_introduction: str = ""
    task_steps: str = ""
    pages: list[DraftPage] = field(default_factory=list)

    # ---- pages and items --------------------------------------------------------------------

    def add_page(self, at: int) -> int:
        """A new empty page at position `at`; returns where it went."""
        where = max(0, min(at, len(self.pages)))
        self.pages.insert(where, DraftPage())
        return where

    def remove_page(self, index: int) -> DraftPage:
        """Take a page (and its items) out."""
        return self.pages.pop(index)

    def move_page(self, index: int, step: int) -> int:
        """Swap a page with its neighbour; returns its new position (unchanged at an end)."""
        return _swap(self.pages, index, step)

    def add_item(self, page: int, at: int, item: PageEntry) -> int:
        """Insert an item on a page; returns its position."""
        items = self.pages[page].items
        where = max(0, min(at, len(items)))
        items.insert(where, item)
        return where

    def move_item(self, page: int, index: int, step: int) -> tuple[int, int]:
        """Move an item up or down, onto the neighbouring page at a page's edge."""
        items = self.pages[page].items
        target = index + step
        if 0 <= target < len(items):
            items[index], items[target] = items[target], items[index]
            return page, target
        neighbour = page + (1 if step > 0 else -1)
        if not 0 <= neighbour < len(self.pages):
            return page, index
        moved = items.pop(index)
        other = self.pages[neighbour].items
        position = 0 if step > 0 else len(other)
        other.insert(position, moved)
        return neighbour, position

    @property
    def question_count(self) -> int:
        """How many items are questions (participants answer these)."""
        return sum(1 for page in self.pages for item in page.items if _is_question(item))

    @property
    def item_count(self) -> int:
        """Every item on every page."""
        return sum(len(page.items) for page in self.pages)

    def questions(self) -> list[Instruction]:
        """The questions, page by page, in order."""
        return [item for page in self.pages for item in page.items if _is_question(item)]

    # ---- JSON (local drafts and "unsaved" comparisons) --------------------------------------

    def to_json(self) -> dict[str, Any]:
        """The draft as JSON, ids included."""
        return {
            "name": self.name,
            "task_name": self.task_name,
            "task_introduction": self.task_introduction,
            "task_steps": self.task_steps,
            "pages": [_page_json(page) for page in self.pages],
        }


def _swap(entries: list[Any], index: int, step: int) -> int:
    target = index + step
    if not (0 <= index < len(entries) and 0 <= target < len(entries)):
        return index
    entries[index], entries[target] = entries[target], entries[index]
    return target


def _is_question(item: PageEntry) -> TypeGuard[Instruction]:
    return not isinstance(item, ContentBlock)


def _page_json(page: DraftPage) -> dict[str, Any]:
    body: dict[str, Any] = {"page_items": [item_json(item) for item in page.items]}
    if page.id:
        body["id"] = page.id
    return body


def item_json(item: PageEntry, *, include_id: bool = True) -> dict[str, Any]:
    """One item as the API's page item input (without ``order``)."""
    if isinstance(item, ContentBlock):
        return _block_json(item, include_id)
    body = to_wire(item, include_id=include_id)
    body.pop("created_by", None)  # only the legacy endpoint reads it
    return {key: value for key, value in body.items() if key not in _STORED_ONLY or key == "id"}


def _block_json(block: ContentBlock, include_id: bool) -> dict[str, Any]:
    body: dict[str, Any] = {"type": block.kind}
    if include_id and block.id:
        body["id"] = block.id
    if block.kind == "rich_text":
        body["content"] = block.content
        return body
    body.update(url=block.url, alt_text=block.alt_text)
    if block.caption:
        body["caption"] = block.caption
    return body


def draft_from_json(data: Mapping[str, Any]) -> CollectionDraft:
    """A draft back from `to_json` (a local draft file). Raises ValueError if unreadable."""
    pages = data.get("pages")
    if not isinstance(pages, list):
        raise ValueError("the draft has no pages")
    return CollectionDraft(
        name=str(data.get("name") or ""),
        task_name=str(data.get("task_name") or ""),
        task_introduction=str(data.get("task_introduction") or ""),
        task_steps=str(data.get("task_steps") or ""),
        pages=[_page_from_json(page) for page in pages],
    )


def _page_from_json(page: object) -> DraftPage:
    if not isinstance(page, Mapping) or not isinstance(page.get("page_items"), list):
        raise ValueError("a page of the draft has no items")
    page_id = page.get("id")
    items = [entry_from_json(item) for item in page["page_items"]]
    return DraftPage(items, str(page_id) if page_id else None)


def entry_from_json(item: object) -> PageEntry:
    """A page item (stored or draft JSON) as a question or a content block."""
    if isinstance(item, Mapping) and item.get("type") in BLOCK_KINDS:
        return ContentBlock(
            kind=item["type"],
            id=str(item["id"]) if item.get("id") else None,
            content=str(item.get("content") or ""),
            url=str(item.get("url") or ""),
            alt_text=str(item.get("alt_text") or ""),
            caption=str(item.get("caption") or ""),
        )
    return from_wire(item)


def draft_from_collection(collection: Collection) -> CollectionDraft:
    """What Prolific has, ready to edit (pages and items in their stored order)."""
    details = collection.task_details
    pages = sorted(
        enumerate(collection.collection_items), key=lambda pair: (pair[1].order or 0, pair[0])
    )
    return CollectionDraft(
        name=collection.name,
        task_name=(details.task_name if details else None) or "",
        task_introduction=(details.task_introduction if details else None) or "",
        task_steps=(details.task_steps if details else None) or "",
        pages=[_stored_page(page.id, page.page_items) for _, page in pages],
    )


def _stored_page(page_id: str | None, items: Sequence[Any]) -> DraftPage:
    ordered = sorted(enumerate(items), key=lambda pair: (pair[1].order or 0, pair[0]))
    entries = [
        entry_from_json(item.model_dump(mode="json", exclude_none=True)) for _, item in ordered
    ]
    return DraftPage(entries, page_id)


def new_draft(name: str = "") -> CollectionDraft:
    """A fresh collection: one page with a line of text to start from."""
    intro = ContentBlock("rich_text", content="<p>Tell participants what this page is about.</p>")
    return CollectionDraft(
        name=name,
        task_introduction="<p>Describe the task in a sentence or two.</p>",
        task_steps="<ol><li>Read each page</li><li>Answer the questions</li></ol>",
        pages=[DraftPage([intro])],
    )


# ---- checks -------------------------------------------------------------------------------

Where = tuple[int, int]  # (page, item); item DETAILS for a page itself
COLLECTION: Where = (-1, DETAILS)  # the collection's own fields (name, task details, pages)


def block_issues(block: ContentBlock) -> list[FieldIssue]:
    """What Prolific would refuse in a content block."""
    if block.kind == "rich_text":
        return [] if block.content.strip() else [FieldIssue("content", "The text can't be empty.")]
    found: list[FieldIssue] = []
    if not block.url.startswith("https://"):
        found.append(FieldIssue("url", "The image needs an https:// address."))
    if not block.alt_text.strip():
        found.append(FieldIssue("alt_text", "Describe the image for screen readers."))
    return found


def entry_issues(item: PageEntry) -> list[FieldIssue]:
    """Rule problems of one item."""
    if isinstance(item, ContentBlock):
        return block_issues(item)
    return validate_instruction(item)


def draft_issues(draft: CollectionDraft) -> dict[Where, list[FieldIssue]]:
    """Every problem, by page and item (nothing listed means it can be sent)."""
    found: dict[Where, list[FieldIssue]] = {}
    details = [
        FieldIssue(name, f"The {label} can't be empty.")
        for name, label in (("name", "name"), ("task_name", "task name"))
        if not getattr(draft, name).strip()
    ]
    if not draft.pages:
        details.append(FieldIssue("pages", "A collection needs at least one page."))
    if details:
        found[COLLECTION] = details
    for page_index, page in enumerate(draft.pages):
        if not page.items:
            found[(page_index, DETAILS)] = [FieldIssue("page_items", "This page is empty.")]
        for item_index, item in enumerate(page.items):
            issues = entry_issues(item)
            if issues:
                found[(page_index, item_index)] = issues
    return found


# ---- requests -----------------------------------------------------------------------------


def _task_details(draft: CollectionDraft) -> TaskDetailsInput:
    return TaskDetailsInput(
        task_name=draft.task_name.strip(),
        task_introduction=draft.task_introduction,
        task_steps=draft.task_steps,
    )


def _wire_pages(draft: CollectionDraft, include_ids: bool) -> list[dict[str, Any]]:
    pages = []
    for page_order, page in enumerate(draft.pages):
        items = [
            {**item_json(item, include_id=include_ids), "order": order}
            for order, item in enumerate(page.items)
        ]
        body: dict[str, Any] = {"order": page_order, "page_items": items}
        if include_ids and page.id:
            body["id"] = page.id
        pages.append(body)
    return pages


def create_request(draft: CollectionDraft, workspace_id: str) -> CollectionCreate:
    """POST body. Raises pydantic's ValidationError when the client's checks refuse it."""
    return CollectionCreate.model_validate(
        {
            "workspace_id": workspace_id,
            "name": draft.name.strip(),
            "task_details": _task_details(draft),
            "collection_items": _wire_pages(draft, include_ids=False),
        }
    )


def update_request(draft: CollectionDraft) -> CollectionUpdate:
    """PUT body: a full replacement that keeps every id the draft still has."""
    return CollectionUpdate.model_validate(
        {
            "name": draft.name.strip(),
            "task_details": _task_details(draft),
            "collection_items": _wire_pages(draft, include_ids=True),
        }
    )


def request_problem(error: ValidationError) -> str:
    """The first reason the client refused to send, in words."""
    first = error.errors()[0] if error.errors() else {"msg": str(error), "loc": ()}
    where = ".".join(str(part) for part in first.get("loc", ()))
    message = str(first.get("msg", "")).removeprefix("Value error, ")
    return f"{where}: {message}" if where else message


# ---- what changed -------------------------------------------------------------------------


def _label(item: PageEntry) -> str:
    if isinstance(item, ContentBlock):
        return f"{BLOCK_TITLES[item.kind]}: {item.description[:40]}"
    if isinstance(item, UnsupportedInstruction):
        return f"{item.type}: {item.description[:40]}"
    return summary(item)[:60]


def describe_changes(saved: CollectionDraft | None, draft: CollectionDraft) -> list[str]:
    """What a replace would do, in plain lines (kept items keep their answers)."""
    if saved is None:
        return [f"Create {len(draft.pages)} page(s) with {draft.item_count} item(s)."]
    lines: list[str] = []
    if saved.name != draft.name:
        lines.append(f"Rename to “{draft.name}”.")
    if _details(saved) != _details(draft):
        lines.append("Change the task name, introduction or steps.")
    old = {item.id: item for page in saved.pages for item in page.items if item.id}
    kept = {item.id for page in draft.pages for item in page.items if item.id in old}
    new = [item for page in draft.pages for item in page.items if not item.id]
    changed = [
        item
        for page in draft.pages
        for item in page.items
        if item.id in old and item_json(item) != item_json(old[item.id])
    ]
    lines += [f"Add {_label(item)}" for item in new]
    lines += [f"Change {_label(item)}" for item in changed]
    lines += [f"Delete {_label(item)}" for key, item in old.items() if key not in kept]
    if _shape(saved) != _shape(draft) and not lines:
        lines.append("Reorder pages or items.")
    return lines


def _details(draft: CollectionDraft) -> tuple[str, str, str]:
    return (draft.task_name, draft.task_introduction, draft.task_steps)


def _shape(draft: CollectionDraft) -> list[list[str | None]]:
    return [[item.id for item in page.items] for page in draft.pages]


def copy_entry(item: PageEntry) -> PageEntry:
    """The same item as a new one (no id), for duplicating."""
    if isinstance(item, UnsupportedInstruction):
        return UnsupportedInstruction({k: v for k, v in item.raw.items() if k != "id"})
    return replace(item, id=None)


def outline_index(draft: CollectionDraft, place: Where) -> int:
    """The row of `place` in the editor's outline (collection, then each page and its items)."""
    if place == COLLECTION:
        return 0
    page, item = place
    before = sum(1 + len(p.items) for p in draft.pages[:page])
    return 1 + before + (0 if item == DETAILS else 1 + item)


def count_text(number: int, noun: str) -> str:
    """'1 page', '3 pages'."""
    return f"{number} {noun}{'' if number == 1 else 's'}"

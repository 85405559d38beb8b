"""``batch_items`` layouts: validation with page/row/column/item issues, and server ids.

A layout is a list of pages; a page has rows, a row one or two columns, a column one or
more items (dataset fields, images, rich text or instructions). Invalid layouts raise
:class:`~atb_tui.sandbox.errors.BatchItemsInvalid` (422 ``INVALID_BATCH_ITEMS``) listing
every problem with zero-based coordinates. Valid layouts come back normalised, with ids
for every page/row/column/item that lacked one; ids the client sends must be ids the
batch already has (that is how a PATCH keeps existing entries).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from atb_tui.sandbox.errors import BatchItemsInvalid
from atb_tui.sandbox.instruction_rules import instruction_problems, normalise_instruction
from atb_tui.sandbox.markdown import to_html
from atb_tui.sandbox.model import INSTRUCTION_TYPES, JSON
from atb_tui.sandbox.tabular import SHOWN_FIELD_TYPES

CONTENT_TYPES = ("dataset_field", "image", "rich_text")
POSITIONS = ("intro", "body", "outro")


@dataclass
class _Checker:
    schema: JSON | None
    known_ids: set[str]
    new_id: Callable[[], str]
    issues: list[JSON] = field(default_factory=list)

    def issue(
        self, at: tuple[int, int, int, int], kind: str, message: str, name: str | None = None
    ) -> None:
        page, row, column, item = at
        entry: JSON = {"page": page, "row": row, "column": column, "item": item, "type": kind}
        if name is not None:
            entry["field"] = name
        entry["message"] = message
        self.issues.append(entry)

    def ident(self, entry: JSON, at: tuple[int, int, int, int], kind: str) -> str:
        given = entry.get("id")
        if given is None:
            return self.new_id()
        if not isinstance(given, str) or given not in self.known_ids:
            self.issue(at, kind, f"Unknown id {given!r}: omit 'id' to create a new entry.")
        return str(given)


def validate_layout(
    pages: object, schema: JSON | None, previous: list[JSON] | None, new_id: Callable[[], str]
) -> list[JSON]:
    """The normalised layout, or :class:`BatchItemsInvalid` with every issue found."""
    checker = _Checker(schema, set(layout_ids(previous or [])), new_id)
    if not isinstance(pages, list) or not pages:
        checker.issue((0, 0, 0, 0), "page", "batch_items must be a non-empty list of pages.")
        raise BatchItemsInvalid(checker.issues)
    result = [_page(checker, page, p) for p, page in enumerate(pages)]
    if checker.issues:
        raise BatchItemsInvalid(checker.issues)
    return result


def _page(checker: _Checker, page: object, p: int) -> JSON:
    at = (p, 0, 0, 0)
    if not isinstance(page, dict) or not isinstance(page.get("rows"), list) or not page["rows"]:
        checker.issue(at, "page", "Each page needs a non-empty 'rows' list.")
        return {}
    position = page.get("display_position", "body")
    if position not in POSITIONS:
        checker.issue(at, "page", f"display_position must be one of {', '.join(POSITIONS)}.")
    seen_fields: set[str] = set()
    rows = [_row(checker, row, (p, r), seen_fields, position) for r, row in enumerate(page["rows"])]
    normalised: JSON = {"id": checker.ident(page, at, "page"), "rows": rows}
    if "display_position" in page:
        normalised["display_position"] = position
    return normalised


def _row(
    checker: _Checker, row: object, where: tuple[int, int], seen: set[str], position: object
) -> JSON:
    at = (*where, 0, 0)
    columns = row.get("columns") if isinstance(row, dict) else None
    if not isinstance(columns, list) or not 1 <= len(columns) <= 2:
        checker.issue(at, "row", "Each row needs 'columns': a list of one or two columns.")
        return {}
    normalised_columns = [
        _column(checker, column, (*where, c), seen, position) for c, column in enumerate(columns)
    ]
    assert isinstance(row, dict)
    return {"id": checker.ident(row, at, "row"), "columns": normalised_columns}


def _column(
    checker: _Checker, column: object, where: tuple[int, int, int], seen: set[str], position: object
) -> JSON:
    at = (*where, 0)
    items = column.get("items") if isinstance(column, dict) else None
    if not isinstance(items, list) or not items:
        checker.issue(at, "column", "Each column needs a non-empty 'items' list.")
        return {}
    normalised = [_item(checker, item, (*where, i), seen, position) for i, item in enumerate(items)]
    assert isinstance(column, dict)
    return {"id": checker.ident(column, at, "column"), "items": normalised}


def _item(
    checker: _Checker, item: object, at: tuple[int, int, int, int], seen: set[str], position: object
) -> JSON:
    kind = item.get("type") if isinstance(item, dict) else None
    if not isinstance(item, dict) or kind not in CONTENT_TYPES + INSTRUCTION_TYPES:
        allowed = ", ".join(CONTENT_TYPES + INSTRUCTION_TYPES)
        checker.issue(at, str(kind or "unknown"), f"Item 'type' must be one of: {allowed}.")
        return {}
    if position in ("intro", "outro") and kind not in ("rich_text", "image"):
        checker.issue(
            at, str(kind), f"{position} pages may only contain rich_text and image items."
        )
    if kind == "dataset_field":
        return _dataset_field(checker, item, at, seen)
    if kind == "image":
        return _image(checker, item, at)
    if kind == "rich_text":
        return _rich_text(checker, item, at)
    problems = instruction_problems(item)
    for name, message in problems:
        checker.issue(at, str(kind), f"{name}: {message}" if name else message)
    if problems:
        return {}
    return {**normalise_instruction(item), "id": checker.ident(item, at, str(kind))}


def _dataset_field(
    checker: _Checker, item: JSON, at: tuple[int, int, int, int], seen: set[str]
) -> JSON:
    name = item.get("field")
    fields: JSON = (checker.schema or {}).get("fields", {})
    if checker.schema is None:
        checker.issue(
            at,
            "dataset_field",
            "dataset_field needs an attached V4 dataset with a schema.",
            str(name),
        )
    elif not isinstance(name, str) or name not in fields:
        checker.issue(at, "dataset_field", f"Unknown dataset field {name!r}.", str(name))
    elif fields[name].get("type") not in SHOWN_FIELD_TYPES:
        kind = fields[name].get("type")
        checker.issue(
            at, "dataset_field", f"Field {name!r} has type {kind!r} and cannot be shown.", name
        )
    elif name in seen:
        checker.issue(
            at, "dataset_field", f"Field {name!r} appears more than once on this page.", name
        )
    seen.add(str(name))
    return {"type": "dataset_field", "field": name}


def _image(checker: _Checker, item: JSON, at: tuple[int, int, int, int]) -> JSON:
    url, alt = item.get("url"), item.get("alt_text")
    if not isinstance(url, str) or not url.startswith("https://"):
        checker.issue(at, "image", "Image 'url' must be an HTTPS URL.")
    if not isinstance(alt, str) or not alt.strip():
        checker.issue(at, "image", "Image 'alt_text' is required.")
    image: JSON = {
        "type": "image",
        "id": checker.ident(item, at, "image"),
        "url": url,
        "alt_text": alt,
    }
    if isinstance(item.get("caption"), str):
        image["caption"] = item["caption"]
    return image


def _rich_text(checker: _Checker, item: JSON, at: tuple[int, int, int, int]) -> JSON:
    content, content_format = item.get("content"), item.get("content_format", "html")
    if not isinstance(content, str) or not content.strip():
        checker.issue(at, "rich_text", "rich_text 'content' is required.")
        content = ""
    if content_format not in ("html", "markdown"):
        checker.issue(at, "rich_text", "content_format must be 'html' or 'markdown'.")
    html = to_html(content) if content_format == "markdown" else content
    return {
        "type": "rich_text",
        "id": checker.ident(item, at, "rich_text"),
        "content": html,
        "content_format": "html",
    }


def layout_ids(pages: list[JSON]) -> Iterator[str]:
    """Every server-assigned id in a stored layout."""
    for page in pages:
        yield page["id"]
        for row in page["rows"]:
            yield row["id"]
            for column in row["columns"]:
                yield column["id"]
                yield from (item["id"] for item in column["items"] if "id" in item)


def layout_instructions(pages: list[JSON]) -> list[JSON]:
    """The instruction items of a layout, in reading order (what participants answer)."""
    found: list[JSON] = []
    for page in pages:
        for row in page["rows"]:
            for column in row["columns"]:
                found.extend(item for item in column["items"] if item["type"] in INSTRUCTION_TYPES)
    return found

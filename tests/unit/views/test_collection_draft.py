"""The collection draft model: page and item edits, checks, JSON round trips and requests."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from atb_tui.logic.instructions import FreeText, new_instruction
from atb_tui.views.collection_draft import (
    COLLECTION,
    DETAILS,
    CollectionDraft,
    ContentBlock,
    DraftPage,
    copy_entry,
    describe_changes,
    draft_from_json,
    draft_issues,
    new_draft,
    update_request,
)
from atb_tui.views.collection_draft import create_request as collection_create

TEXT = ContentBlock("rich_text", id="t1", content="<p>Hello</p>")
IMAGE = ContentBlock("image", id="i1", url="https://example.org/a.png", alt_text="A cat")


def two_pages() -> CollectionDraft:
    question = FreeText(description="Why?", id="q1")
    return CollectionDraft(
        name="Prompts",
        task_name="Write",
        pages=[DraftPage([TEXT, question], "p1"), DraftPage([IMAGE], "p2")],
    )


def test_moving_an_item_past_the_end_of_a_page_moves_it_to_the_next() -> None:
    draft = two_pages()
    assert draft.move_item(0, 1, 1) == (1, 0)
    assert [item.id for item in draft.pages[1].items] == ["q1", "i1"]
    assert draft.move_item(1, 0, -1) == (0, 1)
    assert draft.move_item(0, 0, -1) == (0, 0)  # the very first item stays put


def test_pages_can_be_added_moved_and_removed() -> None:
    draft = two_pages()
    assert draft.add_page(5) == 2
    assert draft.move_page(2, -1) == 1
    assert [page.id for page in draft.pages] == ["p1", None, "p2"]
    assert draft.remove_page(0).id == "p1"
    assert draft.move_page(0, -1) == 0


def test_json_round_trip_keeps_ids_and_every_field() -> None:
    draft = two_pages()
    again = draft_from_json(draft.to_json())
    assert again == draft
    with pytest.raises(ValueError, match="no pages"):
        draft_from_json({"name": "x"})


def test_issues_point_at_the_page_and_item() -> None:
    draft = two_pages()
    draft.name = " "
    draft.pages[1].items.append(ContentBlock("image", url="http://x", alt_text=""))
    draft.add_page(2)
    found = draft_issues(draft)
    assert [issue.field for issue in found[COLLECTION]] == ["name"]
    assert [issue.field for issue in found[(1, 1)]] == ["url", "alt_text"]
    assert found[(2, DETAILS)][0].field == "page_items"
    assert draft_issues(two_pages()) == {}


def test_update_keeps_ids_and_numbers_the_order() -> None:
    body = update_request(two_pages()).to_payload()
    pages = body["collection_items"]
    assert [page["id"] for page in pages] == ["p1", "p2"]
    assert [(item["id"], item["order"]) for item in pages[0]["page_items"]] == [
        ("t1", 0),
        ("q1", 1),
    ]
    assert "created_by" not in pages[0]["page_items"][1]


def test_create_sends_no_ids_and_refuses_an_empty_page() -> None:
    body = collection_create(two_pages(), "ws").to_payload()
    assert all("id" not in page for page in body["collection_items"])
    empty = two_pages()
    empty.add_page(0)
    with pytest.raises(ValidationError):
        collection_create(empty, "ws")


def test_changes_are_described_in_words() -> None:
    saved, draft = two_pages(), two_pages()
    draft.pages[0].items[0] = ContentBlock("rich_text", id="t1", content="<p>Bye</p>")
    draft.pages[1].items.pop()
    draft.pages[1].items.append(new_instruction("multiple_choice"))
    lines = describe_changes(saved, draft)
    assert any(line.startswith("Add ") for line in lines)
    assert any(line.startswith("Change Text") for line in lines)
    assert any(line.startswith("Delete Image") for line in lines)
    assert describe_changes(saved, two_pages()) == []
    assert describe_changes(None, new_draft("x")) == ["Create 1 page(s) with 1 item(s)."]


def test_a_copy_is_a_new_item() -> None:
    assert copy_entry(TEXT).id is None
    assert copy_entry(FreeText(description="x", id="q")).id is None

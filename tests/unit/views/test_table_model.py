"""Column layout of the windowed table: what is dropped first, how room is shared."""

from __future__ import annotations

from atb_tui.views.table_model import (
    Column,
    ListTableModel,
    find_key,
    hidden_note,
    layout_columns,
    sample_rows,
)

COLUMNS = (
    Column("id", "ID", width=6, priority=9),
    Column("name", "Name", priority=5),
    Column("note", "Note", priority=0),
    Column("score", "Score", align="right", priority=7),
)
NATURAL = (6, 12, 40, 5)


def test_everything_fits_at_natural_width() -> None:
    layout = layout_columns(COLUMNS, NATURAL, 100)
    assert layout.shown == (0, 1, 2, 3)
    assert layout.widths == NATURAL
    assert layout.hidden == 0


def test_lowest_priority_goes_first_and_leaves_room_for_the_note() -> None:
    layout = layout_columns(COLUMNS, NATURAL, 40)
    assert layout.shown == (0, 1, 3)
    assert layout.hidden == 1
    used = sum(layout.widths) + 2 * len(layout.shown) + len(hidden_note(1))
    assert used <= 40


def test_one_column_left_is_cut_to_the_width() -> None:
    layout = layout_columns(COLUMNS, NATURAL, 5)
    assert layout.shown == (0,)
    assert layout.widths[0] >= 1
    assert layout.hidden == 3


def test_find_key_checks_the_hint_first_then_scans() -> None:
    model = ListTableModel(COLUMNS, [["a"], ["b"], ["c"]], keys=["ka", "kb", "kc"])
    assert find_key(model, "kb", 1) == 1
    assert find_key(model, "kc", 0) == 2
    assert find_key(model, "zz", 0) is None


def test_sample_is_bounded() -> None:
    rows = sample_rows(100_000, range(50_000, 50_030))
    assert len(rows) == 230
    assert rows[0] == 0
    assert rows[-1] == 99_999

"""Each view as a `TableModel` for the windowed table (and for export and copy).

The Responses model reads the store lazily through a list of row indices, so 100,000 rows cost
nothing until they are on screen; the other views are small and keep their cells as strings.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

from atb_tui.views.responses.answers import ALPHA
from atb_tui.views.responses.participants import ParticipantRow
from atb_tui.views.responses.store import ResponseStore
from atb_tui.views.responses.summary import SummaryLine
from atb_tui.views.responses.tasks import TaskRow
from atb_tui.views.table_model import Column

RESPONSE_COLUMNS = (
    Column("time", "Time", width=11, priority=3),
    Column("participant", "Participant", width=10, priority=4),
    Column("submission", "Submission", width=10, priority=1),
    Column("task", "Task", width=10, priority=2),
    Column("instruction", "Instruction", width=16, priority=3),
    Column("answer", "Answer", width=22, priority=5),
    Column("metadata", "Metadata", priority=0),
)


class ResponsesTable:
    """One row per response (the rows `indices` pick from the store, in that order)."""

    def __init__(self, store: ResponseStore, indices: Sequence[int]) -> None:
        self.store = store
        self.indices = indices
        self.columns: Sequence[Column] = RESPONSE_COLUMNS

    def __len__(self) -> int:
        return len(self.indices)

    def cell(self, row: int, column: int) -> str:
        return response_cell(self.store, self.indices[row], RESPONSE_COLUMNS[column].key)

    def row_key(self, row: int) -> str:
        return self.store.rows[self.indices[row]].id

    def copy_value(self, row: int, column: int) -> str:
        """The full value of a cell (ids are shortened on screen)."""
        key = RESPONSE_COLUMNS[column].key
        if key in ("participant", "task", "submission"):
            column_values: list[str] = getattr(self.store, key)
            return column_values[self.indices[row]]
        return self.cell(row, column)

    def row_json(self, row: int) -> dict[str, Any]:
        """The whole response as the API sent it."""
        return response_json(self.store, self.indices[row])


def response_cell(store: ResponseStore, i: int, key: str) -> str:
    """One cell of response `i` (store index)."""
    if key == "time":
        return store.created[i][5:16].replace("T", " ")  # the full time is in the detail pane
    if key in ("task", "submission"):
        return short_id(getattr(store, key)[i])
    if key == "instruction":
        return store.info(store.instruction[i]).title
    if key == "metadata":
        meta = store.rows[i].metadata or {}
        return ", ".join(f"{k}={v}" for k, v in meta.items())
    column: list[str] = getattr(store, key)
    return column[i]


def short_id(value: str) -> str:
    """The distinctive end of a long id (UUIDv7 ids share their first characters)."""
    return f"…{value[-8:]}" if len(value) > 12 else value


def response_json(store: ResponseStore, i: int) -> dict[str, Any]:
    """Response `i` as plain JSON data."""
    from atb_tui.api.models.response_rows import encode_row

    data: dict[str, Any] = json.loads(encode_row(store.rows[i]))
    return data


def sort_indices(
    store: ResponseStore, indices: Sequence[int], key: str, descending: bool = False
) -> list[int]:
    """The rows ordered by one column (stable, so equal cells keep arrival order)."""
    value: Callable[[int], str] = lambda i: response_cell(store, i, key)  # noqa: E731
    return sorted(indices, key=value, reverse=descending)


class RowsTable:
    """A small table held as strings, with the underlying record of each row for copying."""

    def __init__(
        self, columns: Sequence[Column], rows: list[list[str]], keys: list[str],
        records: list[dict[str, Any]],
    ) -> None:  # fmt: skip
        self.columns = columns
        self.rows, self.keys, self.records = rows, keys, records

    def __len__(self) -> int:
        return len(self.rows)

    def cell(self, row: int, column: int) -> str:
        return self.rows[row][column]

    def row_key(self, row: int) -> str:
        return self.keys[row]

    def copy_value(self, row: int, column: int) -> str:
        """The full value of a cell (the row's id for its shortened id column)."""
        if self.columns[column].key in ("task", "participant"):
            return self.keys[row]
        return self.cell(row, column)

    def row_json(self, row: int) -> dict[str, Any]:
        return self.records[row]


def _figure(value: float | None, digits: int = 2) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def tasks_table(
    store: ResponseStore, tasks: Sequence[TaskRow], datapoints: dict[str, str]
) -> RowsTable:
    """Task, datapoint, then per instruction: answers side by side, majority, agreement."""
    order = [i for i in store.instruction_order() if any(i in t.cells for t in tasks)]
    columns = [Column("task", "Task", width=9, priority=4),
               Column("agree", "Agree", width=5, align="right", priority=5),
               Column("datapoint", "Datapoint", width=26, priority=1)]  # fmt: skip
    for instruction_id in order:
        info = store.info(instruction_id)
        width, priority = (20, 2) if info.is_choice else (20, 0)
        columns.append(Column(f"{instruction_id}:answers", info.title, width, priority=priority))
        if info.is_choice:
            columns.append(Column(f"{instruction_id}:majority", "Majority", 12, priority=3))
    rows, keys, records = [], [], []
    for task in tasks:
        cells = [short_id(task.task_id), _figure(task.agreement), datapoints.get(task.task_id, "")]
        record: dict[str, Any] = {"task": task.task_id, "agreement": task.agreement}
        for instruction_id in order:
            cell = task.cells.get(instruction_id)
            answers = [a for _, a in cell.answers] if cell else []
            cells.append(" | ".join(answers))
            if store.info(instruction_id).is_choice:
                tie = " (tie)" if cell and cell.tied else ""
                cells.append(
                    f"{cell.majority}{tie} {cell.votes}/{cell.rated}"
                    if cell and cell.majority
                    else ""
                )
            record[instruction_id] = dict(cell.answers) if cell else {}
        rows.append(cells)
        keys.append(task.task_id)
        records.append(record)
    return RowsTable(columns, rows, keys, records)


SUMMARY_COLUMNS = (
    Column("instruction", "Instruction", width=18, priority=3),
    Column("item", "Answer / figure", priority=5),
    Column("count", "Count", align="right", priority=4),
    Column("share", "Share", align="right", priority=1),
    Column("bar", "", width=14, priority=2),
)


def summary_table(lines: Sequence[SummaryLine]) -> RowsTable:
    """The summary lines; the instruction title is shown on its first line only."""
    rows, keys, records = [], [], []
    previous = None
    for number, line in enumerate(lines):
        title = line.instruction if line.instruction != previous else ""
        previous = line.instruction
        rows.append([title, line.item, line.count, line.share, line.bar])
        keys.append(str(number))
        records.append({"instruction": line.instruction, "item": line.item.strip(),
                        "count": line.count, "share": line.share})  # fmt: skip
    return RowsTable(SUMMARY_COLUMNS, rows, keys, records)


PARTICIPANT_COLUMNS = (
    Column("participant", "Participant", width=14, priority=5),
    Column("responses", "Responses", align="right", priority=4),
    Column("tasks", "Tasks", align="right", priority=2),
    Column("median_seconds", "Median s/task", align="right", priority=3),
    Column("agreement", "Agreement", align="right", priority=4),
    Column("alpha_effect", f"{ALPHA} effect", align="right", priority=1),
    Column("flags", "Flags", priority=5),
)


def participants_table(people: Sequence[ParticipantRow]) -> RowsTable:
    """One row per participant."""
    rows, keys, records = [], [], []
    for p in people:
        rows.append([p.participant_id, str(p.responses), str(p.tasks),
                     _figure(p.median_seconds, 1), _figure(p.agreement),
                     _figure(p.alpha_effect, 3), ", ".join(p.flags)])  # fmt: skip
        keys.append(p.participant_id)
        records.append({"participant": p.participant_id, "responses": p.responses,
                        "tasks": p.tasks, "median_seconds": p.median_seconds,
                        "agreement": p.agreement, "alpha_effect": p.alpha_effect,
                        "flags": p.flags})  # fmt: skip
    return RowsTable(PARTICIPANT_COLUMNS, rows, keys, records)


def sort_rows(table: RowsTable, column: int, descending: bool = False) -> RowsTable:
    """The table sorted by one column (numbers as numbers, blanks and '—' last)."""

    def key(row: int) -> tuple[int, float, str]:
        text = table.rows[row][column]
        try:
            return (0, float(text), "")
        except ValueError:
            return (1 if text and text != "—" else 2, 0.0, text.lower())

    order = sorted(range(len(table)), key=key, reverse=descending)
    return RowsTable(table.columns, [table.rows[i] for i in order],
                     [table.keys[i] for i in order], [table.records[i] for i in order])  # fmt: skip

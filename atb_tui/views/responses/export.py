"""What an export file holds, as rows: the writer (flows/responses.py) puts them on disk.

Every format is built from the filtered rows only, so a file holds exactly what the view shows.
The long CSV is what `atb-tui agreement` reads: `task`, `annotator`, `value` first (value is
the option value for choices, the text otherwise), then the rest. Filter to one instruction
before exporting it for agreement: `task` is the task id, shared by the task's instructions.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence

from atb_tui.views.responses.store import ResponseStore
from atb_tui.views.responses.tables import response_json
from atb_tui.views.table_model import TableModel

FORMATS = {
    "long": "Long CSV (one row per response; `atb-tui agreement` reads it)",
    "wide": "Wide CSV (one row per task, a column per instruction and annotator)",
    "jsonl": "JSONL (each response as the API sent it)",
    "table": "This table as CSV (the agreement table in Tasks)",
}
SUFFIXES = {"long": ".csv", "wide": ".csv", "jsonl": ".jsonl", "table": ".csv"}
LONG_HEADER = ["task", "annotator", "value", "instruction_id", "instruction", "type", "answer",
               "submission", "created_at", "response_id"]  # fmt: skip


def long_rows(store: ResponseStore, indices: Sequence[int]) -> Iterator[list[str]]:
    """Header, then one row per response."""
    yield LONG_HEADER
    for i in indices:
        row = store.rows[i]
        instruction = store.instruction[i]
        key = store.key[i]
        value = key if key is not None else store.answer[i]
        yield [store.task[i], store.participant[i], value, instruction,
               store.info(instruction).title, row.response.type, store.answer[i],
               store.submission[i], store.created[i], row.id]  # fmt: skip


def wide_rows(store: ResponseStore, indices: Sequence[int]) -> Iterator[list[str]]:
    """Header, then one row per task: a column per (instruction, annotator) pair."""
    cells: dict[str, dict[tuple[str, str], str]] = {}
    pairs: dict[tuple[str, str], None] = {}
    for i in indices:
        pair = (store.instruction[i], store.participant[i])
        pairs.setdefault(pair)
        cells.setdefault(store.task[i], {})[pair] = store.answer[i]
    rank = {instruction: n for n, instruction in enumerate(store.instruction_order())}
    order = sorted(pairs, key=lambda p: (rank[p[0]], p[1]))
    yield ["task", *(f"{store.info(i).title} [{who}]" for i, who in order)]
    for task, answers in cells.items():
        yield [task, *(answers.get(pair, "") for pair in order)]


def jsonl_lines(store: ResponseStore, indices: Sequence[int]) -> Iterator[str]:
    """One JSON object per response."""
    for i in indices:
        yield json.dumps(response_json(store, i), ensure_ascii=False)


def table_rows(table: TableModel) -> Iterator[list[str]]:
    """Header (column titles, or keys where a title is blank), then every row as shown."""
    yield [column.title or column.key for column in table.columns]
    for row in range(len(table)):
        yield [table.cell(row, column) for column in range(len(table.columns))]

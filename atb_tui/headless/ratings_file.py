"""Ratings from a file: a long CSV (task, annotator, value), a batch export ZIP, or its
`responses-by-task.jsonl`.

The export's per-line shapes are not confirmed by Prolific (api-reference §11.1), so the JSONL is
read defensively: a task's id is `task_id` (or `id`), its answers are in `responses`, and each
answer has `participant_id` (or `submission_id`), `instruction_id` and `answer` either flat or
inside a `response` object, as the responses endpoint returns them. Anything else is a
`RatingsFileError` with one line saying where and what, never a traceback.
"""

from __future__ import annotations

import csv
import io
import json
import math
import zipfile
from collections.abc import Hashable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from atb_tui.logic.agreement import Rating

BY_TASK = "responses-by-task.jsonl"
MAX_BYTES = 2 * 1024**3  # refuse to inflate more than this from one archive member


class RatingsFileError(Exception):
    """A file we cannot read ratings from; the message is one line for the user."""


@dataclass(frozen=True)
class Instruction:
    """One instruction found in an export: id, type, question, and how many answers."""

    id: str
    type: str
    description: str
    answers: int
    options: list[Any] = field(default_factory=list)

    def describe(self) -> str:
        """`<id>  multiple_choice  120 answers  "Sentiment?"` for lists of choices."""
        text = f'  "{self.description}"' if self.description else ""
        return f"{self.id}  {self.type or '?'}  {self.answers} answers{text}"


@dataclass(frozen=True)
class LoadedRatings:
    """Ratings ready for the statistics, with the option order when the export has one."""

    ratings: list[Rating]
    order: list[Hashable] | None = None
    instruction: Instruction | None = None


class NeedInstruction(RatingsFileError):
    """An export with several instructions and none chosen (or an unknown one)."""

    def __init__(self, message: str, instructions: list[Instruction]) -> None:
        super().__init__(message)
        self.instructions = instructions


def load_ratings(path: Path, instruction: str | None = None) -> LoadedRatings:
    """Read ratings from `path`; raise `RatingsFileError` with a one-line reason on bad input."""
    data = _read_bytes(path)
    if zipfile.is_zipfile(io.BytesIO(data)):
        return _from_zip(data, instruction)
    if path.suffix.lower() == ".zip":
        raise RatingsFileError("not a ZIP archive (expected a batch export)")
    text = _decode(data)
    if path.suffix.lower() in (".jsonl", ".json") or text.lstrip().startswith("{"):
        return _from_jsonl(text, instruction, {})
    return _from_csv(text, instruction)


def _read_bytes(path: Path) -> bytes:
    if path.is_dir():
        raise RatingsFileError("is a directory, not a file")
    try:
        return path.read_bytes()
    except OSError as error:
        raise RatingsFileError(f"cannot read: {error.strerror or error}") from None


def _decode(data: bytes, where: str = "") -> str:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise RatingsFileError(f"{where}line {line}: not valid UTF-8 text") from None
    if not text.strip():
        raise RatingsFileError(f"{where}the file is empty")
    return text


def _from_csv(text: str, instruction: str | None) -> LoadedRatings:
    """A long CSV; one with an `instruction_id` column (the viewer's export) is read one
    instruction at a time, as mixing instructions would make one answer overwrite another."""
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [name.strip().lower() for name in next(reader)]
        missing = [name for name in ("task", "annotator", "value") if name not in header]
        if missing:
            raise RatingsFileError(
                f"line 1: missing column {', '.join(missing)} "
                f"(a CSV needs task, annotator, value; found: {', '.join(header) or 'nothing'})"
            )
        columns = [header.index(name) for name in ("task", "annotator", "value")]
        rows = [(row, reader.line_num) for row in reader if any(row)]
    except csv.Error as error:
        raise RatingsFileError(f"line {reader.line_num}: {error}") from None
    if "instruction_id" in header:
        rows = _rows_of_one_instruction(rows, header, instruction)
    ratings = [_csv_rating(row, columns, line) for row, line in rows]
    return LoadedRatings(_numbers_if_all_numeric(ratings))


def _rows_of_one_instruction(
    rows: list[tuple[list[str], int]], header: list[str], wanted: str | None
) -> list[tuple[list[str], int]]:
    def cell(row: list[str], name: str) -> str:
        index = header.index(name) if name in header else len(row)
        return row[index].strip() if index < len(row) else ""

    found: dict[str, Instruction] = {}
    for row, _ in rows:
        key = cell(row, "instruction_id")
        seen = found.get(key)
        found[key] = Instruction(
            key, cell(row, "type"), cell(row, "instruction"), (seen.answers if seen else 0) + 1
        )
    chosen = _choose(list(found.values()), wanted)
    return [(row, line) for row, line in rows if cell(row, "instruction_id") == chosen.id]


def _csv_rating(row: list[str], columns: list[int], line: int) -> Rating:
    task, annotator, value = (row[i].strip() if i < len(row) else None for i in columns)
    if not task:
        raise RatingsFileError(f"line {line}: the task is empty")
    if not annotator:
        raise RatingsFileError(f"line {line}: the annotator is empty")
    return task, annotator, value or None


def _from_zip(data: bytes, instruction: str | None) -> LoadedRatings:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = [n for n in archive.namelist() if n.rsplit("/", 1)[-1] == BY_TASK]
            if not names:
                raise RatingsFileError(f"the ZIP has no {BY_TASK} (is it a batch export?)")
            if archive.getinfo(names[0]).file_size > MAX_BYTES:
                raise RatingsFileError(f"{BY_TASK} is too large to read")
            text = _decode(archive.read(names[0]), f"{BY_TASK}: ")
            meta = _batch_meta(archive, names[0].replace(BY_TASK, "batch.json"))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError) as error:
        raise RatingsFileError(f"damaged ZIP archive: {error}") from None
    return _from_jsonl(text, instruction, meta, f"{BY_TASK}: ")


def _batch_meta(archive: zipfile.ZipFile, name: str) -> dict[str, dict[str, Any]]:
    """Instruction definitions by id from batch.json, when it is there and readable."""
    try:
        meta = json.loads(archive.read(name))
    except (KeyError, ValueError):
        return {}
    items = meta.get("instructions") if isinstance(meta, dict) else None
    if not isinstance(items, list):
        return {}
    return {str(i["id"]): i for i in items if isinstance(i, dict) and "id" in i}


def _from_jsonl(
    text: str, instruction: str | None, meta: dict[str, dict[str, Any]], where: str = ""
) -> LoadedRatings:
    rows: list[tuple[str, Hashable, str, str, Hashable]] = []  # task, who, instr, type, value
    for line_no, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            rows.extend(_task_answers(_json_line(line, line_no, where), line_no, where))
    found = _instructions(rows, meta)
    chosen = _choose(found, instruction)
    picked: list[Rating] = [
        (t, who, value) for t, who, instr, _, value in rows if instr == chosen.id
    ]
    ratings = _numbers_if_all_numeric(picked)
    return LoadedRatings(ratings, _option_order(meta.get(chosen.id), ratings), chosen)


def _json_line(line: str, line_no: int, where: str) -> dict[str, Any]:
    try:
        task = json.loads(line)
    except (ValueError, RecursionError) as error:  # also giant numbers, absurd nesting
        reason = error.msg if isinstance(error, json.JSONDecodeError) else str(error)
        raise RatingsFileError(f"{where}line {line_no}: not JSON ({reason})") from None
    if not isinstance(task, dict):
        raise RatingsFileError(f"{where}line {line_no}: expected a JSON object per task")
    return task


def _task_answers(
    task: dict[str, Any], line_no: int, where: str
) -> Iterator[tuple[str, Hashable, str, str, Hashable]]:
    task_id = task.get("task_id", task.get("id"))
    answers = task.get("responses")
    if task_id is None or not isinstance(answers, list):
        raise RatingsFileError(f"{where}line {line_no}: expected task_id and a responses list")
    for entry in answers:
        if not isinstance(entry, dict):
            raise RatingsFileError(f"{where}line {line_no}: a response is not a JSON object")
        nested = entry.get("response")
        inner: dict[str, Any] = nested if isinstance(nested, dict) else entry
        who = entry.get("participant_id", entry.get("submission_id"))
        instr = inner.get("instruction_id", entry.get("instruction_id"))
        if who is None or instr is None:
            raise RatingsFileError(
                f"{where}line {line_no}: a response lacks participant_id or instruction_id"
            )
        kind = str(inner.get("type", ""))
        yield str(task_id), _hashable(who), str(instr), kind, _answer_value(inner.get("answer"))


def _answer_value(answer: Any) -> Hashable:
    """One comparable value per answer: the chosen value, or a sorted tuple of several."""
    items = answer if isinstance(answer, list) else [answer]
    values = []
    for item in items:
        if isinstance(item, dict):
            value = item.get("value", item.get("file_name"))
            if item.get("unit") not in (None, ""):
                value = f"{value} {item['unit']}"
        else:
            value = item
        if value is not None and value != "":
            values.append(_hashable(value))
    if not values:
        return None
    return values[0] if len(values) == 1 else tuple(sorted(values, key=str))


def _hashable(value: Any) -> Hashable:
    if isinstance(value, dict | list):
        return json.dumps(value, sort_keys=True)
    return value  # type: ignore[no-any-return]


def _instructions(
    rows: list[tuple[str, Hashable, str, str, Hashable]], meta: dict[str, dict[str, Any]]
) -> list[Instruction]:
    counts: dict[str, tuple[str, int]] = {}
    for _, _, instr, kind, _ in rows:
        known = counts.get(instr, (kind, 0))
        counts[instr] = (known[0] or kind, known[1] + 1)
    for instr in meta:
        counts.setdefault(instr, (str(meta[instr].get("type", "")), 0))
    return [
        Instruction(
            instr,
            kind or str(meta.get(instr, {}).get("type", "")),
            str(meta.get(instr, {}).get("description", "")),
            n,
            list(meta.get(instr, {}).get("options") or []),
        )
        for instr, (kind, n) in counts.items()
    ]


def _choose(found: list[Instruction], wanted: str | None) -> Instruction:
    if wanted is not None:
        for item in found:
            if item.id == wanted:
                return item
        raise NeedInstruction(f"no instruction {wanted} in this file", found)
    if len(found) == 1:
        return found[0]
    if not found:
        raise RatingsFileError("no responses in this file")
    raise NeedInstruction("several instructions: choose one with --instruction ID", found)


def _option_order(
    definition: dict[str, Any] | None, ratings: list[Rating]
) -> list[Hashable] | None:
    """The options' order of a choice instruction (numeric values need none: they sort)."""
    if not definition or not isinstance(definition.get("options"), list):
        return None
    if any(isinstance(v, int | float) for _, _, v in ratings):
        return None
    values = [o.get("value") for o in definition["options"] if isinstance(o, dict)]
    return [_hashable(v) for v in values if v is not None]


def _numbers_if_all_numeric(ratings: list[Rating]) -> list[Rating]:
    """Values as numbers when every value is one ("3", "2.5"), so interval and ratio apply."""
    converted = [(t, a, None if v is None else _number(v)) for t, a, v in ratings]
    if all(v is None or v is not _NOT_A_NUMBER for _, _, v in converted):
        return converted
    return ratings


_NOT_A_NUMBER = object()


def _number(value: Any) -> Any:
    if isinstance(value, bool):
        return _NOT_A_NUMBER
    if isinstance(value, int | float):
        return value if math.isfinite(value) else _NOT_A_NUMBER
    try:
        number = float(str(value).strip())
    except ValueError:
        return _NOT_A_NUMBER
    if not math.isfinite(number):
        return _NOT_A_NUMBER
    return int(number) if number.is_integer() else number

"""A downloaded export ZIP as the response viewer's source, so responses can be read offline.

The archive's per-line shapes are not confirmed by Prolific (api-reference §11.1), so it is read
defensively, like `atb-tui agreement` reads it (headless/ratings_file.py): first
``responses-by-task.jsonl`` (one task per line, its ``responses`` each with ``participant_id``
or ``submission_id``, ``instruction_id``, ``type`` and ``answer``, flat or inside a ``response``
object); when that is missing, ``responses-by-submission.jsonl`` (one submission per line with
its ``tasks``). Instruction titles and options come from ``batch.json`` when it is there. Bad
input is an `ExportZipError` with one line saying where and what, never a traceback.
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import msgspec

from atb_tui.api.models.response_rows import AnswerBody, AnswerPart, ResponseRow
from atb_tui.views.responses.answers import InstructionInfo

BY_TASK = "responses-by-task.jsonl"
BY_SUBMISSION = "responses-by-submission.jsonl"
MAX_BYTES = 2 * 1024**3  # refuse to inflate more than this from one archive member


class ExportZipError(Exception):
    """A file the viewer cannot read responses from; the message is one line for the user."""


@dataclass
class ZipResponses:
    """What the viewer needs from an export: its name, instructions, rows and datapoints."""

    name: str
    source: str
    instructions: list[InstructionInfo] = field(default_factory=list)
    rows: list[ResponseRow] = field(default_factory=list)
    datapoints: dict[str, str] = field(default_factory=dict)


def read_export_zip(path: Path) -> ZipResponses:
    """Read a batch export ZIP; raise `ExportZipError` with a one-line reason on bad input."""
    if not path.is_file():
        raise ExportZipError(f"{path}: no such file")
    try:
        with zipfile.ZipFile(path) as archive:
            return _read(archive, path)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError) as error:
        raise ExportZipError(f"{path.name}: not a readable ZIP archive ({error})") from None
    except OSError as error:
        raise ExportZipError(f"{path.name}: cannot read ({error.strerror or error})") from None


def _member(archive: zipfile.ZipFile, wanted: str) -> str | None:
    """The archive's member called ``wanted`` (at the top or in one folder)."""
    return next((n for n in archive.namelist() if n.rsplit("/", 1)[-1] == wanted), None)


def _text(archive: zipfile.ZipFile, name: str) -> str:
    if archive.getinfo(name).file_size > MAX_BYTES:
        raise ExportZipError(f"{name} is too large to read")
    try:
        return archive.read(name).decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ExportZipError(f"{name}: not valid UTF-8 text") from None


def _read(archive: zipfile.ZipFile, path: Path) -> ZipResponses:
    meta = _batch_meta(archive)
    batch = meta.get("batch") if isinstance(meta.get("batch"), dict) else {}
    name = str((batch or {}).get("name") or path.stem)
    result = ZipResponses(name, path.name, _instruction_infos(meta))
    by_task, by_submission = _member(archive, BY_TASK), _member(archive, BY_SUBMISSION)
    if by_task is not None:
        for line_no, task in _lines(_text(archive, by_task), by_task):
            _add_task(result, task, {}, f"{by_task}: line {line_no}")
    elif by_submission is not None:
        for line_no, submission in _lines(_text(archive, by_submission), by_submission):
            _add_submission(result, submission, f"{by_submission}: line {line_no}")
    else:
        raise ExportZipError(f"{path.name} has neither {BY_TASK} nor {BY_SUBMISSION}")
    return result


def _batch_meta(archive: zipfile.ZipFile) -> dict[str, Any]:
    name = _member(archive, "batch.json")
    if name is None:
        return {}
    try:
        meta = json.loads(archive.read(name))
    except (ValueError, RecursionError):
        return {}
    return meta if isinstance(meta, dict) else {}


def _instruction_infos(meta: dict[str, Any]) -> list[InstructionInfo]:
    items = meta.get("instructions")
    infos = []
    for item in items if isinstance(items, list) else []:
        if not isinstance(item, dict) or "id" not in item:
            continue
        kind = str(item.get("type") or "")
        lines = str(item.get("description") or kind).strip().splitlines()
        options = item.get("options")
        pairs = tuple(
            (str(o.get("value")), str(o.get("label", o.get("value"))))
            for o in (options if isinstance(options, list) else [])
            if isinstance(o, dict)
        )
        infos.append(InstructionInfo(str(item["id"]), (lines[0] if lines else kind)[:60], kind,
                                     pairs))  # fmt: skip
    return infos


def _lines(text: str, where: str) -> Iterator[tuple[int, dict[str, Any]]]:
    for line_no, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except (ValueError, RecursionError):
            raise ExportZipError(f"{where}: line {line_no} is not JSON") from None
        if not isinstance(value, dict):
            raise ExportZipError(f"{where}: line {line_no} is not a JSON object")
        yield line_no, value


def _add_submission(result: ZipResponses, submission: dict[str, Any], where: str) -> None:
    tasks = submission.get("tasks")
    if not isinstance(tasks, list):
        raise ExportZipError(f"{where}: expected a tasks list")
    people = {k: submission.get(k) for k in ("participant_id", "submission_id")}
    for task in tasks:
        if not isinstance(task, dict):
            raise ExportZipError(f"{where}: a task is not a JSON object")
        _add_task(result, task, people, where)


def _add_task(
    result: ZipResponses, task: dict[str, Any], people: dict[str, Any], where: str
) -> None:
    task_id = task.get("task_id", task.get("id"))
    answers = task.get("responses")
    if task_id is None or not isinstance(answers, list):
        raise ExportZipError(f"{where}: expected task_id and a responses list")
    task_id = str(task_id)
    shown = task.get("datapoint")
    if isinstance(shown, dict) and task_id not in result.datapoints:
        result.datapoints[task_id] = " · ".join(f"{k}: {v}" for k, v in shown.items())
    for entry in answers:
        if not isinstance(entry, dict):
            raise ExportZipError(f"{where}: a response is not a JSON object")
        result.rows.append(_row(task_id, {**people, **entry}, len(result.rows), where))


def _row(task_id: str, entry: dict[str, Any], number: int, where: str) -> ResponseRow:
    nested = entry.get("response")
    inner: dict[str, Any] = nested if isinstance(nested, dict) else entry
    who = entry.get("participant_id") or entry.get("submission_id")
    instruction = inner.get("instruction_id", entry.get("instruction_id"))
    if who is None or instruction is None:
        raise ExportZipError(f"{where}: a response lacks participant_id or instruction_id")
    submission = entry.get("submission_id")
    created = entry.get("created_at", inner.get("created_at"))
    return ResponseRow(
        id=str(entry.get("id") or f"zip-{number}"),  # the export carries no response ids
        participant_id=str(who),
        task_id=task_id,
        response=AnswerBody(
            str(instruction), str(inner.get("type") or ""), _answer(inner.get("answer"))
        ),
        created_at=str(created) if created is not None else None,
        submission_id=str(submission) if submission is not None else None,
    )


def _answer(answer: Any) -> list[AnswerPart]:
    """The answer's parts; anything of an unexpected shape is kept as its JSON text."""
    items = answer if isinstance(answer, list) else [] if answer is None else [answer]
    parts = []
    for item in items:
        part = item if isinstance(item, dict) else {"value": item}
        try:
            parts.append(msgspec.convert(part, AnswerPart))
        except msgspec.ValidationError:
            parts.append(AnswerPart(value=json.dumps(item, sort_keys=True)))
    return parts

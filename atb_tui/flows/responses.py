"""Load a batch's responses into the viewer's store, keep it current, and export from it.

Loading goes through the client's fast path (whole pages decoded by msgspec) and reports
progress after every page, so a screen can show "pages fetched / total" and stay responsive.
A live study's new responses are fetched from where the last load stopped (`offset`).
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TextIO

from platformdirs import user_downloads_path

from atb_tui.api import ProlificClient
from atb_tui.api.errors import NotFoundError
from atb_tui.api.models.batches import Batch
from atb_tui.api.models.studies import Study
from atb_tui.api.resources.batches import RESPONSE_PAGE_SIZE
from atb_tui.flows.instructions import load_instructions
from atb_tui.views.responses.answers import InstructionInfo
from atb_tui.views.responses.export import jsonl_lines, long_rows, table_rows, wide_rows
from atb_tui.views.responses.store import ResponseStore
from atb_tui.views.responses.viewer import ViewerState

REPORT_PEOPLE_COLUMNS = frozenset(
    {"task_id", "task_group_id", "participant_id", "submission_id", "responded_at"}
)


@dataclass(frozen=True)
class LoadProgress:
    """How far a load has got."""

    pages: int
    total_pages: int | None
    rows: int
    total_rows: int | None

    def describe(self) -> str:
        """ "Loading responses: page 3 of 20 (15,000 of 100,000)"."""
        pages = (
            f"page {self.pages} of {self.total_pages}" if self.total_pages else f"page {self.pages}"
        )
        rows = f"{self.rows:,}" + (
            f" of {self.total_rows:,}" if self.total_rows is not None else ""
        )
        return f"Loading responses: {pages} ({rows})"


Progress = Callable[[LoadProgress], Awaitable[None] | None]


@dataclass(frozen=True)
class Datapoints:
    """Each task's datapoint content, and where it came from (shown to the user)."""

    by_task: dict[str, str]
    source: str


async def resolve_batch(client: ProlificClient, workspace_id: str, wanted: str) -> Batch:
    """The batch with this id, or else the one of this workspace with this name."""
    try:
        return await client.batches.get(wanted)
    except NotFoundError:
        pass
    needle = wanted.strip().casefold()
    for batch in await client.batches.list(workspace_id):
        if batch.name.casefold() == needle:
            return batch
    raise LookupError(f"No batch with id or name {wanted!r} in this workspace.")


async def studies_of_batch(client: ProlificClient, batch_id: str) -> list[Study]:
    """The studies that run on this batch (Prolific cannot filter them by batch)."""
    return [s for s in await client.studies.list() if s.data_collection_id == batch_id]


async def instruction_infos(client: ProlificClient, batch: Batch) -> list[InstructionInfo]:
    """What the viewer needs of the batch's instructions (titles, types, options)."""
    loaded = await load_instructions(client, batch)
    infos = []
    for item in loaded.instructions:
        if item.id is None:
            continue
        options = tuple((str(o.value), o.label) for o in getattr(item, "options", ()))
        title = (item.description or item.type).strip().splitlines()[0][:60]
        infos.append(InstructionInfo(item.id, title, item.type, options))
    return infos


async def fetch_responses(
    client: ProlificClient, batch_id: str, store: ResponseStore, progress: Progress | None = None
) -> int:
    """Fetch the responses the store does not hold yet (all of them at first); returns how
    many were new. Responses arrive in order, so the store's size is where to start."""
    added, pages = 0, 0
    async for page in client.batches.iter_response_rows(batch_id, offset=len(store)):
        pages += 1
        added += store.add(page.rows)
        if progress is not None:
            total_pages = _pages(page.total, len(page.rows)) if page.total is not None else None
            report = LoadProgress(pages, total_pages, len(store), page.total)
            await _maybe_await(progress(report))
    return added


def _pages(total: int, first_page: int) -> int:
    size = max(first_page, 1) if first_page < RESPONSE_PAGE_SIZE else RESPONSE_PAGE_SIZE
    return max(1, -(-total // size))


async def _maybe_await(result: Awaitable[None] | None) -> None:
    if result is not None:
        await result


async def fetch_datapoints(client: ProlificClient, batch_id: str, now: datetime) -> Datapoints:
    """Each task's datapoint, joined from the batch report CSV (dataset columns + task_id)."""
    with tempfile.TemporaryDirectory(prefix="atb-report-") as folder:
        path = await client.batches.download_report(batch_id, Path(folder) / "report.csv")
        text = path.read_text(encoding="utf-8-sig")
    by_task = datapoints_from_report(text)
    return Datapoints(by_task, f"batch report CSV, fetched {now:%Y-%m-%d %H:%M} UTC")


def datapoints_from_report(text: str) -> dict[str, str]:
    """task id → "column: value · …" from the columns before the report's own ones."""
    reader = csv.reader(io.StringIO(text))
    header = next(reader, [])
    if "task_id" not in header:
        return {}
    task_column = header.index("task_id")
    dataset = [
        n for n, name in enumerate(header[:task_column]) if name not in REPORT_PEOPLE_COLUMNS
    ]
    found: dict[str, str] = {}
    for row in reader:
        if len(row) > task_column and row[task_column] not in found:
            found[row[task_column]] = " · ".join(
                f"{header[n]}: {row[n]}" for n in dataset if n < len(row)
            )
    return found


def default_export_dir() -> Path:
    """The user's downloads folder (platformdirs)."""
    return user_downloads_path()


# Progress reaches the screen at most this often: a terminal redraws no faster than that anyway.
PROGRESS_INTERVAL = 0.25

RowsWritten = Callable[[int], None]


class _Ticker:
    """Reports rows written to `report`, at most every PROGRESS_INTERVAL seconds, and always
    once at the end (so a caller knows the final count even for a quick export)."""

    def __init__(self, report: RowsWritten | None) -> None:
        self.report = report
        self.interval = PROGRESS_INTERVAL  # read now, so a test can shorten it
        self.last = time.monotonic()

    def tick(self, done: int) -> None:
        if self.report is None:
            return
        now = time.monotonic()
        if now - self.last >= self.interval:
            self.last = now
            self.report(done)

    def finish(self, done: int) -> None:
        if self.report is not None:
            self.report(done)


def write_csv(
    path: Path,
    rows: Iterable[list[str]],
    *,
    overwrite: bool = False,
    progress: RowsWritten | None = None,
) -> int:
    """Write rows as CSV; returns data rows written (the header is not counted)."""
    return _write_file(path, lambda file, ticker: csv_into(file, rows, ticker), overwrite, progress)


def write_lines(
    path: Path,
    lines: Iterable[str],
    *,
    overwrite: bool = False,
    progress: RowsWritten | None = None,
) -> int:
    """Write one line per item (JSONL); returns how many."""
    return _write_file(
        path, lambda file, ticker: lines_into(file, lines, ticker), overwrite, progress
    )


def csv_into(file: TextIO, rows: Iterable[list[str]], ticker: _Ticker | None = None) -> int:
    """Rows as CSV into an open text file (`\n` line ends); returns data rows written."""
    writer = csv.writer(file, lineterminator="\n")
    iterator = iter(rows)
    header = next(iterator, None)
    if header is not None:
        writer.writerow(header)
    count = 0
    for row in iterator:
        writer.writerow(row)
        count += 1
        if ticker is not None:
            ticker.tick(count)
    return count


def lines_into(file: TextIO, lines: Iterable[str], ticker: _Ticker | None = None) -> int:
    """One line per item into an open text file; returns how many."""
    count = 0
    for line in lines:
        file.write(f"{line}\n")
        count += 1
        if ticker is not None:
            ticker.tick(count)
    return count


Filler = Callable[[TextIO, "_Ticker"], int]


def _write_file(path: Path, fill: Filler, overwrite: bool, progress: RowsWritten | None) -> int:
    ticker = _Ticker(progress)
    written = 0

    def run(file: TextIO) -> None:
        nonlocal written
        written = fill(file, ticker)

    write_stream(path, run, overwrite=overwrite)
    ticker.finish(written)
    return written


def export_into(
    file: TextIO, state: ViewerState, fmt: str, progress: RowsWritten | None = None
) -> int:
    """The viewer's export in format `fmt` (see `views.responses.export.FORMATS`) into an open
    text file; returns data rows written. The screen's `x` and `atb-tui responses` both come
    here, so a file holds the same bytes whichever wrote it."""
    ticker = _Ticker(progress)
    written = _export_rows(file, state, fmt, ticker)
    ticker.finish(written)
    return written


def export_to_path(
    state: ViewerState,
    fmt: str,
    path: Path,
    *,
    overwrite: bool = False,
    progress: RowsWritten | None = None,
) -> int:
    """`export_into` a file written through a temporary one (see `write_stream`)."""
    return _write_file(
        path, lambda file, ticker: _export_rows(file, state, fmt, ticker), overwrite, progress
    )


def _export_rows(file: TextIO, state: ViewerState, fmt: str, ticker: _Ticker) -> int:
    store, indices = state.store, export_indices(state)
    if fmt == "long":
        return csv_into(file, long_rows(store, indices), ticker)
    if fmt == "wide":
        return csv_into(file, wide_rows(store, indices), ticker)
    if fmt == "jsonl":
        return lines_into(file, jsonl_lines(store, indices), ticker)
    return csv_into(file, table_rows(state.model()), ticker)


def export_indices(state: ViewerState) -> list[int]:
    """The responses behind the view, in the order shown (the Responses view may be sorted)."""
    model = state.model("responses")
    return list(getattr(model, "indices", state.indices))


def write_text(path: Path, text: str, *, overwrite: bool = False) -> None:
    """Write `text` through a temporary file renamed into place (see `write_stream`)."""
    write_stream(path, lambda file: file.write(text), overwrite=overwrite)


def write_stream(path: Path, fill: Callable[[TextIO], object], *, overwrite: bool = False) -> None:
    """Let `fill` write into a temporary file in the same folder, then move it into place.

    Refuses to replace an existing file unless `overwrite` (the screen asks the user first);
    without it the final step is a hard link, which fails rather than replace a file that
    appeared while we were writing. A failure leaves no partial file behind.
    """
    if path.exists() and not overwrite:
        raise FileExistsError(f"{path} already exists")
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as file:
            fill(file)
        if overwrite:
            os.replace(temporary, path)
        else:
            _move_no_replace(Path(temporary), path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _move_no_replace(temporary: Path, path: Path) -> None:
    """Rename without ever replacing: a link fails if `path` exists (FileExistsError)."""
    try:
        os.link(temporary, path)
    except OSError as error:
        if isinstance(error, FileExistsError):
            raise
        # A file system without hard links: the check above is as close as we can get.
        if path.exists():
            raise FileExistsError(f"{path} already exists") from error
        os.replace(temporary, path)
        return
    temporary.unlink()

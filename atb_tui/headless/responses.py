"""`atb-tui responses BATCH`: the response viewer's export, without the viewer.

The same store, filter language and export rows as `x` in the viewer (`flows.responses`,
`views.responses`), so the bytes are the same for the same filter. Writes to stdout, or to
`-o FILE` through a temporary file, never replacing an existing one without `--force`.
Progress goes to stderr, and only when it is a terminal.

With `--json` (needs `-o`), stdout gets one object (stable keys, see the README): `batch`
{id, name}, `format`, `filter`, `path`, `rows` (data rows written; tasks for wide-csv),
`responses` (matching the filter), `total` (responses in the batch).
"""

from __future__ import annotations

import argparse
import io
from pathlib import Path
from typing import TextIO

from atb_tui.api.models import Batch
from atb_tui.flows.responses import (
    LoadProgress,
    RowsWritten,
    export_into,
    export_to_path,
    fetch_responses,
    instruction_infos,
)
from atb_tui.headless.common import MISSING, Connection, Context, connect, find_batch_by_name
from atb_tui.headless.common import run as run_command
from atb_tui.logic.filter_lang import FilterError, parse_filter
from atb_tui.logic.jump import looks_like_id
from atb_tui.startup import UsageError
from atb_tui.views.responses.store import ResponseStore
from atb_tui.views.responses.viewer import ViewerState

EXPORT_FORMATS = {"csv": "long", "wide-csv": "wide", "jsonl": "jsonl"}


def run(args: argparse.Namespace) -> int:
    """Run the command; returns the exit code."""
    return run_command(responses, args)


async def responses(args: argparse.Namespace, context: Context) -> int:
    target = _checked_input(args)
    async with connect(args, context) as connection:
        batch = await find_batch(connection, args.batch.strip(), args.workspace)
        store = ResponseStore(await instruction_infos(connection.client, batch))

        def report(progress: LoadProgress) -> None:
            context.progress(progress.describe())

        await fetch_responses(connection.client, batch.id, store, report)
    context.end_progress()
    state = ViewerState(store)
    state.set_filter(args.filter)  # already checked: cannot fail
    written = _write(state, EXPORT_FORMATS[args.format], target, args.force, context)
    if target is None:
        return 0
    if args.json:
        context.json(
            {"batch": {"id": batch.id, "name": batch.name}, "format": args.format,
             "filter": state.query_text, "path": str(target), "rows": written,
             "responses": len(state.indices), "total": len(store)}
        )  # fmt: skip
    else:
        context.out(f"Wrote {written:,} rows ({len(state.indices):,} of {len(store):,} responses) "
                    f"to {target}")  # fmt: skip
    return 0


def _checked_input(args: argparse.Namespace) -> Path | None:
    """Refuse bad input before any request: the filter, --json without -o, an existing file."""
    try:
        parse_filter(args.filter)
    except FilterError as error:
        raise UsageError(f"--filter: {error}") from None
    if args.output is None:
        if args.json:
            raise UsageError("--json describes the file written with -o FILE; without -o the "
                             "responses themselves go to stdout (try --format jsonl)")  # fmt: skip
        return None
    target = Path(args.output).expanduser()
    if target.is_dir():
        raise UsageError(f"-o: {target} is a directory; give a file name")
    if target.exists() and not args.force:
        raise UsageError(f"-o: {target} already exists (add --force to replace it)")
    return target


async def find_batch(connection: Connection, wanted: str, workspace: str | None) -> Batch:
    """The batch with this id, or the workspace's batch with this name."""
    if not looks_like_id(wanted):
        return await find_batch_by_name(connection, wanted, workspace)
    try:
        return await connection.client.batches.get(wanted)
    except MISSING:
        raise UsageError(f"no batch with id {wanted}") from None


def _write(state: ViewerState, fmt: str, target: Path | None, force: bool, context: Context) -> int:
    def report(rows: int) -> None:
        context.progress(f"Writing {rows:,} rows")

    try:
        if target is not None:
            return export_to_path(state, fmt, target, overwrite=force, progress=report)
        return _to_stdout(state, fmt, context.stdout, report)
    except FileExistsError:
        raise UsageError(f"-o: {target} already exists (add --force to replace it)") from None
    finally:
        context.end_progress()


def _to_stdout(state: ViewerState, fmt: str, stdout: TextIO, report: RowsWritten) -> int:
    """UTF-8 with `\\n` line ends whatever the locale, as a file would be written."""
    buffer = getattr(stdout, "buffer", None)
    if buffer is None:  # an in-memory stream (tests): text is what it holds
        return export_into(stdout, state, fmt, report)
    stdout.flush()
    wrapper = io.TextIOWrapper(buffer, encoding="utf-8", newline="", write_through=True)
    try:
        return export_into(wrapper, state, fmt, report)
    finally:
        wrapper.flush()
        wrapper.detach()  # leave sys.stdout's buffer open

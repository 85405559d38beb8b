"""What the new-dataset screen says about an inspected file, before anything is sent.

Pure functions over `FileInspection` and schema proposals (no Textual), so the wording of
problems, warnings and the summary is tested on its own.
"""

from __future__ import annotations

from dataclasses import replace

from atb_tui.logic.inspection import FileInspection, Problem, format_size
from atb_tui.logic.schema_proposal import FIELD_TYPES, FieldProposal

Version = int  # 3: CSV, processed as a whole; 4: schema + import jobs (CSV or JSONL)


def version_problem(inspection: FileInspection, version: Version) -> str | None:
    """A format the chosen dataset version cannot take."""
    if version == 3 and inspection.format == "jsonl":
        return "V3 datasets take CSV files only: choose V4 for JSON Lines"
    return None


def _where(problem: Problem) -> str:
    parts = []
    row = f"row {problem.row:,}" if problem.row is not None else ""
    if row and not _names_row(problem.message, row):  # never "row 3 … (row 3, …)"
        parts.append(row)
    if problem.column is not None:
        parts.append(f"column {problem.column}")
    return f" [dim]({', '.join(parts)})[/]" if parts else ""


def _names_row(message: str, row: str) -> bool:
    return message.startswith(f"{row} ") or message == row or f" {row} " in f" {message} "


def _escape(text: str) -> str:
    return text.replace("[", r"\[")


def summary_markup(inspection: FileInspection) -> str:
    """Rows, columns, hidden columns and grouping in a few lines."""
    hidden = ", ".join(inspection.hidden_columns) or "none"
    if inspection.group_column:
        about = "" if inspection.group_count_exact else "about "
        groups = f"{inspection.group_column}: {about}{inspection.group_count:,} groups"
    else:
        groups = "none (set up splits tasks into groups of a size you choose)"
    shown = ", ".join(inspection.visible_columns) or "none"
    lines = [
        f"[b]Rows[/b] {inspection.row_count:,}   [b]Size[/b] {format_size(inspection.size_bytes)}"
        f"   [b]Format[/b] {inspection.format.upper()}",
        f"[b]Columns shown[/b] {_escape(shown)}",
        f"[b]Hidden (META_)[/b] {_escape(hidden)}   [b]Groups[/b] {_escape(groups)}",
    ]
    return "\n".join(lines)


def findings_markup(inspection: FileInspection, extra_problems: list[str]) -> str:
    """Problems (blocking, red) then warnings (yellow), each with its row and column."""
    lines = [f"[red]✗ {_escape(p)}[/]" for p in extra_problems]
    lines += [f"[red]✗ {_escape(p.message)}[/]{_where(p)}" for p in inspection.problems]
    lines += [f"[yellow]! {_escape(w.message)}[/]{_where(w)}" for w in inspection.warnings]
    if not lines:
        return "[green]✓ No problems found.[/]"
    if inspection.problems or extra_problems:
        lines.insert(0, "[b red]Fix these before uploading:[/]")
    return "\n".join(lines)


def next_type(proposal: FieldProposal) -> FieldProposal:
    """The proposal with the next field type (the user cycles through them with Enter)."""
    index = FIELD_TYPES.index(proposal.type)
    return replace(
        proposal, type=FIELD_TYPES[(index + 1) % len(FIELD_TYPES)], reason="chosen by you"
    )

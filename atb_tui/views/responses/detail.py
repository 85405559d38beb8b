"""The detail pane: the whole selected response and its datapoint, as Rich markup."""

from __future__ import annotations

from atb_tui.views.responses.store import ResponseStore


def _escape(text: str) -> str:
    """Text shown literally inside Rich markup (answers may contain brackets)."""
    return text.replace("[", "\\[")


def describe_response(store: ResponseStore, i: int, datapoints: dict[str, str]) -> str:
    """Who answered what, when, to which instruction, with every answer part spelled out."""
    row = store.rows[i]
    info = store.info(store.instruction[i])
    lines = [
        f"[b]{_escape(info.title)}[/b]  ({row.response.type})",
        f"[b]Answer:[/b] {_escape(store.answer[i]) or '(empty)'}",
    ]
    for part in row.response.answer:
        if part.explanation:
            lines.append(f"  {_escape(info.label(part.value))}: {_escape(part.explanation)}")
        if part.file_name or part.file_key:
            size = f", {part.file_size_mb:.2f} MB" if part.file_size_mb is not None else ""
            kind = f", {part.content_type}" if part.content_type else ""
            lines.append(f"  file {_escape(part.file_name or part.file_key or '')}{size}{kind}")
    lines.append(
        f"[b]Participant[/b] {store.participant[i]}  [b]Submission[/b] {store.submission[i] or '—'}"
        f"  [b]At[/b] {store.created[i] or '—'}"
    )
    datapoint = datapoints.get(store.task[i])
    lines.append(f"[b]Task[/b] {store.task[i]}")
    if datapoint:
        lines.append(f"[b]Datapoint:[/b] {_escape(datapoint)}")
    if row.metadata:
        meta = ", ".join(f"{k}={v}" for k, v in row.metadata.items())
        lines.append(f"[b]Metadata:[/b] {_escape(meta)}")
    return "\n".join(lines)

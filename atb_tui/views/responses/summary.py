"""Summary per instruction: counts, the answer distribution as a text bar chart, free-text
lengths, and the agreement figures with the number of tasks each one counts."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from atb_tui.logic.agreement import agreement_report
from atb_tui.views.responses.answers import ALPHA, TEXT_TYPES, InstructionInfo
from atb_tui.views.responses.store import ResponseStore

BAR_WIDTH = 14
FEW_TASKS = 10  # below this many tasks with 2+ ratings, agreement figures mean little
LENGTH_BUCKETS = ((0, 20), (21, 50), (51, 100), (101, 200), (201, None))


@dataclass(frozen=True)
class SummaryLine:
    """One line of the summary table (`item` is an answer, a length range or a statistic)."""

    instruction: str
    item: str
    count: str = ""
    share: str = ""
    bar: str = ""


def bar(share: float, width: int = BAR_WIDTH) -> str:
    """A horizontal bar in eighths of a cell: `███▍` for 0.17 of 20 cells."""
    eighths = round(max(0.0, min(1.0, share)) * width * 8)
    full, rest = divmod(eighths, 8)
    return "█" * full + ("" if rest == 0 else " ▏▎▍▌▋▊▉"[rest])


def summarise(store: ResponseStore, indices: Sequence[int]) -> list[SummaryLine]:
    """Every instruction's lines, in the batch's instruction order."""
    by_instruction: dict[str, list[int]] = {}
    for i in indices:
        by_instruction.setdefault(store.instruction[i], []).append(i)
    lines: list[SummaryLine] = []
    for instruction_id in store.instruction_order():
        rows = by_instruction.get(instruction_id, [])
        if rows:
            lines.extend(_instruction_lines(store, store.info(instruction_id), rows))
    return lines


def _instruction_lines(
    store: ResponseStore, info: InstructionInfo, rows: list[int]
) -> list[SummaryLine]:
    tasks = len({store.task[i] for i in rows})
    kind = info.type or store.rows[rows[0]].response.type
    head = SummaryLine(info.title, f"{kind} · {tasks} tasks", str(len(rows)), "", "")
    lines = [head]
    if info.is_choice:
        lines.extend(_distribution(store, info, rows))
        lines.extend(_agreement_lines(store, info, rows))
    if kind in TEXT_TYPES:
        lines.extend(_lengths(store, info, rows))
    return lines


def _distribution(
    store: ResponseStore, info: InstructionInfo, rows: list[int]
) -> list[SummaryLine]:
    counts: Counter[str] = Counter()
    for i in rows:
        for value in (store.key[i] or "").split("|"):
            counts[value] += 1
    order = [value for value, _ in info.options if value in counts]
    order += [value for value, _ in counts.most_common() if value not in order]
    total = len(rows)
    return [
        SummaryLine(info.title, f"  {info.label(v) or '(none)'}", str(counts[v]),
                    f"{counts[v] / total:.0%}", bar(counts[v] / total))
        for v in order
    ]  # fmt: skip


def _lengths(store: ResponseStore, info: InstructionInfo, rows: list[int]) -> list[SummaryLine]:
    counts = Counter(_bucket(len(store.answer[i])) for i in rows)
    total = len(rows)
    return [
        SummaryLine(info.title, f"  {name}", str(counts[name]), f"{counts[name] / total:.0%}",
                    bar(counts[name] / total))
        for name in (_bucket_name(low, high) for low, high in LENGTH_BUCKETS)
    ]  # fmt: skip


def _bucket(length: int) -> str:
    for low, high in LENGTH_BUCKETS:
        if high is None or length <= high:
            return _bucket_name(low, high)
    raise AssertionError("unreachable")  # pragma: no cover


def _bucket_name(low: int, high: int | None) -> str:
    return f"{low}+ chars" if high is None else f"{low}–{high} chars"


def _agreement_lines(
    store: ResponseStore, info: InstructionInfo, rows: list[int]
) -> list[SummaryLine]:
    ratings = [(store.task[i], store.participant[i], store.key[i]) for i in rows if store.key[i]]
    report = agreement_report(ratings, order=info.ordered_values)
    counted = report.tasks_with_2plus
    figures: list[tuple[str, float | None]] = [("percent agreement", report.percent_agreement)]
    figures += [(f"Krippendorff {ALPHA} {level}", value)
                for level, value in report.krippendorff_alpha.items()
                if level == "nominal" or (value is not None and info.ordered_values)]  # fmt: skip
    figures += [("Fleiss κ", report.fleiss_kappa), ("Gwet AC1", report.gwet_ac1)]
    lines = [
        SummaryLine(info.title, f"  {name}", f"{counted} tasks", _figure(value))
        for name, value in figures
    ]
    if counted < FEW_TASKS:
        warning = f"  ⚠ only {counted} tasks have 2+ ratings: these figures mean little"
        lines.append(SummaryLine(info.title, warning))
    return lines


def _figure(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"

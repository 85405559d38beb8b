"""Turning cell text into terminal lines for VirtualTable: exact widths, "…", few segments."""

from __future__ import annotations

from collections.abc import Iterable

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

# Control characters would corrupt the terminal line; newlines are shown, not obeyed.
_CLEAN = {code: " " for code in range(32)} | {ord("\n"): "↵", 127: " "}


def fit_text(text: str, width: int, align: str) -> str:
    """`text` in exactly `width` cells: cleaned, truncated with "…", padded to `align`."""
    text = text.translate(_CLEAN)
    length = len(text) if text.isascii() else cell_len(text)
    if length > width:
        text = set_cell_size(text, width - 1) + "…" if width > 1 else "…"[:width]
        length = width
    pad = " " * (width - length)
    return pad + text if align == "right" else text + pad


def cells_strip(cells: Iterable[tuple[str, Style]], base: Style, width: int) -> Strip:
    """One line from padded cell texts, each with its style, filled to `width` with `base`.

    Neighbouring cells in the base style become one segment: fewer segments, faster frames.
    """
    segments: list[Segment] = []
    run: list[str] = []
    used = 0
    for text, style in cells:
        used += cell_len(text) if not text.isascii() else len(text)
        if style is base:
            run.append(text)
            continue
        if run:
            segments.append(Segment("".join(run), base))
            run = []
        segments.append(Segment(text, style))
    run.append(" " * max(0, width - used))
    segments.append(Segment("".join(run), base))
    # Each Strip costs a few caches: build exactly one when the cells fit, as they usually do.
    return Strip(segments, width) if used <= width else Strip(segments).crop(0, width)


def header_strip(
    cells: Iterable[tuple[str, Style]], base: Style, note: str, note_style: Style, width: int
) -> Strip:
    """The header line: titles on the left, `note` (hidden columns) on the right."""
    line = cells_strip(cells, base, max(0, width - len(note)))
    return Strip([*line, Segment(note, note_style)]).crop(0, width)

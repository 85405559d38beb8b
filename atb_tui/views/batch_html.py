"""How a batch's HTML introduction and steps will read, as plain text for the terminal.

Participants see the HTML rendered in a browser; this keeps the structure a reader needs
(paragraphs, line breaks, numbered and bulleted lists, bold) without pretending to be one.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

_BLOCKS = frozenset({"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table", "tr"})


class _TextRenderer(HTMLParser):
    """Collects text, turning block tags into line breaks and list items into bullets."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.lists: list[list[int]] = []  # one counter per open <ol>, [-1] for <ul>

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCKS or tag == "br":
            self.parts.append("\n")
        if tag == "ol":
            self.lists.append([0])
        elif tag == "ul":
            self.lists.append([-1])
        elif tag == "li":
            self.parts.append("\n" + self._bullet())

    def handle_endtag(self, tag: str) -> None:
        if tag in ("ol", "ul") and self.lists:
            self.lists.pop()
        if tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(re.sub(r"\s+", " ", data))

    def _bullet(self) -> str:
        if not self.lists:
            return "• "
        counter = self.lists[-1]
        indent = "  " * (len(self.lists) - 1)
        if counter[0] < 0:
            return f"{indent}• "
        counter[0] += 1
        return f"{indent}{counter[0]}. "


def html_to_text(html: str) -> str:
    """Plain text of an HTML fragment: one line per block, lists numbered or bulleted."""
    renderer = _TextRenderer()
    renderer.feed(html)
    renderer.close()
    lines = [line.strip() for line in "".join(renderer.parts).splitlines()]
    text = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def first_line(html: str, width: int = 60) -> str:
    """A one-line summary of an HTML fragment, cut to `width` characters."""
    text = " ".join(html_to_text(html).split())
    return text if len(text) <= width else text[: width - 1] + "…"

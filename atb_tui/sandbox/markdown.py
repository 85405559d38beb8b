"""A deliberately small Markdown-to-HTML converter for ``rich_text`` blocks.

Prolific converts ``content_format: "markdown"`` to HTML server-side; the sandbox does the
same for the constructs people actually type in task text: headings, paragraphs, bullet
and numbered lists, bold, italics, inline code and links. Everything else is escaped.
"""

from __future__ import annotations

import html
import re

_INLINE = (
    (re.compile(r"\*\*(.+?)\*\*"), r"<strong>\1</strong>"),
    (re.compile(r"(?<!\*)\*(?!\*)(.+?)\*"), r"<em>\1</em>"),
    (re.compile(r"`(.+?)`"), r"<code>\1</code>"),
    (re.compile(r"\[(.+?)\]\((https?://[^)\s]+)\)"), r'<a href="\2">\1</a>'),
)


def to_html(markdown: str) -> str:
    """Convert ``markdown`` to HTML, block by block (blocks are separated by blank lines)."""
    blocks = [block for block in re.split(r"\n\s*\n", markdown.strip()) if block.strip()]
    return "".join(_block(block.strip().splitlines()) for block in blocks)


def _block(lines: list[str]) -> str:
    first = lines[0]
    heading = re.match(r"^(#{1,2})\s+(.*)$", first)
    if heading and len(lines) == 1:
        level = len(heading.group(1))
        return f"<h{level}>{_inline(heading.group(2))}</h{level}>"
    if all(re.match(r"^[-*]\s+", line) for line in lines):
        return "<ul>" + "".join(f"<li>{_inline(line[2:].strip())}</li>" for line in lines) + "</ul>"
    if all(re.match(r"^\d+[.)]\s+", line) for line in lines):
        items = (re.sub(r"^\d+[.)]\s+", "", line) for line in lines)
        return "<ol>" + "".join(f"<li>{_inline(item)}</li>" for item in items) + "</ol>"
    return "<p>" + "<br>".join(_inline(line) for line in lines) + "</p>"


def _inline(text: str) -> str:
    escaped = html.escape(text, quote=False)
    for pattern, replacement in _INLINE:
        escaped = pattern.sub(replacement, escaped)
    return escaped

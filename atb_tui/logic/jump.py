"""The `:` command line: parse what the user typed into a place to go.

k9s habits: `:batches`, `:datasets`, `:studies`, `:collections`, `:monitor`, `:workspaces`,
`:batch <id>`, `:dataset <id>`, `:study <id>`, `:workspace <name or id>`, `:quit`,
`:responses <batch id or name>` (the response viewer).
"""

from __future__ import annotations

from dataclasses import dataclass

AREAS = ("datasets", "batches", "studies", "collections", "monitor")
ITEMS = ("batch", "dataset", "study", "workspace", "responses")
OTHER = ("workspaces", "quit", "help")
ALIASES = {"ws": "workspaces", "q": "quit", "b": "batches", "d": "datasets", "s": "studies"}


class JumpError(ValueError):
    """What the user typed is not a place; the message says what would be."""


@dataclass(frozen=True)
class Jump:
    """A destination: a view (`batches`) or an item kind with its id or name (`batch`, `…`)."""

    target: str
    argument: str = ""


def parse_jump(text: str) -> Jump:
    """Parse `:batch 0192…` style input; raises JumpError with a helpful message."""
    words = text.strip().lstrip(":").split(maxsplit=1)
    if not words:
        raise JumpError("Type a view (batches, datasets, studies…) or `batch <id>`.")
    target = ALIASES.get(words[0].lower(), words[0].lower())
    argument = words[1].strip() if len(words) > 1 else ""
    if target in AREAS or target in OTHER:
        return Jump(target)
    if target in ITEMS:
        if not argument:
            raise JumpError(f"`:{target}` needs an id or name, e.g. `:{target} <id>`.")
        return Jump(target, argument)
    raise JumpError(f"Unknown view `{words[0]}`. Try: {', '.join(completions())}.")


def completions() -> list[str]:
    """Everything `:` can complete to, in the order shown."""
    return [*AREAS, *OTHER, *(f"{item} " for item in ITEMS)]

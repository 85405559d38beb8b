"""The `:` command line: parse what the user typed into a place to go.

k9s habits: `:batches`, `:datasets`, `:studies`, `:collections`, `:monitor`, `:workspaces`,
`:batch <id or name>`, `:dataset <id or name>`, `:study <id or name>`,
`:responses <batch id or name>` (the response viewer), `:submissions <study id or name>` (the
review of a study's submissions), `:workspace <name or id>`, `:quit`, `:open <file.zip>` (a
downloaded export in the response viewer, offline). An
item's argument is either a well-formed id (a UUID, or Prolific's 24-hex object id) or a name
the app knows; anything else is refused here, before a screen is opened for an item that cannot
exist.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

AREAS = ("datasets", "batches", "studies", "collections", "monitor")
ITEMS = ("batch", "dataset", "study", "workspace", "responses", "submissions")
OTHER = ("workspaces", "quit", "help")
ALIASES = {"ws": "workspaces", "q": "quit", "b": "batches", "d": "datasets", "s": "studies"}

_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.I)
_OBJECT_ID = re.compile(r"[0-9a-f]{24}", re.I)


class JumpError(ValueError):
    """What the user typed is not a place; the message says what would be."""


@dataclass(frozen=True)
class Jump:
    """A destination: a view (`batches`) or an item kind with its id or name (`batch`, `…`)."""

    target: str
    argument: str = ""


@dataclass(frozen=True)
class Known:
    """An item the command line can complete to and resolve by name."""

    kind: str
    item_id: str
    name: str


def looks_like_id(text: str) -> bool:
    """Whether `text` has the shape of a Prolific id (UUID or 24 hex digits)."""
    return bool(_UUID.fullmatch(text) or _OBJECT_ID.fullmatch(text))


def parse_jump(text: str, known: Iterable[Known] = ()) -> Jump:
    """Parse `:batch 0192…` style input; raises JumpError with a helpful message.

    Batch, dataset and study arguments come back as ids: a known name is swapped for its id.
    """
    words = text.strip().lstrip(":").split(maxsplit=1)
    if not words:
        raise JumpError("Type a view (batches, datasets, studies…) or `batch <id>`.")
    target = ALIASES.get(words[0].lower(), words[0].lower())
    argument = words[1].strip() if len(words) > 1 else ""
    if target in AREAS or target in OTHER:
        return Jump(target)
    if target == "open":
        if not argument:
            raise JumpError("`:open` needs a file, e.g. `:open ~/Downloads/export.zip`.")
        return Jump("open", argument)
    if target in ITEMS:
        if not argument:
            raise JumpError(f"`:{target}` needs an id or name, e.g. `:{target} <id>`.")
        if target == "workspace":
            return Jump(target, argument)
        return Jump(target, _item_id(target, argument, known))
    raise JumpError(f"Unknown view `{words[0]}`. Try: {', '.join(completions())}.")


def item_kind(target: str) -> str:
    """The kind of item a target names: `:responses` takes a batch, `:submissions` a study."""
    return {"responses": "batch", "submissions": "study"}.get(target, target)


def _item_id(target: str, argument: str, known: Iterable[Known]) -> str:
    needle, kind = argument.casefold(), item_kind(target)
    for item in known:
        if item.kind == kind and needle in (item.name.casefold(), item.item_id.casefold()):
            return item.item_id
    if looks_like_id(argument):
        return argument
    raise JumpError(
        f"No {kind} called or with id {argument!r} here: check the id or the workspace."
    )


def completions(known: Iterable[Known] = ()) -> list[str]:
    """Everything `:` can complete to, in the order shown: views, then items by name and id."""
    items = list(known)
    return [
        *AREAS,
        *OTHER,
        *(f"{item} " for item in ITEMS),
        "open ",
        *(f"{item.kind} {item.name}" for item in items if item.name),
        *(f"{item.kind} {item.item_id}" for item in items),
        *(f"responses {item.name}" for item in items if item.kind == "batch" and item.name),
        *(f"submissions {item.name}" for item in items if item.kind == "study" and item.name),
    ]

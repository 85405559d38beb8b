"""Plausible answers from simulated annotators, about the datapoint they were shown.

The correct option(s) come from :mod:`atb_tui.sandbox.truth` (a gold ``META_`` column, the
text's sentiment, or a stable hash). How an annotator departs from it depends on their
behaviour (see :func:`behaviour`): reliable and fast people pick the truth with probability
``reliability`` and otherwise another option; careless people answer at random; straight-
liners always pick the first option and write the same word. Free text quotes the
datapoint's own words; numbers sit near a per-datapoint target; shapes follow the
``answer`` items of the spec's response schemas.
"""

from __future__ import annotations

import mimetypes
import random
from typing import Any

from atb_tui.sandbox.model import JSON, Annotator
from atb_tui.sandbox.truth import extract, stable

_CARELESS = ("ok", "fine", "good", "idk", "n/a", "yes", "same", "looks right")
_WHY = ('{label}: "{quote}"', 'Says "{quote}", so {label}', '{label}, because "{quote}"')
_WHY_NO_LABEL = ('Mainly "{quote}"', 'The key part is "{quote}"', '"{quote}"')
_REWRITE = ("{quote}", "{quote}, clearly", "{quote} (shorter)", "Just: {quote}")
_NO_TEXT = (
    "A short, honest answer to the question.",
    "Answered after reading the brief twice.",
    "My first idea, kept simple.",
    "Something concrete and easy to check.",
)


def behaviour(who: Annotator) -> str:
    """``straight`` (always the same answer), ``random``, ``fast`` or ``normal``."""
    if who.careless:
        return "straight" if who.reliability < 0.05 else "random"
    return "fast" if who.speed < 0.4 else "normal"


def choose(instruction: JSON, correct: list[int], who: Annotator, rng: random.Random) -> list[int]:
    """The option indices this annotator picks, given the correct ones."""
    options: list[JSON] = instruction["options"]
    count, style = len(options), behaviour(who)
    limit = int(instruction.get("answer_limit", 1))
    if style == "straight":
        return [0]  # position bias: always the first option
    if style == "random":
        return [rng.randrange(count)]
    if limit == 1:
        if rng.random() < who.reliability or count == 1:
            return [correct[0]]
        return [rng.choice([i for i in range(count) if i != correct[0]])]
    return _multi(options, correct, who, rng, limit)


def _multi(
    options: list[JSON], correct: list[int], who: Annotator, rng: random.Random, limit: int
) -> list[int]:
    """Multi-select: keep each true option usually, add a wrong one now and then."""
    picked = [i for i in correct if rng.random() < who.reliability + 0.1]
    regular = [i for i, o in enumerate(options) if not o.get("exclusive") and i not in correct]
    if regular and rng.random() > who.reliability:
        picked.append(rng.choice(regular))
    exclusive = [i for i in picked if options[i].get("exclusive")]
    picked = exclusive[:1] if exclusive and rng.random() < 0.8 else sorted(set(picked))
    picked = [i for i in picked if not options[i].get("exclusive")] or picked or correct[:1]
    return picked[:limit] if limit > 0 else picked


def answer(
    instruction: JSON,
    correct: list[int] | None,
    text: str,
    who: Annotator,
    rng: random.Random,
    context: dict[str, str],
) -> list[JSON]:
    """The ``answer`` list of one response record, shaped per instruction type.

    ``text`` is the datapoint's prose ("" when there is none); ``context`` carries the
    submission id and the label chosen for the task's first choice question.
    """
    kind = instruction["type"]
    if kind in ("multiple_choice", "multiple_choice_with_free_text"):
        picked = choose(instruction, correct or [0], who, rng)
        options = instruction["options"]
        if kind == "multiple_choice":
            return [{"value": options[i]["value"]} for i in picked]
        return [
            {"value": options[i]["value"], "explanation": _explain(text, who, rng, i)}
            for i in picked
        ]
    if kind == "free_text":
        return [{"value": free_text(instruction, text, who, rng, context.get("label"))}]
    if kind == "free_text_with_unit":
        return [_with_unit(instruction, text, who, rng)]
    return files(instruction, rng, context.get("submission_id", "submission"))


def _explain(text: str, who: Annotator, rng: random.Random, option: int) -> str:
    style = behaviour(who)
    if style in ("straight", "random") or not text:
        return _careless(who, rng) if style != "normal" else rng.choice(_NO_TEXT)
    return f'Because "{extract(text, option, 3 if style == "fast" else 7)}"'


def _careless(who: Annotator, rng: random.Random) -> str:
    if behaviour(who) == "straight":
        return _CARELESS[stable(who.id) % len(_CARELESS)]
    return rng.choice(_CARELESS)


def free_text(
    instruction: JSON, text: str, who: Annotator, rng: random.Random, label: str | None
) -> str:
    """A free-text answer: a number for number rules, else words from the datapoint."""
    rule = instruction.get("validation")
    if isinstance(rule, dict) and rule.get("type") == "number":
        return number(rule, text, instruction.get("id", ""), who, rng)
    style = behaviour(who)
    if style in ("straight", "random"):
        return _fit_length(_careless(who, rng), rule, text)
    if not text:
        return _fit_length(rng.choice(_NO_TEXT), rule, text)
    quote = extract(text, rng.randrange(2), 3 if style == "fast" else 8)
    question = str(instruction.get("description", "")).lower()
    forms: tuple[str, ...] = _REWRITE
    if any(word in question for word in ("why", "explain", "reason")):
        forms = _WHY if label else _WHY_NO_LABEL
    written = rng.choice(forms).format(label=(label or "").lower(), quote=quote)
    return _fit_length(written[:1].upper() + written[1:], rule, text)


def _fit_length(written: str, rule: Any, text: str) -> str:
    if not isinstance(rule, dict) or rule.get("type") != "string":
        return written
    low, high = rule.get("min"), rule.get("max")
    filler = extract(text, "more", 12) if text else "nothing more to add"
    while low is not None and len(written) < low:
        written = f"{written}. Also: {filler}"
    if high is not None and len(written) > high:
        written = written[: max(int(high), 0)].rstrip()
    return written


def number(rule: JSON, text: str, salt: object, who: Annotator, rng: random.Random) -> str:
    """A number near this datapoint's target (a stable point in the lower-middle of the
    range); careful people land close to it, careless ones anywhere."""
    low = float(rule["min"]) if rule.get("min") is not None else 0.0
    high = float(rule["max"]) if rule.get("max") is not None else max(low, 0.0) + 100
    target = low + (high - low) * (0.15 + 0.5 * (stable(text, salt) % 1000) / 1000)
    if behaviour(who) in ("straight", "random"):
        value = rng.uniform(low, high)
    else:
        spread = (high - low) * (0.05 if rng.random() < who.reliability else 0.3)
        value = min(high, max(low, rng.gauss(target, spread)))
    return str(round(value)) if low.is_integer() and high.is_integer() else f"{value:.2f}"


def _with_unit(instruction: JSON, text: str, who: Annotator, rng: random.Random) -> JSON:
    units: list[JSON] = instruction["unit_options"]
    default = instruction.get("default_unit")
    chosen = next((u for u in units if str(u["value"]) == str(default)), units[0])
    if behaviour(who) == "random" and len(units) > 1 and rng.random() < 0.3:
        chosen = rng.choice(units)
    rule = chosen.get("validation") or {"type": "number", "min": 1, "max": 100}
    value = number(rule, text, instruction.get("id", ""), who, rng)
    return {"value": value, "unit": str(chosen["value"])}


def files(instruction: JSON, rng: random.Random, submission_id: str) -> list[JSON]:
    """Uploaded files: plausible camera/scan names, sizes under the limit."""
    low, high = int(instruction["min_file_count"]), int(instruction["max_file_count"])
    count = low + (1 if high > low and rng.random() < 0.3 else 0)
    kinds: list[str] = instruction["accepted_file_types"]
    largest = min(float(instruction["max_file_size_mb"]), 6.0)
    found = []
    for number_ in range(count):
        extension = rng.choice(kinds).lower()
        stem = rng.choice(("photo", "scan", "IMG", "upload", "capture"))
        name = f"{stem}_{rng.randrange(1000, 9999)}{extension}"
        found.append(
            {
                "file_key": f"uploads/{submission_id}/{number_}-{name}",
                "file_name": name,
                "file_size_mb": round(rng.uniform(min(0.1, largest), largest), 2),
                "content_type": mimetypes.guess_type(name)[0] or "application/octet-stream",
            }
        )
    return found

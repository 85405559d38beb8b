"""Plausible answers from simulated annotators.

Every (datapoint, instruction) pair has a hidden "true" answer, drawn from a generator that
depends only on the seed and the pair (or taken from a ``META_`` column whose value names
an option, so seeded demo data agrees with its own labels). Each annotator agrees with the
truth with probability ``reliability``; careless annotators are less reliable and favour
the first option, so agreement statistics on the results mean something.
"""

from __future__ import annotations

import mimetypes
import random
from typing import Any

from atb_tui.sandbox.model import JSON, Annotator

_REASONS = (
    "the wording is unambiguous",
    "tone is consistent from start to finish",
    "it mentions the acting and the pacing",
    "mixed signals but the ending decides it",
    "sarcasm in the second sentence",
    "strong adjectives throughout",
    "the complaint is specific",
    "it praises the visuals but not the story",
    "clear recommendation at the end",
    "reads like a quick first impression",
    "the comparison to the sequel is telling",
    "hedged language, hard to call",
    "the caption matches what is in frame",
    "a detail is missing from the description",
    "the key object is named correctly",
    "spelling aside, the meaning is clear",
    "it repeats itself but the point stands",
    "the last line changes the meaning",
    "short but decisive",
    "emotional language dominates",
)
_CARELESS = ("ok", "fine", "same as before", "looks right", "n/a", "good", "idk", "yes")
_OPENERS = (
    "Clearly {label}:",
    "{label} overall;",
    "I'd say {label} -",
    "Mostly {label} because",
    "{label}.",
)


def true_choice(instruction: JSON, truth: random.Random, hints: list[str]) -> list[int]:
    """Indices of the correct option(s) for one datapoint."""
    options: list[JSON] = instruction["options"]
    wanted = {h.strip().lower() for h in hints}
    for index, option in enumerate(options):
        if str(option["value"]).lower() in wanted or str(option["label"]).lower() in wanted:
            return [index]
    first = truth.randrange(len(options))
    limit = int(instruction.get("answer_limit", 1))
    regular = [i for i, o in enumerate(options) if not o.get("exclusive") and i != first]
    if limit != 1 and regular and not options[first].get("exclusive") and truth.random() < 0.35:
        return [first, truth.choice(regular)]
    return [first]


def choose(instruction: JSON, correct: list[int], who: Annotator, rng: random.Random) -> list[int]:
    """The option indices this annotator picks, given the correct ones."""
    count = len(instruction["options"])
    if rng.random() < who.reliability:
        picked = [i for i in correct if rng.random() < who.reliability or i == correct[0]]
    elif who.careless and rng.random() < 0.5:
        picked = [0]  # position bias: the careless click the first option
    else:
        picked = [rng.randrange(count)]
    limit = int(instruction.get("answer_limit", 1))
    return picked[:limit] if limit > 0 else picked


def answer(
    instruction: JSON,
    correct: list[int] | None,
    truth: random.Random,
    who: Annotator,
    rng: random.Random,
    context: dict[str, str],
) -> list[JSON]:
    """The ``answer`` list of one response record, shaped per instruction type."""
    kind = instruction["type"]
    if kind in ("multiple_choice", "multiple_choice_with_free_text"):
        picked = choose(instruction, correct or [0], who, rng)
        options = instruction["options"]
        if kind == "multiple_choice":
            return [{"value": options[i]["value"]} for i in picked]
        return [{"value": options[i]["value"], "explanation": _reason(rng, who)} for i in picked]
    if kind == "free_text":
        return [{"value": _free_text(instruction.get("validation"), truth, who, rng, context)}]
    if kind == "free_text_with_unit":
        return [_with_unit(instruction, truth, who, rng)]
    return _files(instruction, who, rng, context.get("submission_id", "submission"))


def _reason(rng: random.Random, who: Annotator) -> str:
    if who.careless:
        return rng.choice(_CARELESS)
    return rng.choice(_REASONS).capitalize()


def _free_text(
    rule: Any, truth: random.Random, who: Annotator, rng: random.Random, context: dict[str, str]
) -> str:
    if isinstance(rule, dict) and rule.get("type") == "number":
        return _number(rule, truth, who, rng)
    if who.careless:
        text = rng.choice(_CARELESS)
    elif "label" in context:
        opener = rng.choice(_OPENERS).format(label=context["label"].lower())
        text = f"{opener} {rng.choice(_REASONS)}."
    else:
        text = f"{rng.choice(_REASONS).capitalize()}; {rng.choice(_REASONS)}."
    return _fit_length(text, rule, rng)


def _fit_length(text: str, rule: Any, rng: random.Random) -> str:
    if not isinstance(rule, dict) or rule.get("type") != "string":
        return text
    low, high = rule.get("min"), rule.get("max")
    while low is not None and len(text) < low:
        text = f"{text} Also, {rng.choice(_REASONS)}."
    if high is not None and len(text) > high:
        text = text[: max(int(high), 0)].rstrip()
    return text


def _number(rule: JSON, truth: random.Random, who: Annotator, rng: random.Random) -> str:
    low = float(rule["min"]) if rule.get("min") is not None else 0.0
    high = float(rule["max"]) if rule.get("max") is not None else max(low, 0.0) + 100
    target = truth.uniform(low, high)
    spread = (high - low) * (0.05 if rng.random() < who.reliability else 0.4)
    value = min(high, max(low, rng.gauss(target, spread)))
    return str(round(value)) if low.is_integer() and high.is_integer() else f"{value:.2f}"


def _with_unit(instruction: JSON, truth: random.Random, who: Annotator, rng: random.Random) -> JSON:
    units: list[JSON] = instruction["unit_options"]
    default = instruction.get("default_unit")
    chosen = next((u for u in units if str(u["value"]) == str(default)), units[0])
    if who.careless and len(units) > 1 and rng.random() < 0.3:
        chosen = rng.choice(units)
    rule = chosen.get("validation") or {"type": "number", "min": 1, "max": 100}
    return {"value": _number(rule, truth, who, rng), "unit": str(chosen["value"])}


def _files(instruction: JSON, who: Annotator, rng: random.Random, submission_id: str) -> list[JSON]:
    low, high = int(instruction["min_file_count"]), int(instruction["max_file_count"])
    count = low + (1 if high > low and rng.random() < 0.3 else 0)
    kinds: list[str] = instruction["accepted_file_types"]
    largest = min(float(instruction["max_file_size_mb"]), 6.0)
    files = []
    for number in range(count):
        extension = rng.choice(kinds).lower()
        stem = rng.choice(("photo", "scan", "IMG", "upload", "capture"))
        name = f"{stem}_{rng.randrange(1000, 9999)}{extension}"
        files.append(
            {
                "file_key": f"uploads/{submission_id}/{number}-{name}",
                "file_name": name,
                "file_size_mb": round(rng.uniform(min(0.1, largest), largest), 2),
                "content_type": mimetypes.guess_type(name)[0] or "application/octet-stream",
            }
        )
    return files

"""The hidden "true" answer of a datapoint, derived from the datapoint itself.

Simulated participants answer *about the data*: the truth of a (datapoint, instruction)
pair is, in order of preference,

1. a ``META_`` column named like a label (``label``, ``truth``, ``gold``, ``expected``,
   ``answer``) whose value names an option;
2. the text: a small sentiment lexicon scores review-like text, and the score is mapped onto
   the options in the obvious way (positive/negative/neutral or mixed, numeric 1-5 scales,
   yes/no ladders for questions such as "is it toxic?"); multi-select options are true when
   their keywords occur in the text;
3. a stable hash of the text (never the seed), so the same datapoint always has the same
   truth and unrelated runs agree.

Everything here is pure and cheap: the bulk seeder calls it once per task.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterable
from functools import lru_cache

from atb_tui.sandbox.model import JSON


def _lexicon(words: str) -> frozenset[str]:
    """A word list written as prose, one space-separated block (easier to read and edit)."""
    return frozenset(words.split())


LABEL_HINTS = ("label", "truth", "gold", "expected", "answer")
POSITIVE = _lexicon(
    """
    good great gem warm funny beautiful beautifully loved love outstanding best smart
    delight delightful gorgeous recommended recommend grinning fun heart brilliant
    strong lovely excellent enjoyed amazing perfect earns wonderful happy helpful clear
    thanks
    """
)
NEGATIVE = _lexicon(
    """
    bad never bored boring lazy insulting wooden muddy sink skip clumsy badly falls
    noise worst awful terrible waste slog shame forgettable loses long cannot crashes
    wrong late locked missing twice refund hate stupid garbage trash broken poor dull
    """
)
ABUSIVE = _lexicon(
    """
    hate stupid idiot garbage trash insulting moron pathetic
    """
)
POSITIVE_OPTIONS = frozenset({"positive", "pos", "good", "happy", "like", "helpful", "agree"})
NEGATIVE_OPTIONS = frozenset({"negative", "neg", "bad", "unhappy", "dislike", "unhelpful"})
MIDDLE_OPTIONS = frozenset({"neutral", "mixed", "neither", "unsure", "partly", "mild", "maybe"})
YES, NO = frozenset({"yes", "true", "y"}), frozenset({"no", "false", "n"})
NEGATIVE_QUESTIONS = re.compile(r"toxic|abusive|offensive|spam|complain|problem|urgent|harm")
# Words that signal an aspect even when the option's own word is absent.
SYNONYMS = {
    "acting": ("acting", "actor", "performance", "cast", "lead"),
    "story": ("story", "plot", "script", "ending", "dialogue", "sequel", "act "),
    "visuals": ("visual", "shot", "looks", "gorgeous", "screen"),
    "music": ("music", "score", "soundtrack", "song"),
}
_WORDS = re.compile(r"[a-z']+")


def stable(*parts: object) -> int:
    """A hash that is the same on every machine and every run (unlike ``hash``)."""
    return zlib.crc32(":".join(str(p) for p in parts).encode())


def label_column(values: JSON) -> str | None:
    """The value of the first ``META_`` column named like a gold label, if any."""
    for key, value in values.items():
        lowered = key.lower()
        if lowered.startswith("meta_") and any(hint in lowered for hint in LABEL_HINTS):
            return str(value)
    return None


def main_text(values: JSON) -> str:
    """The datapoint's prose: the longest visible string value (ids and META_ excluded)."""
    texts = [
        str(v)
        for k, v in values.items()
        if not k.lower().startswith("meta_") and isinstance(v, str) and " " in v.strip()
    ]
    return max(texts, key=len, default="")


def sentiment(text: str) -> float:
    """A score in [-1, 1]: (positive - negative) / all sentiment words; 0 when none."""
    words = _WORDS.findall(text.lower())
    good = sum(1 for w in words if w in POSITIVE)
    bad = sum(1 for w in words if w in NEGATIVE)
    return 0.0 if good + bad == 0 else (good - bad) / (good + bad)


def has_sentiment(text: str) -> bool:
    """Whether the lexicon knows any word of ``text``."""
    return any(w in POSITIVE or w in NEGATIVE for w in _WORDS.findall(text.lower()))


def true_options(instruction: JSON, values: JSON) -> list[int]:
    """Indices of the correct option(s) of a choice instruction for one datapoint."""
    options: list[JSON] = instruction["options"]
    names = [_names(o) for o in options]
    label = label_column(values)
    if label is not None:
        wanted = label.strip().lower()
        for index, found in enumerate(names):
            if wanted in found:
                return [index]
    text = main_text(values) or " ".join(str(v) for v in values.values())
    if int(instruction.get("answer_limit", 1)) != 1:
        return _aspects(options, text)
    guess = _from_text(names, text, str(instruction.get("description", "")))
    if guess is not None:
        return [guess]
    return [stable(text, instruction.get("id", "")) % len(options)]


def _names(option: JSON) -> set[str]:
    return {str(option.get("value", "")).strip().lower(), str(option.get("label", "")).lower()}


def _from_text(names: list[set[str]], text: str, question: str) -> int | None:
    """Map the text's sentiment (or abuse) onto polarity, scale or yes/no options."""
    score = sentiment(text)
    scale = _scale(names)
    if scale is not None:
        if not has_sentiment(text):
            return None
        step = round((score + 1) / 2 * (len(scale) - 1))
        return scale[step]

    def find(words: Iterable[str]) -> int | None:
        wanted = set(words)
        return next((i for i, found in enumerate(names) if found & wanted), None)

    yes, no, middle = find(YES), find(NO), find(MIDDLE_OPTIONS)
    if yes is not None and no is not None:
        return _yes_no(text, question, yes, no, middle)
    positive, negative = find(POSITIVE_OPTIONS), find(NEGATIVE_OPTIONS)
    if positive is None or negative is None or not has_sentiment(text):
        return None
    if middle is not None and abs(score) < 0.5:
        return middle
    return positive if score >= 0 else negative


def _scale(names: list[set[str]]) -> list[int] | None:
    """Option indices ordered by value when every option value is a number (a rating)."""
    numbers: list[tuple[float, int]] = []
    for index, found in enumerate(names):
        value = next((n for n in found if re.fullmatch(r"-?\d+(\.\d+)?", n)), None)
        if value is None:
            return None
        numbers.append((float(value), index))
    return [index for _, index in sorted(numbers)] if len(numbers) > 1 else None


def _yes_no(text: str, question: str, yes: int, no: int, middle: int | None) -> int:
    words = set(_WORDS.findall(text.lower()))
    if NEGATIVE_QUESTIONS.search(question.lower()):
        if words & ABUSIVE:
            return yes
        return middle if middle is not None and sentiment(text) <= -0.5 else no
    # A neutral question ("does the caption match?"): mostly yes, stable per text.
    roll = stable(text, question) % 10
    if roll < 7:
        return yes
    return middle if middle is not None and roll < 9 else no


def _aspects(options: list[JSON], text: str) -> list[int]:
    """Multi-select: every regular option whose keywords occur in the text."""
    lowered = f"{text.lower()} "
    found = []
    for index, option in enumerate(options):
        if option.get("exclusive"):
            continue
        value = str(option.get("value", "")).lower()
        keys = SYNONYMS.get(value, (value, str(option.get("label", "")).lower()))
        if any(key and key in lowered for key in keys):
            found.append(index)
    if found:
        return found
    exclusive = next((i for i, o in enumerate(options) if o.get("exclusive")), None)
    if exclusive is not None:
        return [exclusive]
    return [stable(text) % len(options)]


@lru_cache(maxsize=4096)
def extract(text: str, salt: object, words: int = 8) -> str:
    """A short piece of ``text``: one clause, at most ``words`` words, chosen stably
    (cached: the bulk seeder quotes the same few hundred texts again and again)."""
    clauses = [c.strip(" '\"") for c in re.split(r"[.;:!?,\-]+", text) if len(c.split()) >= 2]
    if not clauses:
        return text.strip()[:60]
    scored = sorted(clauses, key=lambda c: (-has_sentiment(c), -len(c)))
    clause = scored[stable(text, salt) % min(2, len(scored))]
    return " ".join(clause.split()[:words])

"""The hidden truth of a datapoint and the answers simulated people give about it."""

from __future__ import annotations

import random

from atb_tui.api.models.batches import TaskResponse
from atb_tui.sandbox import render, seed_content
from atb_tui.sandbox.answers import answer, behaviour, free_text
from atb_tui.sandbox.model import JSON, Annotator, ResponseRecord
from atb_tui.sandbox.truth import extract, label_column, sentiment, true_options

SENTIMENT: JSON = {
    "type": "multiple_choice",
    "id": "i1",
    "answer_limit": 1,
    "options": [
        {"label": "Positive", "value": "positive"},
        {"label": "Neutral", "value": "neutral"},
        {"label": "Negative", "value": "negative"},
    ],
}
SCALE: JSON = {
    "type": "multiple_choice",
    "id": "i2",
    "answer_limit": 1,
    "options": [{"label": str(n), "value": str(n)} for n in (3, 1, 5, 2, 4)],
}
TOXIC = seed_content.TRIAGE_INSTRUCTIONS[0]
ASPECTS = seed_content.SENTIMENT_INSTRUCTIONS[2]
CAREFUL = Annotator("careful", 0.95, 1.0, False)
STRAIGHT = Annotator("straight", 0.0, 0.9, True)
RANDOM = Annotator("random", 0.3, 0.8, True)
FAST = Annotator("fast", 0.6, 0.15, False)
GOOD = "I loved every minute; the lead performance is outstanding."
BAD = "The plot falls apart and the script is lazy. I was bored."


def test_a_gold_meta_column_wins_over_the_text() -> None:
    values = {"text": GOOD, "META_gold_label": "Negative", "META_source": "x"}
    assert label_column(values) == "Negative"
    assert true_options(SENTIMENT, values) == [2]
    assert label_column({"text": GOOD, "META_source": "positive"}) is None


def test_sentiment_lexicon_maps_onto_polarity_scale_and_yes_no() -> None:
    assert sentiment(GOOD) > 0 > sentiment(BAD)
    assert true_options(SENTIMENT, {"text": GOOD}) == [0]
    assert true_options(SENTIMENT, {"text": BAD}) == [2]
    assert true_options(SENTIMENT, {"text": "Loved the cast, shame about the slog."}) == [1]
    assert SCALE["options"][true_options(SCALE, {"text": GOOD})[0]]["value"] == "5"
    assert SCALE["options"][true_options(SCALE, {"text": BAD})[0]]["value"] == "1"
    toxic = TOXIC["options"]
    assert (
        toxic[true_options(TOXIC, {"text": "You are a stupid idiot, go away"})[0]]["value"] == "yes"
    )
    assert toxic[true_options(TOXIC, {"text": GOOD})[0]]["value"] == "no"


def test_multi_select_follows_keywords_and_falls_back_to_the_exclusive_option() -> None:
    values = [o["value"] for o in ASPECTS["options"]]
    picked = true_options(ASPECTS, {"text": "Great soundtrack but the plot is thin."})
    assert [values[i] for i in picked] == ["story", "music"]
    assert [values[i] for i in true_options(ASPECTS, {"text": "It was a day out."})] == ["none"]


def test_unknown_text_gets_a_stable_hash_truth() -> None:
    neutral = {"text": "A cyclist waiting at a red light"}
    plain = {**SENTIMENT, "options": [{"label": c, "value": c} for c in "ABCD"]}
    first = true_options(plain, neutral)
    assert first == true_options(plain, dict(neutral))
    assert 0 <= first[0] < 4
    spread = {true_options(plain, {"text": f"Row number {n} here"})[0] for n in range(40)}
    assert len(spread) == 4  # the hash uses every option


def test_behaviours() -> None:
    assert [behaviour(w) for w in (CAREFUL, STRAIGHT, RANDOM, FAST)] == [
        "normal",
        "straight",
        "random",
        "fast",
    ]


def test_straight_liners_always_give_the_same_answer_and_careful_people_the_truth() -> None:
    rng = random.Random(1)
    context: dict[str, str] = {}
    straight = {
        answer(SENTIMENT, [n % 3], "", STRAIGHT, rng, context)[0]["value"] for n in range(30)
    }
    assert straight == {"positive"}
    careful = [answer(SENTIMENT, [2], "", CAREFUL, rng, context)[0]["value"] for _ in range(200)]
    assert careful.count("negative") > 170
    spread = {answer(SENTIMENT, [2], "", RANDOM, rng, context)[0]["value"] for _ in range(60)}
    assert len(spread) == 3


def test_free_text_quotes_the_datapoint_whatever_the_dataset() -> None:
    ticket = "Customer writes: refund not received since Monday, charged twice for one order."
    why = {"type": "free_text", "id": "w", "description": "Why? Explain briefly"}
    rng = random.Random(3)
    for _ in range(20):
        written = free_text(why, ticket, CAREFUL, rng, "Urgent")
        quoted = written.split('"')[1]
        assert quoted.lower() in ticket.lower()
        assert "film" not in written.lower()
        assert "acting" not in written.lower()
    rewrite = free_text(
        {"type": "free_text", "description": "Write a better caption"},
        "a cyclist waiting at a red light",
        CAREFUL,
        rng,
        None,
    )
    assert "cyclist" in rewrite.lower()
    assert free_text(why, ticket, STRAIGHT, rng, None) == free_text(why, GOOD, STRAIGHT, rng, None)


def test_free_text_respects_length_and_number_rules() -> None:
    rng = random.Random(4)
    bounded = {
        "type": "free_text",
        "description": "Why?",
        "validation": {"type": "string", "min": 40, "max": 60},
    }
    for who in (CAREFUL, RANDOM, FAST):
        written = free_text(bounded, BAD, who, rng, "Negative")
        assert 40 <= len(written) <= 60
    numeric = {
        "type": "free_text",
        "id": "n",
        "validation": {"type": "number", "min": 1, "max": 10},
    }
    values = [int(free_text(numeric, BAD, CAREFUL, rng, None)) for _ in range(50)]
    assert all(1 <= v <= 10 for v in values)
    assert max(values) - min(values) <= 5  # careful people agree on a plausible number


def test_extract_is_a_short_clause_of_the_text() -> None:
    piece = extract(BAD, 0, 4)
    assert len(piece.split()) <= 4
    assert piece.lower() in BAD.lower()


def test_every_answer_type_has_the_spec_shape_and_parses_as_the_client_model() -> None:
    rng = random.Random(5)
    upload = seed_content.CAPTION_LAYOUT[1]["rows"][0]["columns"][0]["items"][0]
    instructions = [*seed_content.THREAD_INSTRUCTIONS, *seed_content.SENTIMENT_INSTRUCTIONS, upload]
    seen = set()
    for index, instruction in enumerate(instructions):
        instruction = {**instruction, "id": f"i{index}"}
        correct = true_options(instruction, {"text": BAD}) if "options" in instruction else None
        for who in (CAREFUL, RANDOM, STRAIGHT, FAST):
            given = answer(instruction, correct, BAD, who, rng, {"submission_id": "s1"})
            record = ResponseRecord(
                "r1", 1.8e9, "b1", "p1", "s1", "t1", instruction["id"], instruction["type"], given
            )
            parsed = TaskResponse.model_validate(render.response(record))
            assert parsed.response.instruction_id == instruction["id"]
            seen.add(instruction["type"])
            if instruction["type"] == "multiple_choice_with_free_text":
                assert all(item["explanation"] for item in given)
            if instruction["type"] == "file_upload":
                assert all(item["file_name"] and item["file_size_mb"] > 0 for item in given)
    assert seen == {
        "multiple_choice",
        "multiple_choice_with_free_text",
        "free_text",
        "free_text_with_unit",
        "file_upload",
    }

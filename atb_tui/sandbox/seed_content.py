"""Realistic-looking content for the demo world: reviews, tickets, dialogue, street scenes.

Everything is generated deterministically from small fragment lists, so the demo is the
same on every machine and the files stay small enough to read.
"""

from __future__ import annotations

import csv
import io
import json
import random
from typing import Any

JSON = dict[str, Any]

TITLES = (
    "The Lantern Keeper",
    "Harbour Lights",
    "Northbound",
    "A Quiet Orbit",
    "Paper Tigers",
    "The Glass Orchard",
    "Midnight Ferry",
    "Salt and Static",
    "The Long Weekend",
    "Copperline",
    "Wolves of Ardent Bay",
    "Second Summer",
    "The Cartographer",
    "Low Tide",
    "Neon Parish",
)
PHRASES = {
    "positive": (
        "{t} is a gem: warm, funny and beautifully shot.",
        "I loved every minute of {t}; the lead performance is outstanding.",
        "{t} earns its ending. I left the cinema grinning.",
        "Smart script, great score. {t} is the best film I've seen this year.",
        "A small film with a big heart. {t} made me call my mum.",
        "The cast of {t} clearly had fun and it shows on screen.",
        "{t} looks gorgeous and never drags. Highly recommended.",
        "Finally a sequel that beats the original - {t} is a delight.",
    ),
    "negative": (
        "{t} is two hours I will never get back.",
        "The plot of {t} falls apart in the second act and never recovers.",
        "Wooden acting and a muddy soundtrack sink {t}.",
        "{t} mistakes noise for excitement. I was bored stiff.",
        "I wanted to like {t}, but the script is lazy and the ending is insulting.",
        "Skip {t}. The trailer showed every good scene.",
        "{t} is badly edited and far too long.",
        "Even the great cast cannot save {t} from its clumsy dialogue.",
    ),
    "mixed": (
        "{t} has a great first half, then loses its nerve.",
        "Lovely visuals in {t}, shame about the story.",
        "{t} is fine. Nothing special, nothing terrible.",
        "The acting in {t} is strong but the pacing is all over the place.",
        "Parts of {t} are brilliant; other parts are a slog.",
        "{t} is watchable on a rainy Sunday, not worth a ticket.",
        "Good soundtrack, forgettable characters. {t} is a shrug.",
        "I laughed a few times at {t}, and checked my phone a few more.",
    ),
}
SOURCES = ("letterboxd-export", "cinema-survey-2026", "newsletter-replies", "forum-scrape")


def reviews_csv(count: int, seed: int, *, grouped: bool = False) -> bytes:
    """A reviews CSV with hidden ``META_`` columns (and thread groups when ``grouped``)."""
    rng = random.Random(seed)
    header = ["review_id", "review_text", "META_source", "META_expected_sentiment"]
    header += ["META_TASK_GROUP_ID"] if grouped else []
    rows = []
    for index in range(count):
        label = rng.choice(tuple(PHRASES))
        text = rng.choice(PHRASES[label]).format(t=rng.choice(TITLES))
        row = [f"r{seed:02d}-{index + 1:04d}", text, rng.choice(SOURCES), label]
        rows.append([*row, f"thread-{index // 3 + 1:02d}"] if grouped else row)
    return _csv(header, rows)


def tickets_csv(count: int) -> bytes:
    """Support tickets to triage by urgency."""
    subjects = (
        "Cannot log in",
        "Refund not received",
        "App crashes on start",
        "Wrong item delivered",
        "Password reset email missing",
        "Charged twice",
        "Delivery late again",
        "Account locked",
    )
    rows = [
        [
            f"T-{1000 + i}",
            subjects[i % len(subjects)],
            f"Customer writes: {subjects[i % len(subjects)].lower()} since Monday.",
            "helpdesk",
        ]
        for i in range(count)
    ]
    return _csv(["ticket_id", "subject", "body", "META_channel"], rows)


def broken_tweets_csv() -> bytes:
    """A CSV with a ragged row (a tweet containing an unquoted comma)."""
    lines = ["tweet_id,text,META_lang"] + [
        f"{i},just watched a film and it was ok,en" for i in range(1, 13)
    ]
    lines.append("13,loved it, the ending especially,en")
    return ("\n".join(lines) + "\n").encode()


def dialogue_jsonl() -> bytes:
    """Chat turns grouped by conversation; two records are deliberately invalid."""
    speakers = ("user", "assistant")
    turns = (
        "Can you recommend a film for a rainy evening?",
        "Try 'Harbour Lights' - gentle, funny, short.",
        "Is 'Northbound' suitable for kids?",
        "It has some peril; I'd say ages 10 and up.",
        "What's the runtime of 'Copperline'?",
        "About 2 hours 10 minutes.",
        "Who directed 'Low Tide'?",
        "I'm not certain; I don't want to guess a name.",
    )
    records: list[object] = []
    for index, text in enumerate(turns):
        records.append(
            {
                "turn_text": text,
                "speaker": speakers[index % 2],
                "conversation_id": f"conv-{index // 2 + 1}",
                "source": "support-chat-2026-10",
            }
        )
    records.append(
        {"speaker": "user", "conversation_id": "conv-9", "source": "support-chat-2026-10"}
    )
    records.append(
        {"turn_text": ["not", "a", "string"], "speaker": "assistant", "conversation_id": "conv-9"}
    )
    return "".join(json.dumps(r) + "\n" for r in records).encode()


def street_scenes_jsonl() -> bytes:
    """Street photos (example URLs) with a draft caption each."""
    scenes = (
        "a cyclist waiting at a red light",
        "a market stall selling oranges",
        "two dogs on a tram platform",
        "a busker under a railway bridge",
        "rain on a bus shelter at night",
        "a food truck queue at lunchtime",
        "children chalking a pavement",
        "a street sweeper at dawn",
        "a florist opening shutters",
        "a crowded zebra crossing",
        "a mural being painted",
        "a taxi rank in the snow",
    )
    records = [
        {
            "image": f"https://images.example.org/street/{i + 1:03d}.jpg",
            "caption": scene,
            "photographer": f"contributor-{i % 4 + 1}",
        }
        for i, scene in enumerate(scenes)
    ]
    return "".join(json.dumps(r) + "\n" for r in records).encode()


def _csv(header: list[str], rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode()


SENTIMENT_INSTRUCTIONS: list[JSON] = [
    {
        "type": "multiple_choice",
        "created_by": "Ada",
        "description": "What is the overall sentiment of this review?",
        "answer_limit": 1,
        "options": [
            {"label": "Positive", "value": "positive"},
            {"label": "Negative", "value": "negative"},
            {"label": "Mixed", "value": "mixed"},
        ],
    },
    {
        "type": "free_text",
        "created_by": "Ada",
        "description": "In a few words, why?",
        "placeholder_text_input": "e.g. praises the acting",
        "validation": {"type": "string", "min": 3, "max": 200},
    },
    {
        "type": "multiple_choice",
        "created_by": "Ada",
        "description": "Which aspects does the review mention?",
        "answer_limit": -1,
        "options": [
            {"label": "Acting", "value": "acting"},
            {"label": "Story", "value": "story"},
            {"label": "Visuals", "value": "visuals"},
            {"label": "Music", "value": "music"},
            {"label": "None of these", "value": "none", "exclusive": True},
        ],
    },
]
TRIAGE_INSTRUCTIONS: list[JSON] = [
    {
        "type": "multiple_choice",
        "description": "Is this message toxic or abusive?",
        "answer_limit": 1,
        "options": [
            {"label": "Not toxic", "value": "no"},
            {"label": "Mildly", "value": "mild"},
            {"label": "Clearly toxic", "value": "yes"},
        ],
    },
]
THREAD_INSTRUCTIONS: list[JSON] = [
    {
        "type": "multiple_choice_with_free_text",
        "description": "Rate this reply",
        "answer_limit": 2,
        "options": [
            {"label": "Accurate", "value": "accurate", "heading": "Accuracy"},
            {"label": "Inaccurate", "value": "inaccurate", "heading": "Accuracy"},
            {"label": "Clear", "value": "clear", "heading": "Clarity"},
        ],
    },
    {
        "type": "free_text_with_unit",
        "description": "How long would you spend reading this thread?",
        "unit_position": "suffix",
        "default_unit": "min",
        "unit_options": [
            {
                "label": "minutes",
                "value": "min",
                "validation": {"type": "number", "min": 1, "max": 30},
            },
            {"label": "seconds", "value": "s"},
        ],
    },
]
DIALOGUE_LAYOUT: list[JSON] = [
    {
        "rows": [
            {
                "columns": [
                    {
                        "items": [
                            {
                                "type": "rich_text",
                                "content": "Read the **turn** below and judge it.",
                                "content_format": "markdown",
                            },
                            {"type": "dataset_field", "field": "turn_text"},
                            {"type": "dataset_field", "field": "speaker"},
                        ]
                    }
                ]
            },
            {
                "columns": [
                    {
                        "items": [
                            {
                                "type": "multiple_choice",
                                "description": "Is the turn helpful?",
                                "answer_limit": 1,
                                "options": [
                                    {"label": "Helpful", "value": "helpful"},
                                    {"label": "Unhelpful", "value": "unhelpful"},
                                ],
                            }
                        ]
                    },
                    {
                        "items": [
                            {
                                "type": "free_text",
                                "description": "Suggest a better wording (optional)",
                            }
                        ]
                    },
                ]
            },
        ]
    },
]
CAPTION_LAYOUT: list[JSON] = [
    {
        "rows": [
            {
                "columns": [
                    {"items": [{"type": "dataset_field", "field": "image"}]},
                    {
                        "items": [
                            {"type": "dataset_field", "field": "caption"},
                            {
                                "type": "multiple_choice",
                                "description": "Does the caption match the photo?",
                                "answer_limit": 1,
                                "options": [
                                    {"label": "Yes", "value": "yes"},
                                    {"label": "Partly", "value": "partly"},
                                    {"label": "No", "value": "no"},
                                ],
                            },
                            {"type": "free_text", "description": "Write a better caption"},
                        ]
                    },
                ]
            }
        ]
    },
    {
        "rows": [
            {
                "columns": [
                    {
                        "items": [
                            {
                                "type": "file_upload",
                                "description": "Upload a photo of a similar street scene",
                                "accepted_file_types": [".jpg", ".png"],
                                "max_file_size_mb": 10,
                                "min_file_count": 1,
                                "max_file_count": 2,
                            }
                        ]
                    }
                ]
            }
        ]
    },
]
PROMPT_INSTRUCTION: JSON = {
    "type": "free_text",
    "description": "Write a one-sentence pitch for a film that does not exist",
    "validation": {"type": "string", "min": 20, "max": 280},
}

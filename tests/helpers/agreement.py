"""Agreement examples with known answers, in the shapes the statistics take."""

from __future__ import annotations

from atb_tui.logic.agreement import Rating, Response

# Fleiss (1971) as tabulated in Wikipedia's "Fleiss' kappa" worked example: 10 subjects,
# 14 raters each, 5 categories; P̄ = 0.378, P_e = 0.213, kappa = 0.210.
FLEISS_TABLE = [
    [0, 0, 0, 0, 14],
    [0, 2, 6, 4, 2],
    [0, 0, 3, 5, 6],
    [0, 3, 9, 2, 0],
    [2, 2, 8, 1, 1],
    [7, 7, 0, 0, 0],
    [3, 2, 6, 3, 0],
    [2, 5, 3, 2, 2],
    [6, 5, 2, 1, 0],
    [0, 2, 2, 3, 7],
]


def table_to_responses(table: list[list[int]]) -> list[Response]:
    responses: list[Response] = []
    for subject, counts in enumerate(table):
        rater = 0
        for category, count in enumerate(counts):
            for _ in range(count):
                responses.append((f"task{subject}", f"rater{rater}", category + 1))
                rater += 1
    return responses


# Krippendorff (2011), "Computing Krippendorff's alpha-reliability", 4 coders x 12 units.
KRIPPENDORFF_2011 = {
    "A": "1 2 3 3 2 1 4 1 2 . . .",
    "B": "1 2 3 3 2 2 4 1 2 5 . 3",
    "C": ". 3 3 3 2 3 4 2 2 5 1 .",
    "D": "1 2 3 3 2 4 4 1 2 5 1 .",
}


def by_coder(rows: dict[str, str], missing: str) -> list[Rating]:
    """Ratings from one row per coder; every column is a unit; `missing` marks no rating."""
    return [
        (unit, coder, None if value == missing else int(value))
        for coder, row in rows.items()
        for unit, value in enumerate(row.split())
    ]

"""`atb-tui agreement FILE`: inter-annotator agreement for scripts and CI.

Exit codes: 0 the figures were printed; 2 the file or the arguments could not be used (one line
on stderr says which row and what is wrong).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Hashable
from pathlib import Path
from typing import TYPE_CHECKING, Any

# The levels only: every `atb-tui` start (the app too) builds this parser; the statistics are
# imported when the command runs.
from atb_tui.logic.levels import LEVELS, Level

if TYPE_CHECKING:
    from atb_tui.headless.ratings_file import LoadedRatings
    from atb_tui.logic.agreement import AgreementReport

FEW_TASKS = 10  # below this many tasks with 2+ ratings the figures mean little

HELP = """\
FILE is a CSV with columns task, annotator, value (other columns ignored; an empty value is no
rating), a batch export ZIP, or its responses-by-task.jsonl (choose the instruction with
--instruction ID when there are several).

exit codes: 0 figures printed, 2 unusable file or arguments
"""


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Register `agreement` on the CLI's subparsers."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "agreement",
        help="inter-annotator agreement of a CSV or batch export",
        description="Percent agreement, Krippendorff's alpha, Fleiss' kappa, Gwet's AC1 and\n"
        "each annotator's agreement with the majority of the others.",
        epilog=HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("file", metavar="FILE", help="CSV, export ZIP or responses-by-task.jsonl")
    parser.add_argument(
        "--level",
        choices=LEVELS,
        default="nominal",
        help="level of measurement for the alpha shown first and the per-annotator effect",
    )
    parser.add_argument("--instruction", metavar="ID", help="instruction to rate (exports)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    return parser


def run(args: argparse.Namespace) -> int:
    """Run the command; returns the exit code."""
    # Imported here: every `atb-tui` start builds this parser, few runs read a ratings file.
    from atb_tui.headless.ratings_file import NeedInstruction, RatingsFileError, load_ratings
    from atb_tui.logic.agreement import agreement_report, alpha_effects

    try:
        loaded = load_ratings(Path(args.file), args.instruction)
    except NeedInstruction as error:
        _fail(f"{args.file}: {error}")
        for item in error.instructions:
            print(f"  {item.describe()}", file=sys.stderr)
        return 2
    except RatingsFileError as error:
        _fail(f"{args.file}: {error}")
        return 2
    report = agreement_report(loaded.ratings, order=loaded.order)
    if args.json:
        import json  # here: every `atb-tui` start builds this module's parser

        print(json.dumps(report.to_json(), indent=2, ensure_ascii=False, default=str))
        return 0
    level: Level = args.level
    effects = alpha_effects(loaded.ratings, level, loaded.order)
    print("\n".join(render_table(args.file, loaded, report, level, effects)))
    return 0


def _fail(message: str) -> None:
    print(f"atb-tui agreement: {message}", file=sys.stderr)


def render_table(
    name: str,
    loaded: LoadedRatings,
    report: AgreementReport,
    level: Level,
    effects: dict[Hashable, float | None],
) -> list[str]:
    """The readable report: counts, every statistic, then annotators by agreement."""
    lines = [f"{name}" + (f" — instruction {loaded.instruction.id}" if loaded.instruction else "")]
    lines.append(
        f"{report.tasks:,} tasks · {report.annotators:,} annotators · {report.ratings:,} ratings"
        f" · {report.tasks_with_2plus:,} tasks with 2+ ratings"
    )
    if report.tasks_with_2plus < FEW_TASKS:
        lines.append(
            f"warning: only {report.tasks_with_2plus} tasks have 2+ ratings; "
            "these figures mean little"
        )
    lines += ["", *_statistics(report, level), "", *_annotators(report, level, effects)]
    return lines


def _statistics(report: AgreementReport, level: Level) -> list[str]:
    alphas = report.krippendorff_alpha
    others = [other for other in LEVELS if other != level]
    rows = [
        ("Percent agreement", _figure(report.percent_agreement, "no task has 2+ ratings")),
        (f"Krippendorff's alpha ({level})", _figure(alphas[level], _why_no_alpha(level))),
        *((f"  alpha ({other})", _figure(alphas[other], _why_no_alpha(other))) for other in others),
        (
            "Fleiss' kappa",
            _figure(report.fleiss_kappa, "tasks have different numbers of ratings, or one answer"),
        ),
        ("Gwet's AC1", _figure(report.gwet_ac1, "needs 2+ categories and a task with 2+ ratings")),
    ]
    width = max(len(label) for label, _ in rows)
    return [f"{label:<{width}}  {value}" for label, value in rows]


def _annotators(
    report: AgreementReport, level: Level, effects: dict[Hashable, float | None]
) -> list[str]:
    if not report.annotators_detail:
        return ["No ratings."]
    ordered = sorted(
        report.annotators_detail,
        key=lambda a: (
            a.agreement_with_majority is None,
            a.agreement_with_majority or 0.0,
            str(a.annotator),
        ),
    )
    names = [str(a.annotator) for a in ordered]
    width = max(len("Annotator"), *(len(n) for n in names))
    effect_title = f"alpha effect ({level})"
    lines = [
        "Annotators, lowest agreement with the others' majority first.",
        "alpha effect: alpha without them minus alpha with them (> 0: they lower agreement).",
        f"{'Annotator':<{width}}  {'Ratings':>7}  {'Agreement':>9}  {effect_title}",
    ]
    for name, item in zip(names, ordered, strict=True):
        agreement = _figure(item.agreement_with_majority, "n/a")
        effect = effects.get(item.annotator)
        shown = "n/a" if effect is None else f"{effect:+.4f}"
        lines.append(f"{name:<{width}}  {item.ratings:>7,}  {agreement:>9}  {shown}")
    return lines


def _figure(value: float | None, why: str) -> str:
    return f"{value:.4f}" if value is not None else f"n/a ({why})" if why != "n/a" else "n/a"


def _why_no_alpha(level: Level) -> str:
    if level == "nominal":
        return "no variation or no task with 2+ ratings"
    if level == "ordinal":
        return "values are neither numbers nor ordered options"
    return "values are not all numbers" + (" ≥ 0" if level == "ratio" else "")

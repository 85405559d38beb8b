"""Run every benchmark, print a table and write bench/results.json (one flat object).

`python -m bench` runs them all; `python -m bench startup upload` runs the named ones and
updates just their keys in the results file.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

from bench import monitor_idle, responses_viewer, startup, upload, virtual_table

Figures = dict[str, float]
BENCHMARKS: dict[str, Callable[[], Figures]] = {
    "startup": startup.run,
    "monitor_idle": monitor_idle.run,
    "upload": upload.run,
    "virtual_table": virtual_table.run,
    "responses": responses_viewer.run,
}
RESULTS = Path(__file__).parent / "results.json"


def main(names: list[str]) -> None:
    chosen = names or list(BENCHMARKS)
    unknown = [name for name in chosen if name not in BENCHMARKS]
    if unknown:
        sys.exit(f"unknown benchmark {unknown[0]!r}; choose from {', '.join(BENCHMARKS)}")
    results: Figures = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    for name in chosen:
        started = time.perf_counter()
        figures = BENCHMARKS[name]()
        print(f"{name}  ({time.perf_counter() - started:.0f} s)")
        for key, value in figures.items():
            print(f"  {key:<40} {value}")
        results.update(figures)
        RESULTS.write_text(json.dumps(dict(sorted(results.items())), indent=2) + "\n")


if __name__ == "__main__":
    main(sys.argv[1:])

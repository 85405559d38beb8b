"""Run every benchmark, print a table and write bench/results.json (one flat object).

`python -m bench` (`make bench`) runs them all; `python -m bench startup upload` runs the
named ones and updates just their keys in the results file. Each figure is a median of paired
runs where a baseline exists (see bench/harness.py); min and max are keys of their own.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

from bench import (
    monitor_idle,
    responses_viewer,
    startup,
    upload,
    virtual_table,
    workflow_requests,
)

Figures = dict[str, float]
BENCHMARKS: dict[str, Callable[[], Figures]] = {
    "startup": startup.run,
    "monitor_idle": monitor_idle.run,
    "upload": upload.run,
    "virtual_table": virtual_table.run,
    "responses": responses_viewer.run,
    "workflow": workflow_requests.run,
}
# The keys issue 15 asks for: a full run that misses one fails loudly.
REQUIRED = (
    "startup_first_frame_s",
    "startup_ratio_vs_bare_textual",
    "responses_100k_load_s",
    "responses_100k_load_ratio_vs_httpx_json",
    "responses_100k_first_rows_s",
    "responses_100k_filter_ms",
    "responses_100k_rss_mb",
    "idle_monitor_bytes_per_min",
    "idle_monitor_cpu_percent",
    "upload_speed_ratio_vs_curl",
    "upload_rss_growth_mb",
    "idle_rss_mb",
    "workflow_requests",
    "workflow_min_requests",
    "workflow_requests_ratio_vs_min",
)
RESULTS = Path(__file__).parent / "results.json"


def main(names: list[str]) -> None:
    chosen = names or list(BENCHMARKS)
    unknown = [name for name in chosen if name not in BENCHMARKS]
    if unknown:
        sys.exit(f"unknown benchmark {unknown[0]!r}; choose from {', '.join(BENCHMARKS)}")
    results: Figures = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    table: list[tuple[str, str, float]] = []
    started_all = time.perf_counter()
    for name in chosen:
        started = time.perf_counter()
        figures = BENCHMARKS[name]()
        print(f"{name} done in {time.perf_counter() - started:.0f} s", flush=True)
        table += [(name, key, value) for key, value in figures.items()]
        results.update(figures)
        # The machine is shared: the load while this ran is part of the result.
        results["bench_load_average_1min"] = round(os.getloadavg()[0], 2)
        RESULTS.write_text(json.dumps(dict(sorted(results.items())), indent=2) + "\n")
    _print_table(table, time.perf_counter() - started_all)
    missing = [key for key in REQUIRED if key not in results]
    if missing:
        sys.exit(f"bench/results.json lacks {', '.join(missing)}")


def _print_table(rows: list[tuple[str, str, float]], seconds: float) -> None:
    width = max(len(key) for _, key, _ in rows)
    print(f"\n{'bench':<14} {'figure':<{width}} {'value':>12}")
    print(f"{'-' * 14} {'-' * width} {'-' * 12}")
    for name, key, value in rows:
        print(f"{name:<14} {key:<{width}} {value:>12}")
    load = ", ".join(f"{figure:.2f}" for figure in os.getloadavg())
    print(f"\n{len(rows)} figures in {seconds:.0f} s; load average now {load}; see {RESULTS}")


if __name__ == "__main__":
    main(sys.argv[1:])

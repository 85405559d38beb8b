"""Run every benchmark, print a table, write bench/results/latest.json."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from bench import responses, responses_viewer, startup, virtual_table

BENCHMARKS = {
    "startup": startup.run,
    "responses_100k": responses.run,
    "virtual_table_100k": virtual_table.run,
    "responses_viewer_100k": responses_viewer.run,  # also merged into bench/results.json
}


def main() -> None:
    os.environ.setdefault("ATB_TUI_CONFIG_DIR", tempfile.mkdtemp(prefix="atb-bench-"))
    results = {name: run() for name, run in BENCHMARKS.items()}
    for name, figures in results.items():
        print(f"{name}")
        for key, value in figures.items():
            print(f"  {key:<28} {value}")
    out = Path(__file__).parent / "results"
    out.mkdir(exist_ok=True)
    (out / "latest.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()

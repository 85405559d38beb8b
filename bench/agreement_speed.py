"""How long every agreement statistic takes on 100k ratings (issue 13: well under 500 ms).

25,000 tasks x 4 annotators drawn from 50 people, 5 categories. Run with
`.venv/bin/python -m bench.agreement_speed`; not part of the test suite.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable

from atb_tui.logic.agreement import LEVELS, Rating, agreement_report, alpha_effects


def ratings(
    tasks: int = 25_000, per_task: int = 4, people: int = 50, seed: int = 1
) -> list[Rating]:
    """Ratings that mostly follow a per-task truth, like careful annotators would."""
    rng = random.Random(seed)
    result: list[Rating] = []
    for task in range(tasks):
        truth = rng.randrange(5)
        for person in rng.sample(range(people), per_task):
            value = truth if rng.random() < 0.7 else rng.randrange(5)
            result.append((f"task-{task}", f"person-{person}", value))
    return result


def timed(label: str, action: Callable[[], object], runs: int = 5) -> float:
    """Best of `runs`: wall time, and CPU time (what counts on a machine shared with others)."""
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        action()
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    print(f"{label:<34} {min(wall):8.1f} ms wall {min(cpu):8.1f} ms CPU")
    return min(cpu)


def main() -> None:
    data = ratings()
    print(f"{len(data):,} ratings")
    total = timed("agreement_report (all levels)", lambda: agreement_report(data))
    total += timed("alpha_effects nominal", lambda: alpha_effects(data, "nominal"))
    print(f"{'total CPU (report + effects)':<34} {total:8.1f} ms")
    for level in LEVELS[1:]:
        timed(f"alpha_effects {level}", lambda level=level: alpha_effects(data, level))


if __name__ == "__main__":
    main()

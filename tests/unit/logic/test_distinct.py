"""Distinct counting: exact for ordinary files, a close estimate in bounded memory past that."""

from __future__ import annotations

import tracemalloc

from atb_tui.logic.distinct import DistinctCounter


def test_exact_below_the_limit_and_repeats_count_once() -> None:
    counter = DistinctCounter(exact_limit=10)
    for value in ["a", "b", "a", "c", "b"]:
        counter.add(value)
    assert (counter.count, counter.exact) == (3, True)


def test_small_sketch_after_switch_is_still_exact_when_not_full() -> None:
    counter = DistinctCounter(exact_limit=5, sketch_size=100)
    for index in range(50):
        counter.add(str(index))
        counter.add(str(index))
    assert (counter.count, counter.exact) == (50, False)


def test_estimate_is_close_and_memory_is_bounded() -> None:
    counter = DistinctCounter(exact_limit=1_000, sketch_size=4_096)
    tracemalloc.start()
    try:
        for index in range(60_000):
            counter.add(f"0192a3b5-e8f9-7a0b-1c2d-{index:012d}")
            if index % 3 == 0:
                counter.add(f"0192a3b5-e8f9-7a0b-1c2d-{index:012d}")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert not counter.exact
    assert abs(counter.count - 60_000) / 60_000 < 0.05
    assert peak < 2_000_000

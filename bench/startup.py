"""Start-up as a user feels it: `atb-tui --demo` vs a bare Textual app, each in a real pty.

Both are started as fresh processes on a 120x35 pseudo-terminal, in turns. "First frame" is
the moment the first screen's own text reaches the terminal: "Choose a workspace" for atb-tui
(its first real screen), "hello" for the bare app. "Filled" is when the demo's workspaces
table shows its rows (the "Sentiment" workspace), which includes seeding the sandbox. Idle RSS
is the app's resident memory once the workspaces are shown. CPU is what each process had used
by its first frame (10 ms ticks): on a loaded machine it moves less than wall time, so its
paired ratio says more about what start-up itself costs.
"""

from __future__ import annotations

import statistics
import sys

from bench.harness import Spread, Terminal, paired

RUNS = 7
BARE = """
from textual.app import App
from textual.widgets import Static
class Bare(App):
    def compose(self):
        yield Static("hello")
Bare().run()
"""
ATB = [sys.executable, "-m", "atb_tui", "--demo"]


def _first_frame(argv: list[str], text: str, extra: dict[str, list[float]]) -> float:
    terminal = Terminal(argv)
    try:
        seconds = terminal.wait_for(text)
        extra["cpu"].append(terminal.cpu_seconds())
        if "filled" in extra:
            extra["filled"].append(terminal.wait_for("Sentiment"))
            extra["rss"].append(terminal.rss_mb())
        return seconds
    finally:
        terminal.close()


def run() -> dict[str, float]:
    """Median seconds to the first frame for both, their paired ratio, and idle memory."""
    extra: dict[str, list[float]] = {"filled": [], "rss": [], "cpu": []}
    bare: dict[str, list[float]] = {"cpu": []}
    result = paired(
        lambda: _first_frame(ATB, "Choose a workspace", extra),
        lambda: _first_frame([sys.executable, "-c", BARE], "hello", bare),
        RUNS,
    )
    # Each list starts with the warm-up run; the rest are in pairs.
    cpu = Spread.of([a / b for a, b in zip(extra["cpu"][1:], bare["cpu"][1:], strict=True)])
    return {
        "startup_first_frame_s": round(result.subject.median, 3),
        "startup_first_frame_min_s": round(result.subject.low, 3),
        "startup_first_frame_max_s": round(result.subject.high, 3),
        "startup_bare_textual_s": round(result.baseline.median, 3),
        "startup_ratio_vs_bare_textual": round(result.ratio.median, 2),
        "startup_cpu_s": round(statistics.median(extra["cpu"][1:]), 3),
        "startup_bare_textual_cpu_s": round(statistics.median(bare["cpu"][1:]), 3),
        "startup_cpu_ratio_vs_bare_textual": round(cpu.median, 2),
        "startup_workspaces_filled_s": round(statistics.median(extra["filled"][1:]), 3),
        "idle_rss_mb": round(statistics.median(extra["rss"][1:]), 1),
    }


if __name__ == "__main__":
    for key, value in run().items():
        print(f"{key:<32} {value}")

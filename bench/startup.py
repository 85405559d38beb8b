"""Time to first useful frame: atb-tui --demo vs a bare Textual app, each in a fresh interpreter.

"First useful frame" for atb-tui is the workspaces table filled from the sandbox; for the bare
app, a mounted Static. Both include interpreter start-up and imports, as a user would feel them.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time

BARE = """
import asyncio
from textual.app import App
from textual.widgets import Static
class Bare(App):
    def compose(self):
        yield Static("hello")
async def main():
    async with Bare().run_test(headless=True) as pilot:
        await pilot.pause()
asyncio.run(main())
"""

ATB = """
import asyncio
from atb_tui.app import AppOptions, create_app
from atb_tui.widgets.data_view import DataView
async def main():
    app = create_app(AppOptions(demo=True, env={}))
    async with app.run_test(headless=True, size=(100, 30)) as pilot:
        while not (app.screen.query(DataView) and app.screen.query_one(DataView).rows):
            await pilot.pause(0.005)
asyncio.run(main())
"""


def _time(script: str) -> float:
    # A fresh config dir each run: no saved place to restore, no profile, as on first start.
    env = {**os.environ, "ATB_TUI_CONFIG_DIR": tempfile.mkdtemp(prefix="atb-bench-")}
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-c", script], check=True, capture_output=True, timeout=60, env=env
    )
    return time.perf_counter() - start


def run(repeats: int = 5) -> dict[str, float]:
    """Median seconds for each, and the ratio atb/bare."""
    _time(BARE), _time(ATB)  # warm the OS file cache and .pyc files
    bare = statistics.median(_time(BARE) for _ in range(repeats))
    atb = statistics.median(_time(ATB) for _ in range(repeats))
    return {
        "bare_textual_s": round(bare, 3),
        "atb_tui_demo_s": round(atb, 3),
        "ratio": round(atb / bare, 2),
    }

"""`make screenshots`: write screenshots/<name>.svg for every scenario (the README shows them)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from textual._doc import take_svg_screenshot

from tests.snapshots.scenarios import all_scenarios

OUT = Path(__file__).resolve().parents[2] / "screenshots"


def main() -> None:
    OUT.mkdir(exist_ok=True)
    for state in all_scenarios():
        os.environ["ATB_TUI_CONFIG_DIR"] = tempfile.mkdtemp(prefix="atb-shot-")
        svg = take_svg_screenshot(
            app=state.build(),
            run_before=state.run_before,
            terminal_size=state.size,
            title=f"atb-tui — {state.caption}",
        )
        (OUT / f"{state.name}.svg").write_text(svg)
        print(f"screenshots/{state.name}.svg  {state.caption}")


if __name__ == "__main__":
    main()

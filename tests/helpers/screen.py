"""What the app shows, as text users would read it."""

from __future__ import annotations

from textual.app import App


def screen_text(app: App[None]) -> str:
    """Everything the current screen shows, as plain text (for assertions on what users see)."""
    strips = app.screen._compositor.render_strips()
    return "\n".join(strip.text for strip in strips)

"""Headless commands for scripts, CI and agents: no Textual, plain text or JSON on stdout."""

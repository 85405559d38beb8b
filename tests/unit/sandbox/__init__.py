"""Tests for the offline Prolific sandbox (atb_tui.sandbox)."""

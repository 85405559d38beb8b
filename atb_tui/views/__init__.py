"""Textual-free view models: what a screen shows, computed from API data."""

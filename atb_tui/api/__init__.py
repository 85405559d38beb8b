"""Async client for Prolific's REST API (AI Task Builder). Knows nothing of Textual."""

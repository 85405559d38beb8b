"""Reusable widgets: they show data and post messages, never call the API."""

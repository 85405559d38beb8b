"""atb-tui: a keyboard-driven terminal app for Prolific's AI Task Builder."""

# The one place the version lives: hatch reads it for the wheel (pyproject `[tool.hatch.version]`),
# so start-up never pays for importlib.metadata.
__version__ = "0.1.0"

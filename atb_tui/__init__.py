"""atb-tui: a keyboard-driven terminal app for Prolific's AI Task Builder."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("atb-tui")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"

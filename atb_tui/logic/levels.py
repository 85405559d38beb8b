"""Krippendorff's levels of measurement: a module of its own so that building the command line
(`atb-tui agreement --level`) does not import the statistics."""

from __future__ import annotations

from typing import Literal

Level = Literal["nominal", "ordinal", "interval", "ratio"]
LEVELS: tuple[Level, ...] = ("nominal", "ordinal", "interval", "ratio")

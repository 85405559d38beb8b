"""Where packaged resources live, in a wheel and in a source checkout."""

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def styles_dir() -> Path:
    """The directory holding the .tcss files (inside the wheel, or the repo's styles/)."""
    packaged = _PACKAGE / "styles"
    return packaged if packaged.is_dir() else _PACKAGE.parent / "styles"

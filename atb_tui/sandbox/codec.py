"""Turn the sandbox's dataclasses into JSON-ready values and back, driven by type hints.

Only the shapes used in :mod:`atb_tui.sandbox.model` are supported: dataclasses, lists,
``dict[str, X]``, ``X | None``, ``Any`` and JSON scalars. Anything else is a programming
error and raises :class:`TypeError`; a document that does not fit the types raises
:class:`StateFormatError`, which the state-file loader turns into a clear message.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from functools import cache
from typing import Any, TypeVar

T = TypeVar("T")

TRANSIENT = "transient"  # field metadata key: runtime-only fields that are never stored


class StateFormatError(ValueError):
    """A stored document does not match the shape of the sandbox's state."""


def dump(value: Any) -> Any:
    """A JSON-ready copy of ``value`` (dataclasses become dicts)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: dump(getattr(value, f.name))
            for f in dataclasses.fields(value)
            if not f.metadata.get(TRANSIENT)
        }
    if isinstance(value, list):
        return [dump(item) for item in value]
    if isinstance(value, dict):
        return {key: dump(item) for key, item in value.items()}
    return value


def load(cls: type[T], data: Any) -> T:
    """Rebuild a ``cls`` instance from :func:`dump` output."""
    result: T = _load(cls, data, cls.__name__)
    return result


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _load(hint: Any, data: Any, where: str) -> Any:
    if hint is Any:
        return data
    if dataclasses.is_dataclass(hint) and isinstance(hint, type):
        return _load_dataclass(hint, data, where)
    origin = typing.get_origin(hint)
    if origin in (types.UnionType, typing.Union):
        return _load_union(hint, data, where)
    if origin is list:
        (item,) = typing.get_args(hint)
        return [
            _load(item, value, f"{where}[{i}]")
            for i, value in enumerate(_expect(list, data, where))
        ]
    if origin is dict:
        _, item = typing.get_args(hint)
        items = _expect(dict, data, where).items()
        return {str(key): _load(item, value, f"{where}.{key}") for key, value in items}
    if hint in (str, int, bool):
        return _expect(hint, data, where)
    if hint is float:
        return float(_expect((int, float), data, where))
    raise TypeError(f"codec cannot handle type {hint!r} at {where}")


def _load_dataclass(cls: type, data: Any, where: str) -> Any:
    values = _expect(dict, data, where)
    hints = _hints(cls)
    kwargs = {}
    for f in dataclasses.fields(cls):
        if f.metadata.get(TRANSIENT):
            continue
        if f.name in values:
            kwargs[f.name] = _load(hints[f.name], values[f.name], f"{where}.{f.name}")
        elif f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
            raise StateFormatError(f"{where}: missing field {f.name!r}")
    return cls(**kwargs)


def _load_union(hint: Any, data: Any, where: str) -> Any:
    options = typing.get_args(hint)
    if data is None and type(None) in options:
        return None
    for option in options:
        if option is type(None):
            continue
        try:
            return _load(option, data, where)
        except StateFormatError:
            continue
    raise StateFormatError(f"{where}: value {data!r} does not fit {hint}")


def _expect(kind: Any, data: Any, where: str) -> Any:
    if isinstance(data, bool) and kind in (int, float, (int, float)):
        raise StateFormatError(f"{where}: expected a number, found a boolean")
    if not isinstance(data, kind):
        raise StateFormatError(
            f"{where}: expected {getattr(kind, '__name__', kind)}, found {data!r:.60}"
        )
    return data

"""A deep copy for JSON-shaped data (dicts, lists, scalars).

``copy.deepcopy`` pays for memo bookkeeping and the full copy protocol on every node; API objects
are plain decoded JSON, so a recursive dict/list copy gives the same result several times faster.
Anything that is not JSON-shaped (tuples, custom objects) falls back to ``copy.deepcopy``.
"""

from __future__ import annotations

import copy
from typing import Any, TypeVar

T = TypeVar("T")

_IMMUTABLE = (str, int, float, bool, type(None))


def json_copy(value: T) -> T:
    """A deep copy of ``value`` that shares no mutable structure with it."""
    return _copy(value)  # type: ignore[no-any-return]


def _copy(value: Any) -> Any:
    cls = type(value)
    if cls is dict:
        return {k: v if type(v) in _IMMUTABLE else _copy(v) for k, v in value.items()}
    if cls is list:
        return [v if type(v) in _IMMUTABLE else _copy(v) for v in value]
    if cls in _IMMUTABLE:
        return value
    return copy.deepcopy(value)

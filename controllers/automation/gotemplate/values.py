"""How Go values are represented in Python, and the few reflect-like questions the engine asks.

Python `int` is Go `int`, `Int64` is Go `int64` (what sprig's arithmetic returns; Go refuses it
where an `int` is wanted), `float` is `float64`, `str` is `string`, `list`/`tuple` are slices,
`dict` is a map, `None` is a nil interface and `MISSING` is the invalid value Go gets for a
missing map key (printed `<no value>`). Any other object is a struct whose exported fields and
methods are its attributes.
"""

from __future__ import annotations

import dataclasses
import inspect
from typing import Any


class _Missing:
    """Go's invalid reflect.Value: the result of a missing map key."""

    _instance: _Missing | None = None

    def __new__(cls) -> _Missing:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "MISSING"

    def __bool__(self) -> bool:
        return False


MISSING: Any = _Missing()


class Int64(int):
    """A Go int64: prints like an int but is not assignable to an `int` parameter."""

    def __repr__(self) -> str:
        return f"Int64({int(self)})"


class GoUint(int):
    """An unsigned Go integer."""

    go_type = "uint"


class Uint8(GoUint):
    """A Go byte, as `index` of a string returns."""

    go_type = "uint8"


class Uint64(GoUint):
    """A Go uint64 (semver's Major and friends)."""

    go_type = "uint64"


class NilSlice(list[Any]):
    """A nil []interface{} (sprig's `rest` of an empty list): prints `[]`, encodes as JSON null."""


class GoMap(dict[Any, Any]):
    """A map with a declared Go type (e.g. `map[string]string`), for data whose Go static type
    matters: sprig refuses it where a map[string]interface{} is wanted, as Go does."""

    def __init__(self, data: Any = (), go_type: str = "map[string]interface {}") -> None:
        super().__init__(data)
        self.go_type = go_type


class GoSlice(list[Any]):
    """A slice with a declared Go type (e.g. `[]update.Change`), for typeOf and %T."""

    def __init__(self, data: Any = (), go_type: str = "[]interface {}") -> None:
        super().__init__(data)
        self.go_type = go_type


class StrList(list[str]):
    """A Go []string (splitList, sortAlpha, keys): prints as a slice, typed as []string."""


def is_int(v: object) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def is_struct(v: object) -> bool:
    return not isinstance(v, (bool, int, float, str, list, tuple, dict, bytes, _Missing)) and v is not None


def type_name(v: object) -> str:
    """The Go type name of a value, for error messages and %T."""
    if v is MISSING:
        return "<nil>"
    if v is None:
        return "<nil>"
    if isinstance(v, bool):
        return "bool"
    if isinstance(v, Int64):
        return "int64"
    if isinstance(v, (GoUint, GoMap, GoSlice)):
        return v.go_type
    if isinstance(v, int):
        return "int"
    if isinstance(v, float):
        return "float64"
    if isinstance(v, str):
        return "string"
    if isinstance(v, StrList):
        return "[]string"
    if isinstance(v, (list, tuple)):
        return "[]interface {}"
    if isinstance(v, dict):
        return "map[string]interface {}"
    if isinstance(v, bytes):
        return "[]uint8"
    go_type = getattr(type(v), "go_type", None)
    return go_type if isinstance(go_type, str) else type(v).__name__


def kind(v: object) -> str:
    """Go's reflect.Kind name."""
    if v is None or v is MISSING:
        return "invalid"
    if isinstance(v, bool):
        return "bool"
    if isinstance(v, Int64):
        return "int64"
    if isinstance(v, GoUint):
        return v.go_type
    if isinstance(v, int):
        return "int"
    if isinstance(v, float):
        return "float64"
    if isinstance(v, str):
        return "string"
    if isinstance(v, (list, tuple, bytes)):
        return "slice"
    if isinstance(v, dict):
        return "map"
    if callable(v):
        return "func"
    return "struct"


def truth(v: object) -> bool:
    """Go's template truth: false, 0, nil and empty strings/collections are false; structs true."""
    if v is None or v is MISSING:
        return False
    if isinstance(v, (bool, int, float)):
        return bool(v)
    if isinstance(v, (str, list, tuple, dict, bytes)):
        return len(v) > 0
    return True


def struct_fields(v: object) -> list[tuple[str, Any]]:
    """The exported fields of a struct-like object, in declaration order."""
    if dataclasses.is_dataclass(v) and not isinstance(v, type):
        return [(f.name, getattr(v, f.name)) for f in dataclasses.fields(v) if f.name[:1].isupper()]
    names = getattr(v, "__slots__", None) or list(getattr(v, "__dict__", {}))
    return [(n, getattr(v, n)) for n in names if isinstance(n, str) and n[:1].isupper() and hasattr(v, n)]


def is_method(v: object) -> bool:
    return inspect.ismethod(v) or inspect.isbuiltin(v)


def map_sort_key(k: object) -> Any:
    """The order Go's fmtsort gives map keys: numbers and strings by value, else a `sort_key`."""
    sk = getattr(k, "sort_key", None)
    if sk is not None:
        return (2, sk() if callable(sk) else sk)
    if isinstance(k, bool):
        return (0, int(k))
    if isinstance(k, (int, float)):
        return (0, k)
    if isinstance(k, str):
        return (1, k.encode("utf-8", "surrogatepass"))
    if is_struct(k):
        return (2, tuple(str(x) for _, x in struct_fields(k)) or str(k))
    return (3, str(k))


def sorted_items(d: dict[Any, Any]) -> list[tuple[Any, Any]]:
    return sorted(d.items(), key=lambda kv: map_sort_key(kv[0]))

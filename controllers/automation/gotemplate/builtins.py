"""Go's predefined template functions (and, or, not, len, index, slice, print*, comparisons,
html, js, urlquery, call) with Go's results and Go's errors."""

from __future__ import annotations

import urllib.parse
from typing import Any

from .funcs import Func, GoError, func
from .gofmt import sprint, sprintf, sprintln
from .values import MISSING, GoUint, Uint8, is_int, is_struct, struct_fields, truth, type_name


def _valid(v: Any) -> bool:
    return v is not None and v is not MISSING


def _basic_kind(v: Any) -> str:
    if not _valid(v):
        return "invalid"
    if isinstance(v, bool):
        return "bool"
    if isinstance(v, GoUint):
        return "uint"
    if isinstance(v, int):
        return "int"
    if isinstance(v, float):
        return "float"
    if isinstance(v, str):
        return "string"
    return "other"


_BAD_COMPARISON = "incompatible types for comparison"


def _eq_one(a: Any, b: Any) -> bool:
    ka, kb = _basic_kind(a), _basic_kind(b)
    if ka != kb:
        if {ka, kb} == {"int", "uint"}:
            return bool(int(a) == int(b))
        if _valid(a) and _valid(b):
            raise GoError(f"{_BAD_COMPARISON}: {type_name(a)} and {type_name(b)}")
        return False
    if ka in ("bool", "int", "uint", "float", "string"):
        return bool(a == b)
    if ka == "invalid":
        return True
    # Go: values of different reflect kinds never compare; otherwise only the second operand's
    # type must be comparable, and values of different types are simply unequal
    if _reflect_kind(a) != _reflect_kind(b):
        raise GoError(f"non-comparable types {type_name(a)} and {type_name(b)}")
    if not _comparable(b):
        raise GoError(f"non-comparable type {type_name(b)}")
    if type_name(a) != type_name(b):
        return False
    return bool(a == b)


def _reflect_kind(v: Any) -> str:
    if isinstance(v, (list, tuple, bytes)):
        return "slice"
    if isinstance(v, dict):
        return "map"
    return "func" if callable(v) and not is_struct(v) else "struct"


def _comparable(v: Any) -> bool:
    """Go's == works on basic values and on structs of such; not on slices, maps or funcs."""
    if isinstance(v, (list, tuple, dict, bytes)) or (callable(v) and not is_struct(v)):
        return False
    if is_struct(v):
        return all(_comparable(x) for _, x in struct_fields(v))
    return True


@func("value", variadic="value")
def eq(a: Any, *bs: Any) -> bool:
    if not bs:
        raise GoError("missing argument for comparison")
    return any(_eq_one(a, b) for b in bs)


@func("value", "value")
def ne(a: Any, b: Any) -> bool:
    return not _eq_one(a, b)


def _lt(a: Any, b: Any) -> bool:
    ka, kb = _basic_kind(a), _basic_kind(b)
    for k in (ka, kb):
        if k in ("invalid", "other"):
            raise GoError("invalid type for comparison")
    if ka != kb:
        if {ka, kb} == {"int", "uint"}:
            return bool(int(a) < int(b))
        raise GoError(f"{_BAD_COMPARISON}: {type_name(a)} and {type_name(b)}")
    if ka == "bool":
        raise GoError("invalid type for comparison")
    return bool(a < b)


@func("value", "value")
def lt(a: Any, b: Any) -> bool:
    return _lt(a, b)


@func("value", "value")
def le(a: Any, b: Any) -> bool:
    return _lt(a, b) or _eq_one(a, b)


@func("value", "value")
def gt(a: Any, b: Any) -> bool:
    return not (_lt(a, b) or _eq_one(a, b))


@func("value", "value")
def ge(a: Any, b: Any) -> bool:
    return not _lt(a, b)


@func("value")
def not_(a: Any) -> bool:
    return not truth(a)


@func("value", variadic="value")
def and_(a: Any, *rest: Any) -> Any:  # short-circuited by the executor; kept for `call`-free use
    for v in (a, *rest):
        if not truth(v):
            return v
    return (a, *rest)[-1]


@func("value", variadic="value")
def or_(a: Any, *rest: Any) -> Any:
    for v in (a, *rest):
        if truth(v):
            return v
    return (a, *rest)[-1]


@func("value")
def length(v: Any) -> int:
    if v is None:
        raise GoError("len of nil pointer")
    if v is MISSING:
        raise GoError("reflect: call of reflect.Value.Type on zero Value")
    if isinstance(v, str):
        return len(v.encode("utf-8", "surrogatepass"))
    if isinstance(v, (list, tuple, dict, bytes)):
        return len(v)
    raise GoError(f"len of type {type_name(v)}")


def _index_arg(i: Any, cap: int) -> int:
    if not _valid(i):
        raise GoError("cannot index slice/array with nil")
    if not is_int(i):
        raise GoError(f"cannot index slice/array with type {type_name(i)}")
    x = int(i)
    if x < 0 or x > cap:
        raise GoError("index out of range")
    return x


@func("value", variadic="value")
def index(item: Any, *indexes: Any) -> Any:
    if not _valid(item):
        raise GoError("index of untyped nil")
    for i in indexes:
        if item is None or item is MISSING:
            raise GoError("index of nil pointer")
        if isinstance(item, str):
            data = item.encode("utf-8", "surrogatepass")
            x = _index_arg(i, len(data))
            if x >= len(data):
                raise GoError("reflect: string index out of range")
            item = Uint8(data[x])
        elif isinstance(item, (list, tuple)):
            x = _index_arg(i, len(item))
            if x >= len(item):
                raise GoError("reflect: slice index out of range")
            item = item[x]
        elif isinstance(item, dict):
            if not _valid(i):
                raise GoError("value is nil; should be of type string")
            key_type = type_name(next(iter(item))) if item else "string"
            if type_name(i) != key_type:
                raise GoError(f"value has type {type_name(i)}; should be {key_type}")
            item = item.get(i, None)
        else:
            raise GoError(f"can't index item of type {type_name(item)}")
    return item


@func("value", variadic="value")
def slice_(item: Any, *indexes: Any) -> Any:
    if not _valid(item):
        raise GoError("slice of untyped nil")
    if len(indexes) > 3:
        raise GoError(f"too many slice indexes: {len(indexes)}")
    if isinstance(item, str):
        if len(indexes) == 3:
            raise GoError("cannot 3-index slice a string")
        seq: Any = item.encode("utf-8", "surrogatepass")
    elif isinstance(item, (list, tuple)):
        seq = item
    else:
        raise GoError(f"can't slice item of type {type_name(item)}")
    idx = [0, len(seq), len(seq)]
    for n, i in enumerate(indexes):
        idx[n] = _index_arg(i, len(seq))
    if idx[0] > idx[1]:
        raise GoError("invalid slice index: low > high")
    if len(indexes) == 3 and idx[1] > idx[2]:
        raise GoError("invalid slice index: high > max")
    out = seq[idx[0] : idx[1]]
    if isinstance(item, str):
        return out.decode("utf-8", "replace")
    return type(item)(out) if isinstance(item, list) else list(out)


@func(variadic="any")
def print_(*args: Any) -> str:
    return sprint(list(args))


@func("string", variadic="any")
def printf(fmt: str, *args: Any) -> str:
    return sprintf(fmt, list(args))


@func(variadic="any")
def println_(*args: Any) -> str:
    return sprintln(list(args))


def _eval_args(args: tuple[Any, ...]) -> str:
    """html, js and urlquery print their arguments as Go's template does: nil as <no value>."""
    if len(args) == 1 and isinstance(args[0], str):
        return args[0]
    return sprint(["<no value>" if a is None or a is MISSING else a for a in args])


@func(variadic="any")
def html(*args: Any) -> str:
    s = _eval_args(args)
    out = []
    for c in s:
        out.append(
            {"<": "&lt;", ">": "&gt;", "&": "&amp;", "'": "&#39;", '"': "&#34;", "\0": "\ufffd"}.get(c, c)
        )
    return "".join(out)


@func(variadic="any")
def js(*args: Any) -> str:
    s = _eval_args(args)
    out = []
    for c in s:
        if c == "\\":
            out.append("\\\\")
        elif c == "'":
            out.append("\\'")
        elif c == '"':
            out.append('\\"')
        elif c in "<>&=" or ord(c) < 0x20 or (ord(c) >= 0x80 and not c.isprintable()):
            out.append(f"\\u{ord(c):04X}")
        else:
            out.append(c)
    return "".join(out)


@func(variadic="any")
def urlquery(*args: Any) -> str:
    return urllib.parse.quote_plus(_eval_args(args), safe="-_.~")


@func("value", variadic="value")
def call(fn: Any, *args: Any) -> Any:
    if not callable(fn) or (is_struct(fn) and not hasattr(fn, "__call__")):  # noqa: B004
        raise GoError(f"non-function of type {type_name(fn)}")
    return fn(*[None if a is MISSING else a for a in args])


BUILTINS: dict[str, Func] = {
    "and": and_,
    "or": or_,
    "not": not_,
    "len": length,
    "index": index,
    "slice": slice_,
    "print": print_,
    "printf": printf,
    "println": println_,
    "eq": eq,
    "ne": ne,
    "lt": lt,
    "le": le,
    "gt": gt,
    "ge": ge,
    "html": html,
    "js": js,
    "urlquery": urlquery,
    "call": call,
}

__all__ = ["BUILTINS"]

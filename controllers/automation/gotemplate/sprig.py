"""Sprig v3.3.0's hermetic function map (`sprig.HermeticTxtFuncMap()`), the functions Flux gives
commit message templates, with sprig's Go types and quirks: `get` of a missing key is "",
`b64dec` of bad input returns the error text, arithmetic returns int64, `atoi` ignores errors.

Left out (see MISSING_FUNCS): the crypto and certificate generators and the random ones (not
reproducible in a commit message anyway), the date/duration functions, xstrings' case
conversions, goutils' wrap, and mergo's merge.
"""

from __future__ import annotations

import base64
import binascii
import copy
import decimal
import hashlib
import json
import math
import zlib
from typing import Any

import re2

from controllers.policy.gofloat import parse_go_float

from .builtins import BUILTINS
from .funcs import Func, GoError, func, limits
from .gofmt import quote_string, sprint, sprintf
from .values import MISSING, Int64, NilSlice, StrList, Uint8, is_struct, kind, type_name

_SPACE = (
    "\t\n\v\f\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009"
    "\u200a\u2028\u2029\u202f\u205f\u3000"
)


def _b(s: str) -> bytes:
    return s.encode("utf-8", "surrogatepass")


def _s(b: bytes) -> str:
    return b.decode("utf-8", "replace")


def strval(v: Any) -> str:
    """sprig's strval: strings as they are, everything else as %v."""
    if isinstance(v, str):
        return v
    if isinstance(v, bytes):
        return _s(v)
    if is_struct(v) and callable(getattr(v, "String", None)):
        return str(v.String())
    return sprintf("%v", [v])


def _is_list(v: Any) -> bool:
    return isinstance(v, (list, tuple))


def _kind_err(v: Any) -> str:
    return kind(v)


def empty(v: Any) -> bool:
    """sprig's empty: zero values and empty collections; structs are never empty."""
    if v is None or v is MISSING:
        return True
    if isinstance(v, (str, list, tuple, dict, bytes)):
        return len(v) == 0
    if isinstance(v, bool):
        return not v
    if isinstance(v, (int, float)):
        return v == 0
    return False


def to_int64(v: Any) -> int:
    """spf13/cast ToInt64 as sprig uses it: unconvertible values are 0."""
    if v is None:
        return 0
    if isinstance(v, bool):
        return int(v)
    if isinstance(v, int):
        return int(v)
    if isinstance(v, float):
        if math.isnan(v) or math.isinf(v):
            return -(1 << 63)
        return int(v)
    if isinstance(v, str):
        s = _trim_zero_decimal(v)
        from .parse import _parse_go_int

        try:
            n = _parse_go_int(s)
        except ValueError:
            n = None
        if n is None or not -(1 << 63) <= n < 1 << 63:
            return 0
        return n
    return 0


def _trim_zero_decimal(s: str) -> str:
    found_zero = False
    for i in range(len(s), 0, -1):
        c = s[i - 1]
        if c == ".":
            if found_zero:
                return s[: i - 1]
        elif c == "0":
            found_zero = True
        else:
            return s
    return s


def to_float64(v: Any) -> float:
    if v is None:
        return 0.0
    if isinstance(v, bool):
        return float(v)
    if isinstance(v, (int, float)):
        return float(v)
    if isinstance(v, str):
        f = parse_go_float(v)
        return 0.0 if f is None else f
    return 0.0


def _wrap64(n: int) -> Int64:
    n &= (1 << 64) - 1
    if n >= 1 << 63:
        n -= 1 << 64
    return Int64(n)


def _go_div(a: int, b: int) -> int:
    if b == 0:
        raise GoError("runtime error: integer divide by zero")
    q = abs(a) // abs(b)
    return q if (a >= 0) == (b >= 0) else -q


def _go_mod(a: int, b: int) -> int:
    if b == 0:
        raise GoError("runtime error: integer divide by zero")
    return a - _go_div(a, b) * b


def _title(s: str) -> str:
    out = []
    prev = " "
    for c in s:
        sep = not (c.isalnum() or c == "_") if ord(prev) >= 0 else True
        sep = not (prev.isalnum() or prev == "_") if ord(prev) < 128 else prev in _SPACE
        out.append(_upper(c) if sep else c)
        prev = c
    return "".join(out)


def _upper(s: str) -> str:
    return "".join(c.upper() if len(c.upper()) == 1 else c for c in s)


def _lower(s: str) -> str:
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in s)


def _strslice(v: Any) -> list[str]:
    if isinstance(v, StrList):
        return list(v)
    if _is_list(v):
        return [strval(x) for x in v if x is not None]
    if v is None:
        return []
    return [strval(v)]


def _copy_list(v: Any, what: str) -> list[Any]:
    if _is_list(v):
        return list(v)
    if isinstance(v, (bytes,)):
        return [Uint8(b) for b in v]
    raise GoError(f"Cannot {what} type {_kind_err(v)}")


def _deep_equal(a: Any, b: Any) -> bool:
    if type_name(a) != type_name(b):
        return False
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(_deep_equal(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_deep_equal(a[k], b[k]) for k in a)
    return bool(a == b)


def _in_list(hay: list[Any], needle: Any) -> bool:
    return any(_deep_equal(needle, h) for h in hay)


# -- JSON as Go's encoding/json writes it


def _json_float(f: float) -> str:
    """encoding/json's float: shortest digits, exponent form only for very small or big values."""
    if math.isnan(f) or math.isinf(f):
        raise GoError("json: unsupported value: NaN or Inf")
    from .gofmt import format_float

    a = abs(f)
    if a != 0 and (a < 1e-6 or a >= 1e21):
        s = format_float(f, "e", -1)
        mant, exp = s.split("e")
        sign, digits = exp[0], exp[1:]
        if len(digits) == 2 and digits[0] == "0":
            digits = digits[1:]
        return f"{mant}e{sign}{digits}"
    return format_float(f, "f", -1)


def _json_str(s: str, escape_html: bool) -> str:
    out = ['"']
    for c in s:
        o = ord(c)
        if c == '"':
            out.append('\\"')
        elif c == "\\":
            out.append("\\\\")
        elif c == "\n":
            out.append("\\n")
        elif c == "\r":
            out.append("\\r")
        elif c == "\t":
            out.append("\\t")
        elif c == "\b":
            out.append("\\b")
        elif c == "\f":
            out.append("\\f")
        elif o < 0x20 or (escape_html and c in "<>&") or o in (0x2028, 0x2029):
            out.append(f"\\u{o:04x}")
        elif 0xD800 <= o <= 0xDFFF:
            out.append("\ufffd")
        else:
            out.append(c)
    out.append('"')
    return "".join(out)


def to_json(v: Any, indent: str | None = None, escape_html: bool = True, level: int = 0) -> str:
    limits().charge(1)
    if v is None or v is MISSING or isinstance(v, NilSlice):
        return "null"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(int(v))
    if isinstance(v, float):
        s = _json_float(v)
        return s
    if isinstance(v, str):
        return _json_str(v, escape_html)
    nl = "" if indent is None else "\n" + indent * (level + 1)
    end = "" if indent is None else "\n" + indent * level
    colon = ":" if indent is None else ": "
    if isinstance(v, (list, tuple)):
        if not v:
            return "[]"
        return "[" + ",".join(nl + to_json(x, indent, escape_html, level + 1) for x in v) + end + "]"
    if isinstance(v, dict):
        if any(isinstance(k, bool) or not isinstance(k, (str, int)) for k in v):
            raise GoError(f"json: unsupported type: {type_name(v)}")
        if not v:
            return "{}"
        items = sorted(((strval(k), x) for k, x in v.items()), key=lambda kv: _b(kv[0]))
        return (
            "{"
            + ",".join(
                nl + _json_str(k, escape_html) + colon + to_json(x, indent, escape_html, level + 1)
                for k, x in items
            )
            + end
            + "}"
        )
    if is_struct(v):
        from .values import struct_fields

        fields = struct_fields(v)
        if not fields:
            return "{}"
        return (
            "{"
            + ",".join(
                nl + _json_str(k, escape_html) + colon + to_json(x, indent, escape_html, level + 1)
                for k, x in fields
            )
            + end
            + "}"
        )
    raise GoError(f"json: unsupported type: {type_name(v)}")


def _from_json_value(v: Any) -> Any:
    if isinstance(v, bool) or v is None or isinstance(v, str):
        return v
    if isinstance(v, (int, float)):
        return float(v)
    if isinstance(v, list):
        return [_from_json_value(x) for x in v]
    if isinstance(v, dict):
        return {k: _from_json_value(x) for k, x in v.items()}
    return v


def _from_json(s: str) -> Any:
    try:
        return _from_json_value(json.loads(s))
    except (ValueError, RecursionError) as e:
        raise GoError(str(e)) from None


# -- regexps (Go's RE2 syntax)

_RE_OPTS = re2.Options()
_RE_OPTS.log_errors = False


def _re(pattern: str) -> Any:
    try:
        return re2.compile(pattern, options=_RE_OPTS)
    except re2.error:
        raise GoError("error parsing regexp: invalid pattern") from None


def _expand(template: str, m: Any) -> str:
    """Go's Regexp.Expand: $1, ${1}, $name, ${name}, $$."""
    out: list[str] = []
    i = 0
    names = m.re.groupindex
    while i < len(template):
        c = template[i]
        if c != "$" or i + 1 >= len(template):
            out.append(c)
            i += 1
            continue
        nxt = template[i + 1]
        if nxt == "$":
            out.append("$")
            i += 2
            continue
        if nxt == "{":
            j = template.find("}", i + 2)
            name = template[i + 2 : j] if j >= 0 else ""
            if j < 0 or not name or not all(ch.isalnum() or ch == "_" for ch in name):
                out.append(c)
                i += 1
                continue
            i = j + 1
        else:
            j = i + 1
            while j < len(template) and (template[j].isalnum() or template[j] == "_"):
                j += 1
            name = template[i + 1 : j]
            if not name:
                out.append(c)
                i += 1
                continue
            i = j
        idx: int | None
        idx = int(name) if name.isdigit() else names.get(name)
        if idx is not None and idx <= m.re.groups:
            out.append(m.group(idx) or "")
    return "".join(out)


def _replace_all(pattern: str, s: str, repl: Any) -> str:
    r = _re(pattern)
    out: list[str] = []
    last = 0
    last_match_end = -1
    for m in r.finditer(s):
        a, b = m.span()
        if a == b and a == last_match_end:
            continue
        out.append(s[last:a])
        out.append(repl(m))
        last = b
        last_match_end = b
        limits().charge(1)
    out.append(s[last:])
    result = "".join(out)
    limits().check_size(len(result))
    return result


def _find_all(pattern: str, s: str, n: int) -> list[str]:
    r = _re(pattern)
    if n < 0:
        n = len(s) + 1
    out: list[str] = []
    prev_end = -1
    for m in r.finditer(s):
        if len(out) >= n:
            break
        a, b = m.span()
        if a == b and a == prev_end:
            continue
        out.append(m.group(0))
        prev_end = b
    return out


def _split_by_regex(pattern: str, s: str, n: int) -> list[str]:
    if n == 0:
        return []
    r = _re(pattern)
    if pattern and s == "":
        return [""]
    matches: list[tuple[int, int]] = []
    prev_end = -1
    for m in r.finditer(s):
        a, b = m.span()
        if a == b and a == prev_end:
            continue
        matches.append((a, b))
        prev_end = b
        if n > 0 and len(matches) >= n - 1 + 1:
            break
    out: list[str] = []
    beg = 0
    end = 0
    for a, b in matches:
        if n > 0 and len(out) == n - 1:
            break
        end = a
        if b == 0:
            continue
        out.append(s[beg:end])
        beg = b
    if end != len(s):
        out.append(s[beg:])
    return out


def _quote_meta(s: str) -> str:
    special = "\\.+*?()|[]{}^$"
    return "".join("\\" + c if c in special else c for c in s)


# -- path


def _path_clean(p: str) -> str:
    if p == "":
        return "."
    rooted = p.startswith("/")
    parts: list[str] = []
    for seg in p.split("/"):
        if seg in ("", "."):
            continue
        if seg == "..":
            if parts and parts[-1] != "..":
                parts.pop()
            elif not rooted:
                parts.append("..")
            continue
        parts.append(seg)
    out = "/".join(parts)
    if rooted:
        return "/" + out
    return out or "."


def _path_base(p: str) -> str:
    if p == "":
        return "."
    p = p.rstrip("/")
    if p == "":
        return "/"
    return p.rsplit("/", 1)[-1]


def _path_dir(p: str) -> str:
    i = p.rfind("/")
    return _path_clean(p[: i + 1])


def _path_ext(p: str) -> str:
    for i in range(len(p) - 1, -1, -1):
        if p[i] == "/":
            break
        if p[i] == ".":
            return p[i:]
    return ""


# -- goutils


def _abbreviate_full(s: str, offset: int, width: int) -> str:
    if s == "":
        return ""
    if width < 4:
        raise GoError("minimum abbreviation width is 4")
    if len(_b(s)) <= width:
        return s
    bs = _b(s)
    if offset > len(bs):
        offset = len(bs)
    if len(bs) - offset < width - 3:
        offset = len(bs) - (width - 3)
    if offset <= 4:
        return _s(bs[: width - 3]) + "..."
    if width < 7:
        raise GoError("minimum abbreviation width with offset is 7")
    if offset + width - 3 < len(bs):
        return "..." + _abbreviate_full(_s(bs[offset:]), 0, width - 3)
    return "..." + _s(bs[len(bs) - (width - 3) :])


def _swapcase(s: str) -> str:
    """goutils.SwapCase: lower case turns title case at the start of a word, upper case elsewhere."""
    out = []
    at_word_start = True
    for c in s:
        if c.isupper() or c.istitle():
            out.append(_lower(c))
            at_word_start = False
        elif c.islower():
            t = c.title() if at_word_start else c.upper()
            out.append(t if len(t) == 1 else c)
            at_word_start = False
        else:
            out.append(c)
            at_word_start = c in _SPACE
    return "".join(out)


def _initials(s: str) -> str:
    """goutils.Initials: the first byte of each word, read as a Latin-1 rune as goutils does."""
    out = []
    last_was_gap = True
    for c in (chr(b) for b in _b(s)):
        if c in _SPACE:
            last_was_gap = True
        elif last_was_gap:
            out.append(c)
            last_was_gap = False
    return "".join(out)


# -- the functions


@func("string")
def _upper_f(s: str) -> str:
    return _upper(s)


@func("string")
def _lower_f(s: str) -> str:
    return _lower(s)


@func("string")
def _trim(s: str) -> str:
    return s.strip(_SPACE)


@func("string")
def _title_f(s: str) -> str:
    return _title(s)


@func("string")
def _untitle(s: str) -> str:
    out = []
    after_space = True
    for c in s:
        if c in _SPACE:
            after_space = True
        elif after_space:
            c = _lower(c)
            after_space = False
        out.append(c)
    return "".join(out)


@func("int", "string")
def _abbrev(width: int, s: str) -> str:
    if width < 4:
        return s
    try:
        return _abbreviate_full(s, 0, width)
    except GoError:
        return ""


@func("int", "int", "string")
def _abbrevboth(left: int, right: int, s: str) -> str:
    if right < 4 or (left > 0 and right < 7):
        return s
    try:
        return _abbreviate_full(s, left, right)
    except GoError:
        return ""


@func("int", "string")
def _trunc(c: int, s: str) -> str:
    bs = _b(s)
    if c < 0 and len(bs) + c > 0:
        return _s(bs[len(bs) + c :])
    if c >= 0 and len(bs) > c:
        return _s(bs[:c])
    return s


@func("int", "int", "string")
def _substr(start: int, end: int, s: str) -> str:
    bs = _b(s)
    if start < 0:
        if end > len(bs) or end < 0:
            raise GoError("runtime error: slice bounds out of range")
        return _s(bs[:end])
    if end < 0 or end > len(bs):
        if start > len(bs):
            raise GoError("runtime error: slice bounds out of range")
        return _s(bs[start:])
    if start > end:
        raise GoError("runtime error: slice bounds out of range")
    return _s(bs[start:end])


@func("int", "string")
def _repeat(count: int, s: str) -> str:
    if count < 0:
        raise GoError("strings: negative Repeat count")
    limits().check_size(count * len(s))
    return s * count


@func("string", "string")
def _trim_all(a: str, b: str) -> str:
    return b.strip(a) if a else b


@func("string", "string")
def _trim_suffix(a: str, b: str) -> str:
    return b[: -len(a)] if a and b.endswith(a) else b


@func("string", "string")
def _trim_prefix(a: str, b: str) -> str:
    return b[len(a) :] if b.startswith(a) else b


@func("string")
def _nospace(s: str) -> str:
    # goutils reads the string byte by byte, each byte taken for a Latin-1 rune, unless no byte
    # is a space
    kept = [chr(b) for b in _b(s) if chr(b) not in _SPACE]
    return s if len(kept) == len(_b(s)) else "".join(kept)


@func("string")
def _initials_f(s: str) -> str:
    return _initials(s)


@func("string")
def _swapcase_f(s: str) -> str:
    return _swapcase(s)


@func("string", "string")
def _contains(sub: str, s: str) -> bool:
    return sub in s


@func("string", "string")
def _has_prefix(p: str, s: str) -> bool:
    return s.startswith(p)


@func("string", "string")
def _has_suffix(p: str, s: str) -> bool:
    return s.endswith(p)


@func(variadic="any")
def _quote(*args: Any) -> str:
    return " ".join(quote_string(strval(a)) for a in args if a is not None)


@func(variadic="any")
def _squote(*args: Any) -> str:
    return " ".join("'" + sprintf("%v", [a]) + "'" for a in args if a is not None)


@func(variadic="any")
def _cat(*args: Any) -> str:
    vals = [a for a in args if a is not None]
    return sprintf(" ".join(["%v"] * len(vals)), vals)


@func("int", "string")
def _indent(n: int, s: str) -> str:
    if n < 0:
        raise GoError("strings: negative Repeat count")
    limits().check_size(n * (s.count("\n") + 1) + len(s))
    pad = " " * n
    return pad + s.replace("\n", "\n" + pad)


@func("int", "string")
def _nindent(n: int, s: str) -> str:
    return "\n" + str(_indent.fn(n, s))


@func("string", "string", "string")
def _replace(old: str, new: str, src: str) -> str:
    if old == "":
        limits().check_size(len(src) * (len(new) + 1))
        bs = list(src)
        return new + "".join(c + new for c in bs)
    limits().check_size(len(src) + src.count(old) * len(new))
    return src.replace(old, new)


@func("string", "string", "int")
def _plural(one: str, many: str, count: int) -> str:
    return one if count == 1 else many


@func("string")
def _sha1(s: str) -> str:
    return hashlib.sha1(_b(s)).hexdigest()


@func("string")
def _sha256(s: str) -> str:
    return hashlib.sha256(_b(s)).hexdigest()


@func("string")
def _sha512(s: str) -> str:
    return hashlib.sha512(_b(s)).hexdigest()


@func("string")
def _adler32(s: str) -> str:
    return str(zlib.adler32(_b(s)))


@func("any")
def _to_string(v: Any) -> str:
    return strval(v)


@func("string")
def _atoi(s: str) -> int:
    t = s[1:] if s[:1] in "+-" else s
    if not t or not t.isdigit() or not t.isascii():
        return 0
    return max(-(1 << 63), min(int(s), (1 << 63) - 1))  # Go's Atoi saturates, sprig drops the error


@func("any")
def _int64(v: Any) -> Int64:
    return _wrap64(to_int64(v))


@func("any")
def _int(v: Any) -> int:
    return int(_wrap64(to_int64(v)))


@func("any")
def _float64(v: Any) -> float:
    return to_float64(v)


@func("any")
def _to_decimal(v: Any) -> Int64:
    s = sprint([v])
    try:
        n = int(s, 8) if s and s.lstrip("+-").isdigit() else None
    except ValueError:
        n = None
    return Int64(n if n is not None and -(1 << 63) <= n < 1 << 63 else 0)


@func("string", "string")
def _split(sep: str, s: str) -> dict[str, Any]:
    parts = _go_split(s, sep, -1)
    return {f"_{i}": p for i, p in enumerate(parts)}


def _go_split(s: str, sep: str, n: int) -> list[str]:
    if n == 0:
        return []
    if sep == "":
        chars = list(s)
        if n > 0 and len(chars) > n:
            return [*chars[: n - 1], "".join(chars[n - 1 :])]
        return chars
    if n < 0:
        return s.split(sep)
    return s.split(sep, n - 1)


@func("string", "int", "string")
def _splitn(sep: str, n: int, s: str) -> dict[str, Any]:
    return {f"_{i}": p for i, p in enumerate(_go_split(s, sep, n))}


@func("string", "string")
def _split_list(sep: str, s: str) -> StrList:
    limits().check_size(len(s))
    return StrList(_go_split(s, sep, -1))


@func("any")
def _to_strings(v: Any) -> StrList:
    return StrList(_strslice(v))


@func("int")
def _until(n: int) -> list[Any]:
    return list(_until_step.fn(0, n, 1 if n >= 0 else -1))


@func("int", "int", "int")
def _until_step(start: int, stop: int, step: int) -> list[Any]:
    return _until_step_list(start, stop, step)


def _until_step_list(start: int, stop: int, step: int) -> list[Any]:
    if stop < start:
        if step >= 0:
            return []
    elif step <= 0:
        return []
    limits().check_size(abs((stop - start) // step))
    return list(range(start, stop, step))


@func(variadic="int")
def _seq(*params: int) -> str:
    inc = 1
    if len(params) == 1:
        if params[0] < 1:
            inc = -1
        nums = _until_step_list(1, params[0] + inc, inc)
    elif len(params) == 2:
        start, end = params
        step = -1 if end < start else 1
        nums = _until_step_list(start, end + step, step)
    elif len(params) == 3:
        start, step, end = params
        if end < start:
            inc = -1
            if step > 0:
                return ""
        nums = _until_step_list(start, end + inc, step)
    else:
        return ""
    return " ".join(str(n) for n in nums)


@func("any")
def _add1(v: Any) -> Int64:
    return _wrap64(to_int64(v) + 1)


@func(variadic="any")
def _add(*vs: Any) -> Int64:
    return _wrap64(sum(to_int64(v) for v in vs))


@func("any", "any")
def _sub(a: Any, b: Any) -> Int64:
    return _wrap64(to_int64(a) - to_int64(b))


@func("any", "any")
def _div(a: Any, b: Any) -> Int64:
    return _wrap64(_go_div(to_int64(a), to_int64(b)))


@func("any", "any")
def _mod(a: Any, b: Any) -> Int64:
    return _wrap64(_go_mod(to_int64(a), to_int64(b)))


@func("any", variadic="any")
def _mul(a: Any, *vs: Any) -> Int64:
    r = to_int64(a)
    for v in vs:
        r = int(_wrap64(r * to_int64(v)))
    return _wrap64(r)


@func("any", variadic="any")
def _max(a: Any, *vs: Any) -> Int64:
    return Int64(max([to_int64(a), *(to_int64(v) for v in vs)]))


@func("any", variadic="any")
def _min(a: Any, *vs: Any) -> Int64:
    return Int64(min([to_int64(a), *(to_int64(v) for v in vs)]))


@func("any", variadic="any")
def _maxf(a: Any, *vs: Any) -> float:
    r = to_float64(a)
    for v in vs:
        r = max(r, to_float64(v))
    return r


@func("any", variadic="any")
def _minf(a: Any, *vs: Any) -> float:
    r = to_float64(a)
    for v in vs:
        r = min(r, to_float64(v))
    return r


def _dec(v: Any) -> decimal.Decimal:
    f = to_float64(v)
    if math.isnan(f) or math.isinf(f):
        raise GoError("Cannot create a Decimal from NaN or Inf")
    return decimal.Decimal(repr(f))


def _dec_op(a: Any, bs: tuple[Any, ...], op: str) -> float:
    ctx = decimal.Context(prec=100, rounding=decimal.ROUND_HALF_UP)
    r = _dec(a)
    for b in bs:
        d = _dec(b)
        if op == "+":
            r = ctx.add(r, d)
        elif op == "-":
            r = ctx.subtract(r, d)
        elif op == "*":
            r = ctx.multiply(r, d)
        else:
            if d == 0:
                raise GoError("decimal division by 0")
            r = ctx.divide(r, d).quantize(decimal.Decimal(1).scaleb(-16), rounding=decimal.ROUND_HALF_UP)
    return float(r) or 0.0  # a decimal has no negative zero


@func("any")
def _add1f(a: Any) -> float:
    return _dec_op(a, (1,), "+")


@func(variadic="any")
def _addf(*vs: Any) -> float:
    return _dec_op(0.0, vs, "+")


@func("any", variadic="any")
def _subf(a: Any, *vs: Any) -> float:
    return _dec_op(a, vs, "-")


@func("any", variadic="any")
def _mulf(a: Any, *vs: Any) -> float:
    return _dec_op(a, vs, "*")


@func("any", variadic="any")
def _divf(a: Any, *vs: Any) -> float:
    return _dec_op(a, vs, "/")


@func("any")
def _floor(a: Any) -> float:
    f = to_float64(a)
    return float(math.floor(f)) if math.isfinite(f) else f


@func("any")
def _ceil(a: Any) -> float:
    f = to_float64(a)
    return float(math.ceil(f)) if math.isfinite(f) else f


@func("any", "int", variadic="float64")
def _round(a: Any, p: int, *ropt: float) -> float:
    round_on = ropt[0] if ropt else 0.5
    val = to_float64(a)
    pow_ = math.pow(10, float(p))
    digit = pow_ * val
    frac = math.modf(digit)[0]
    r = math.ceil(digit) if frac >= round_on else math.floor(digit)
    return r / pow_


@func("string", "any")
def _join(sep: str, v: Any) -> str:
    return sep.join(_strslice(v))


@func("any")
def _sort_alpha(v: Any) -> StrList:
    if _is_list(v):
        return StrList(sorted(_strslice(v), key=_b))
    return StrList([strval(v)])


@func("any", variadic="any")
def _default(d: Any, *given: Any) -> Any:
    if not given or empty(given[0]):
        return d
    return given[0]


@func("any")
def _empty(v: Any) -> bool:
    return empty(v)


@func(variadic="any")
def _coalesce(*vs: Any) -> Any:
    for v in vs:
        if not empty(v):
            return v
    return None


@func(variadic="any")
def _all(*vs: Any) -> bool:
    return all(not empty(v) for v in vs)


@func(variadic="any")
def _any(*vs: Any) -> bool:
    return any(not empty(v) for v in vs)


@func("any")
def _compact(v: Any) -> list[Any]:
    return [x for x in _copy_list(v, "compact on") if not empty(x)]


@func("string")
def _from_json_f(s: str) -> Any:
    try:
        return _from_json(s)
    except GoError:
        return None


@func("string")
def _must_from_json(s: str) -> Any:
    return _from_json(s)


@func("any")
def _to_json(v: Any) -> str:
    try:
        return to_json(v)
    except GoError:
        return ""


@func("any")
def _must_to_json(v: Any) -> str:
    return to_json(v)


@func("any")
def _to_pretty_json(v: Any) -> str:
    try:
        return to_json(v, "  ")
    except GoError:
        return ""


@func("any")
def _must_to_pretty_json(v: Any) -> str:
    return to_json(v, "  ")


@func("any")
def _to_raw_json(v: Any) -> str:
    return to_json(v, None, False)


@func("any", "any", "bool")
def _ternary(vt: Any, vf: Any, v: bool) -> Any:
    return vt if v else vf


@func("any")
def _deep_copy(v: Any) -> Any:
    if v is None:
        raise GoError("reflect: call of reflect.Value.Type on zero Value")
    return copy.deepcopy(v)


@func("any")
def _must_deep_copy(v: Any) -> Any:
    if v is None:
        raise GoError("copy: nil value")
    return copy.deepcopy(v)


@func("any")
def _type_of(v: Any) -> str:
    return type_name(v)


@func("string", "any")
def _type_is(t: str, v: Any) -> bool:
    return t == type_name(v)


@func("string", "any")
def _type_is_like(t: str, v: Any) -> bool:
    s = type_name(v)
    return t in (s, "*" + s)


@func("any")
def _kind_of(v: Any) -> str:
    return _kind_err(v)


@func("string", "any")
def _kind_is(t: str, v: Any) -> bool:
    return t == _kind_err(v)


@func("any", "any")
def _deep_equal_f(a: Any, b: Any) -> bool:
    return _deep_equal(a, b)


@func("string")
def _base(p: str) -> str:
    return _path_base(p)


@func("string")
def _dir(p: str) -> str:
    return _path_dir(p)


@func("string")
def _clean(p: str) -> str:
    return _path_clean(p)


@func("string")
def _ext(p: str) -> str:
    return _path_ext(p)


@func("string")
def _is_abs(p: str) -> bool:
    return p.startswith("/")


@func("string")
def _b64enc(s: str) -> str:
    return base64.b64encode(_b(s)).decode()


def _b64_error(s: str, alphabet: str, block: int) -> str:
    for i, c in enumerate(s):
        if c not in alphabet and c not in "\r\n":
            return f"illegal base{'64' if block == 4 else '32'} data at input byte {i}"
    return f"illegal base{'64' if block == 4 else '32'} data at input byte {len(s)}"


_B64_ALPHABET = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")


def _b64_corrupt_at(data: bytes) -> int | None:
    """Where Go's base64.StdEncoding finds the input corrupt (None: it decodes); CR and LF are
    skipped, padding must complete the last quantum and nothing may follow it."""
    n = len(data)
    si = 0
    while True:
        j = 0
        while j < 4:
            if si == n:
                return None if j == 0 else si - j
            c = data[si]
            si += 1
            if c in _B64_ALPHABET:
                j += 1
                continue
            if c in b"\r\n":
                continue
            if c != ord("=") or j < 2:
                return si - 1
            if j == 2:
                while si < n and data[si] in b"\r\n":
                    si += 1
                if si == n:
                    return n
                if data[si] != ord("="):
                    return si - 1
                si += 1
            while si < n and data[si] in b"\r\n":
                si += 1
            return si if si < n else None


@func("string")
def _b64dec(s: str) -> str:
    data = _b(s)
    bad = _b64_corrupt_at(data)
    if bad is not None:
        return f"illegal base64 data at input byte {bad}"
    return _s(base64.b64decode(data.replace(b"\r", b"").replace(b"\n", b"")))


@func("string")
def _b32enc(s: str) -> str:
    return base64.b32encode(_b(s)).decode()


@func("string")
def _b32dec(s: str) -> str:
    try:
        return _s(base64.b32decode(_b(s)))
    except (binascii.Error, ValueError):
        return _b64_error(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567=", 8)


@func(variadic="any")
def _list(*vs: Any) -> list[Any]:
    return list(vs)


@func(variadic="any")
def _dict(*vs: Any) -> dict[str, Any]:
    d: dict[str, Any] = {}
    for i in range(0, len(vs), 2):
        k = strval(vs[i])
        d[k] = vs[i + 1] if i + 1 < len(vs) else ""
    return d


@func("map", "string")
def _get(d: dict[str, Any] | None, k: str) -> Any:
    if d is not None and k in d:
        return d[k]
    return ""


@func("map", "string", "any")
def _set(d: dict[str, Any] | None, k: str, v: Any) -> dict[str, Any]:
    if d is None:
        raise GoError("assignment to entry in nil map")
    d[k] = v
    return d


@func("map", "string")
def _unset(d: dict[str, Any] | None, k: str) -> dict[str, Any] | None:
    if d is not None:
        d.pop(k, None)
    return d


@func("map", "string")
def _has_key(d: dict[str, Any] | None, k: str) -> bool:
    return d is not None and k in d


@func("string", variadic="map")
def _pluck(k: str, *ds: dict[str, Any] | None) -> list[Any]:
    return [d[k] for d in ds if d is not None and k in d]


@func(variadic="map")
def _keys(*ds: dict[str, Any] | None) -> StrList:
    return StrList(k for d in ds if d for k in d)


@func("map", variadic="string")
def _pick(d: dict[str, Any] | None, *ks: str) -> dict[str, Any]:
    return {k: d[k] for k in ks if d is not None and k in d}


@func("map", variadic="string")
def _omit(d: dict[str, Any] | None, *ks: str) -> dict[str, Any]:
    return {k: v for k, v in (d or {}).items() if k not in ks}


@func("map")
def _values(d: dict[str, Any] | None) -> list[Any]:
    return list((d or {}).values())


@func("any", "any")
def _push(lst: Any, v: Any) -> list[Any]:
    return [*_copy_list(lst, "push on"), v]


@func("any", "any")
def _prepend(lst: Any, v: Any) -> list[Any]:
    return [v, *_copy_list(lst, "prepend on")]


@func("any")
def _first(lst: Any) -> Any:
    items = _copy_list(lst, "find first on")
    return items[0] if items else None


@func("any")
def _last(lst: Any) -> Any:
    items = _copy_list(lst, "find last on")
    return items[-1] if items else None


@func("any")
def _rest(lst: Any) -> Any:
    items = _copy_list(lst, "find rest on")
    return items[1:] if items else NilSlice()


@func("any")
def _initial(lst: Any) -> Any:
    items = _copy_list(lst, "find initial on")
    return items[:-1] if items else NilSlice()


@func("any")
def _reverse(lst: Any) -> list[Any]:
    return list(reversed(_copy_list(lst, "find reverse on")))


@func("any")
def _uniq(lst: Any) -> list[Any]:
    out: list[Any] = []
    for x in _copy_list(lst, "find uniq on"):
        limits().charge(len(out) // 16)
        if not _in_list(out, x):
            out.append(x)
    return out


@func("any", variadic="any")
def _without(lst: Any, *omit: Any) -> list[Any]:
    return [x for x in _copy_list(lst, "find without on") if not _in_list(list(omit), x)]


@func("any", "any")
def _has(needle: Any, hay: Any) -> bool:
    if hay is None:
        return False
    return _in_list(_copy_list(hay, "find has on"), needle)


@func("any", variadic="any")
def _slice(lst: Any, *idx: Any) -> Any:
    if not _is_list(lst) and not isinstance(lst, bytes):
        raise GoError(f"list should be type of slice or array but {_kind_err(lst)}")
    items = list(lst)
    if not items:
        return None
    start = int(_wrap64(to_int64(idx[0]))) if idx else 0
    end = int(_wrap64(to_int64(idx[1]))) if len(idx) >= 2 else len(items)
    if not 0 <= start <= end <= len(items):
        raise GoError("reflect: slice index out of range")
    out = items[start:end]
    return StrList(out) if isinstance(lst, StrList) else out


@func(variadic="any")
def _concat(*lists: Any) -> Any:
    res: list[Any] = NilSlice()
    for lst in lists:
        if not _is_list(lst):
            raise GoError(f"Cannot concat type {_kind_err(lst)} as list")
        if lst:
            res = [*res, *lst]
    return res


def _is_interface_map(v: Any) -> bool:
    return isinstance(v, dict) and type_name(v) == "map[string]interface {}"


def _not_a_map(v: Any) -> str:
    return f"interface conversion: interface {{}} is {type_name(v)}, not map[string]interface {{}}"


@func(variadic="any")
def _dig(*ps: Any) -> Any:
    if len(ps) < 3:
        raise GoError("dig needs at least three arguments")
    d = ps[-1]
    default = ps[-2]
    keys = ps[:-2]
    if not _is_interface_map(d):
        raise GoError(
            f"interface conversion: interface {{}} is {type_name(d)}, not map[string]interface {{}}"
        )
    for k in keys:
        if not isinstance(k, str):
            raise GoError(f"interface conversion: interface {{}} is {type_name(k)}, not string")
    for i, k in enumerate(keys):
        if k not in d:
            return default
        v = d[k]
        if i == len(keys) - 1:
            return v
        if not _is_interface_map(v):
            raise GoError(
                f"interface conversion: interface {{}} is {type_name(v)}, not map[string]interface {{}}"
            )
        d = v
    return default


@func("int", "any")
def _chunk(size: int, lst: Any) -> list[Any]:
    items = _copy_list(lst, "chunk")
    if size <= 0:
        raise GoError("runtime error: integer divide by zero")
    return [items[i : i + size] for i in range(0, len(items), size)]


def _semver_error(e: Exception) -> str:
    """Masterminds' error kind, without the offending text (it may come from the data)."""
    msg = str(e)
    return msg.split(":", 1)[0] if ":" in msg else msg


@func("string", "string")
def _semver_compare(constraint: str, version: str) -> bool:
    from controllers.policy.semver_range import SemverRange
    from controllers.policy.semver_version import parse_loose

    try:
        rng = SemverRange.parse(constraint)
        key, _ = parse_loose(version)
    except ValueError as e:
        raise GoError(_semver_error(e)) from None
    return bool(rng.check(key))


@func("string")
def _fail(msg: str) -> str:
    raise GoError(msg)


@func("string", "string")
def _regex_match(pattern: str, s: str) -> bool:
    try:
        return _re(pattern).search(s) is not None
    except GoError:
        return False


@func("string", "string")
def _must_regex_match(pattern: str, s: str) -> bool:
    return _re(pattern).search(s) is not None


@func("string", "string", "int")
def _regex_find_all(pattern: str, s: str, n: int) -> StrList:
    try:
        return StrList(_find_all(pattern, s, n))
    except GoError:
        return StrList()


@func("string", "string", "int")
def _must_regex_find_all(pattern: str, s: str, n: int) -> StrList:
    return StrList(_find_all(pattern, s, n))


@func("string", "string")
def _regex_find(pattern: str, s: str) -> str:
    try:
        m = _re(pattern).search(s)
    except GoError:
        return ""
    return m.group(0) if m else ""


@func("string", "string")
def _must_regex_find(pattern: str, s: str) -> str:
    m = _re(pattern).search(s)
    return m.group(0) if m else ""


@func("string", "string", "string")
def _regex_replace_all(pattern: str, s: str, repl: str) -> str:
    try:
        return _replace_all(pattern, s, lambda m: _expand(repl, m))
    except GoError:
        return ""


@func("string", "string", "string")
def _must_regex_replace_all(pattern: str, s: str, repl: str) -> str:
    return _replace_all(pattern, s, lambda m: _expand(repl, m))


@func("string", "string", "string")
def _regex_replace_all_literal(pattern: str, s: str, repl: str) -> str:
    try:
        return _replace_all(pattern, s, lambda m: repl)
    except GoError:
        return ""


@func("string", "string", "string")
def _must_regex_replace_all_literal(pattern: str, s: str, repl: str) -> str:
    return _replace_all(pattern, s, lambda m: repl)


@func("string", "string", "int")
def _regex_split(pattern: str, s: str, n: int) -> StrList:
    try:
        return StrList(_split_by_regex(pattern, s, n))
    except GoError:
        return StrList()


@func("string", "string", "int")
def _must_regex_split(pattern: str, s: str, n: int) -> StrList:
    return StrList(_split_by_regex(pattern, s, n))


@func("string")
def _regex_quote_meta(s: str) -> str:
    return _quote_meta(s)


def _hello() -> str:
    return "Hello!"


SPRIG: dict[str, Func] = {
    "hello": Func(_hello),
    "abbrev": _abbrev,
    "abbrevboth": _abbrevboth,
    "trunc": _trunc,
    "trim": _trim,
    "upper": _upper_f,
    "lower": _lower_f,
    "title": _title_f,
    "untitle": _untitle,
    "substr": _substr,
    "repeat": _repeat,
    "trimall": _trim_all,
    "trimAll": _trim_all,
    "trimSuffix": _trim_suffix,
    "trimPrefix": _trim_prefix,
    "nospace": _nospace,
    "initials": _initials_f,
    "swapcase": _swapcase_f,
    "contains": _contains,
    "hasPrefix": _has_prefix,
    "hasSuffix": _has_suffix,
    "quote": _quote,
    "squote": _squote,
    "cat": _cat,
    "indent": _indent,
    "nindent": _nindent,
    "replace": _replace,
    "plural": _plural,
    "sha1sum": _sha1,
    "sha256sum": _sha256,
    "sha512sum": _sha512,
    "adler32sum": _adler32,
    "toString": _to_string,
    "atoi": _atoi,
    "int64": _int64,
    "int": _int,
    "float64": _float64,
    "seq": _seq,
    "toDecimal": _to_decimal,
    "split": _split,
    "splitList": _split_list,
    "splitn": _splitn,
    "toStrings": _to_strings,
    "until": _until,
    "untilStep": _until_step,
    "add1": _add1,
    "add": _add,
    "sub": _sub,
    "div": _div,
    "mod": _mod,
    "mul": _mul,
    "add1f": _add1f,
    "addf": _addf,
    "subf": _subf,
    "divf": _divf,
    "mulf": _mulf,
    "biggest": _max,
    "max": _max,
    "min": _min,
    "maxf": _maxf,
    "minf": _minf,
    "ceil": _ceil,
    "floor": _floor,
    "round": _round,
    "join": _join,
    "sortAlpha": _sort_alpha,
    "default": _default,
    "empty": _empty,
    "coalesce": _coalesce,
    "all": _all,
    "any": _any,
    "compact": _compact,
    "mustCompact": _compact,
    "fromJson": _from_json_f,
    "toJson": _to_json,
    "toPrettyJson": _to_pretty_json,
    "toRawJson": _to_raw_json,
    "mustFromJson": _must_from_json,
    "mustToJson": _must_to_json,
    "mustToPrettyJson": _must_to_pretty_json,
    "mustToRawJson": _to_raw_json,
    "ternary": _ternary,
    "deepCopy": _deep_copy,
    "mustDeepCopy": _must_deep_copy,
    "typeOf": _type_of,
    "typeIs": _type_is,
    "typeIsLike": _type_is_like,
    "kindOf": _kind_of,
    "kindIs": _kind_is,
    "deepEqual": _deep_equal_f,
    "base": _base,
    "dir": _dir,
    "clean": _clean,
    "ext": _ext,
    "isAbs": _is_abs,
    "osBase": _base,
    "osClean": _clean,
    "osDir": _dir,
    "osExt": _ext,
    "osIsAbs": _is_abs,
    "b64enc": _b64enc,
    "b64dec": _b64dec,
    "b32enc": _b32enc,
    "b32dec": _b32dec,
    "tuple": _list,
    "list": _list,
    "dict": _dict,
    "get": _get,
    "set": _set,
    "unset": _unset,
    "hasKey": _has_key,
    "pluck": _pluck,
    "keys": _keys,
    "pick": _pick,
    "omit": _omit,
    "values": _values,
    "append": _push,
    "push": _push,
    "mustAppend": _push,
    "mustPush": _push,
    "prepend": _prepend,
    "mustPrepend": _prepend,
    "first": _first,
    "mustFirst": _first,
    "rest": _rest,
    "mustRest": _rest,
    "last": _last,
    "mustLast": _last,
    "initial": _initial,
    "mustInitial": _initial,
    "reverse": _reverse,
    "mustReverse": _reverse,
    "uniq": _uniq,
    "mustUniq": _uniq,
    "without": _without,
    "mustWithout": _without,
    "has": _has,
    "mustHas": _has,
    "slice": _slice,
    "mustSlice": _slice,
    "concat": _concat,
    "dig": _dig,
    "chunk": _chunk,
    "mustChunk": _chunk,
    "semverCompare": _semver_compare,
    "fail": _fail,
    "regexMatch": _regex_match,
    "mustRegexMatch": _must_regex_match,
    "regexFindAll": _regex_find_all,
    "mustRegexFindAll": _must_regex_find_all,
    "regexFind": _regex_find,
    "mustRegexFind": _must_regex_find,
    "regexReplaceAll": _regex_replace_all,
    "mustRegexReplaceAll": _must_regex_replace_all,
    "regexReplaceAllLiteral": _regex_replace_all_literal,
    "mustRegexReplaceAllLiteral": _must_regex_replace_all_literal,
    "regexSplit": _regex_split,
    "mustRegexSplit": _must_regex_split,
    "regexQuoteMeta": _regex_quote_meta,
}

#: Hermetic sprig functions this engine does not provide; a template naming one fails to parse.
MISSING_FUNCS = (
    *("ago", "toDate", "mustToDate", "unixEpoch", "mustDateModify", "must_date_modify"),
    *("snakecase", "camelcase", "kebabcase"),
    *("bcrypt", "htpasswd", "genPrivateKey", "derivePassword", "buildCustomCert", "genCA"),
    *("genCAWithKey", "genSelfSignedCert", "genSelfSignedCertWithKey", "genSignedCert"),
    *("genSignedCertWithKey", "encryptAES", "decryptAES"),
)


def func_map() -> dict[str, Func]:
    """Go's builtins overlaid with sprig's map (sprig's `slice` wins, as in Go)."""
    from .sprig_extra import EXTRA

    return {**BUILTINS, **SPRIG, **EXTRA}


__all__ = ["MISSING_FUNCS", "SPRIG", "func_map"]

"""Go's time.Duration text form: ParseDuration and Duration.String().

Flux specs, CLI flags and messages use this syntax (``1m30s``, ``500ms``); error texts match Go's.
Durations are float seconds at the API; nanoseconds are exact integers underneath.
"""

from __future__ import annotations

NANOSECOND = 1
MICROSECOND = 1000
MILLISECOND = 1000 * MICROSECOND
SECOND = 1000 * MILLISECOND
MINUTE = 60 * SECOND
HOUR = 60 * MINUTE

_UNITS: dict[bytes, int] = {
    b"ns": NANOSECOND,
    b"us": MICROSECOND,
    "µs".encode(): MICROSECOND,  # U+00B5 micro sign
    "μs".encode(): MICROSECOND,  # U+03BC Greek mu
    b"ms": MILLISECOND,
    b"s": SECOND,
    b"m": MINUTE,
    b"h": HOUR,
}
_MAX = 1 << 63


class DurationError(ValueError):
    """A string Go's time.ParseDuration rejects; the message is Go's."""


def _quote(b: bytes) -> str:
    """time.quote: non-ASCII and control bytes as \\xNN, quotes and backslashes escaped."""
    out = ['"']
    for byte in b:
        if byte >= 0x80 or byte < 0x20:
            out.append(f"\\x{byte:02x}")
        else:
            c = chr(byte)
            if c in '"\\':
                out.append("\\")
            out.append(c)
    out.append('"')
    return "".join(out)


def parse_duration_ns(text: str) -> int:
    """time.ParseDuration in nanoseconds (an int64 range value)."""
    orig = text.encode("utf-8")
    s = orig
    invalid = DurationError("time: invalid duration " + _quote(orig))
    neg = False
    if s and s[:1] in (b"-", b"+"):
        neg = s[:1] == b"-"
        s = s[1:]
    if s == b"0":
        return 0
    if not s:
        raise invalid
    total = 0
    while s:
        if not (s[0] == ord(".") or ord("0") <= s[0] <= ord("9")):
            raise invalid
        # leading integer
        i = 0
        v = 0
        while i < len(s) and ord("0") <= s[i] <= ord("9"):
            if v > _MAX // 10:
                raise invalid
            v = v * 10 + s[i] - ord("0")
            if v > _MAX:
                raise invalid
            i += 1
        pre = i > 0
        s = s[i:]
        f, scale, post = 0, 1.0, False
        if s[:1] == b".":
            s = s[1:]
            i = 0
            overflow = False
            while i < len(s) and ord("0") <= s[i] <= ord("9"):
                if not overflow:
                    if f > (_MAX - 1) // 10:
                        overflow = True
                    else:
                        y = f * 10 + s[i] - ord("0")
                        if y > _MAX:
                            overflow = True
                        else:
                            f = y
                            scale *= 10
                i += 1
            post = i > 0
            s = s[i:]
        if not pre and not post:
            raise invalid
        i = 0
        while i < len(s) and not (s[i] == ord(".") or ord("0") <= s[i] <= ord("9")):
            i += 1
        if i == 0:
            raise DurationError("time: missing unit in duration " + _quote(orig))
        unit_b = s[:i]
        s = s[i:]
        unit = _UNITS.get(unit_b)
        if unit is None:
            raise DurationError("time: unknown unit " + _quote(unit_b) + " in duration " + _quote(orig))
        if v > _MAX // unit:
            raise invalid
        v *= unit
        if f > 0:
            v += int(float(f) * (float(unit) / scale))
            if v > _MAX:
                raise invalid
        total += v
        if total > _MAX:
            raise invalid
    if neg:
        return -total
    if total > _MAX - 1:
        raise invalid
    return total


def parse_duration(text: str) -> float:
    """time.ParseDuration as float seconds."""
    return parse_duration_ns(text) / SECOND


def _fmt_frac(v: int, prec: int) -> tuple[str, int]:
    """Go's fmtFrac: the fraction digits (trailing zeros dropped) and the integer part left."""
    digits = []
    printed = False
    for _ in range(prec):
        digit = v % 10
        printed = printed or digit != 0
        if printed:
            digits.append(str(digit))
        v //= 10
    frac = ("." + "".join(reversed(digits))) if printed else ""
    return frac, v


def format_duration_ns(ns: int) -> str:
    """time.Duration(ns).String(): ``1h0m0s``, ``1.5s``, ``500ms``, ``1µs``, ``0s``."""
    neg = ns < 0
    u = -ns if neg else ns
    if u < SECOND:
        if u == 0:
            return "0s"
        if u < MICROSECOND:
            prec, unit = 0, "ns"
        elif u < MILLISECOND:
            prec, unit = 3, "µs"
        else:
            prec, unit = 6, "ms"
        frac, u = _fmt_frac(u, prec)
        out = f"{u}{frac}{unit}"
    else:
        frac, u = _fmt_frac(u, 9)
        out = f"{u % 60}{frac}s"
        u //= 60
        if u > 0:
            out = f"{u % 60}m" + out
            u //= 60
            if u > 0:
                out = f"{u}h" + out
    return ("-" if neg else "") + out


def format_duration(seconds: float) -> str:
    """Duration.String() of ``seconds`` (rounded to the nearest nanosecond)."""
    return format_duration_ns(round(seconds * SECOND))

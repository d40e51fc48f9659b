"""Go's ``strconv.ParseFloat(s, 64)``: the numerical policy accepts exactly what Flux accepts.

Python's ``float()`` is close but not equal: it trims whitespace, reads Unicode digits and
``+nan``, and returns ``inf`` for ``1e400`` where Go reports a range error; Go in turn reads
hexadecimal floats (``0x1p-2``) and ``inFinity``. A tag like ``1_000`` is a number in Go and so here.
"""

from __future__ import annotations

import math
import re

_PLAIN = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_DECIMAL = re.compile(r"[+-]?[0-9_]*\.?[0-9_]*(?:[eE][+-]?[0-9][0-9_]*)?")
_HEX = re.compile(r"[+-]?0[xX][0-9a-fA-F_]*\.?[0-9a-fA-F_]*[pP][+-]?[0-9][0-9_]*")
_SPECIAL = re.compile(r"(?i:([+-]?)(inf|infinity)|(nan))")
_HEX_DIGIT = re.compile(r"[0-9a-fA-F]")
_DIGIT = re.compile(r"[0-9]")


def _underscore_ok(s: str) -> bool:
    """Go's rule: an underscore only between digits, or between a base prefix and a digit."""
    saw = "^"
    i = 0
    if s[:1] in ("-", "+"):
        s = s[1:]
    hexa = False
    if len(s) >= 2 and s[0] == "0" and s[1].lower() in ("b", "o", "x"):
        i = 2
        saw = "0"
        hexa = s[1].lower() == "x"
    while i < len(s):
        ch = s[i]
        i += 1
        if "0" <= ch <= "9" or (hexa and "a" <= ch.lower() <= "f"):
            saw = "0"
            continue
        if ch == "_":
            if saw != "0":
                return False
            saw = "_"
            continue
        if saw == "_":
            return False
        saw = "!"
    return saw != "_"


def parse_go_float(s: str) -> float | None:
    """The value Go's ``ParseFloat(s, 64)`` returns, or None where Go returns an error."""
    if _PLAIN.fullmatch(s):
        value = float(s)
        return None if math.isinf(value) else value
    special = _SPECIAL.fullmatch(s)
    if special is not None:
        if special.group(3):
            return math.nan
        return -math.inf if special.group(1) == "-" else math.inf
    if _HEX.fullmatch(s):
        mantissa = s.split("p")[0].split("P")[0]
        if not _HEX_DIGIT.search(mantissa[mantissa.lower().index("x") + 1 :]):
            return None
        if "_" in s and not _underscore_ok(s):
            return None
        try:
            value = float.fromhex(s.replace("_", ""))
        except (OverflowError, ValueError):
            return None
        return None if math.isinf(value) else value
    if _DECIMAL.fullmatch(s) and "_" in s:
        mantissa = re.split(r"[eE]", s, maxsplit=1)[0]
        if not _DIGIT.search(mantissa) or not _underscore_ok(s):
            return None
        value = float(s.replace("_", ""))
        return None if math.isinf(value) else value
    return None

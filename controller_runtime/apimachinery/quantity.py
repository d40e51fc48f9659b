"""Resource quantities as kube-apiserver stores them (k8s.io/apimachinery's resource.Quantity).

The API server decodes every quantity of a built-in object and writes it back in its
canonical form: `1000m` is stored as `"1"`, `1024Mi` as `"1Gi"`, `0.5` as `"500m"`. A client
that compares what it applied with what it reads (kubectl's client-side apply, drift
detection) sees the difference, so the embedded server must store the same text.

The rules are Go's: a string whose form the parser deems canonical already is kept as
written (`1E6`, `1Ki`), other values are reduced to the largest exponent (a multiple of 3,
or of 1024 for binary suffixes) with an integer mantissa, non-zero values round up to a
nano, and binary values above 2^63-1 are capped there.
"""

from __future__ import annotations

from decimal import ROUND_CEILING, Decimal, localcontext

DECIMAL_SI = "DecimalSI"
BINARY_SI = "BinarySI"
DECIMAL_EXPONENT = "DecimalExponent"

_DECIMAL_SUFFIXES = {"n": -9, "u": -6, "m": -3, "": 0, "k": 3, "M": 6, "G": 9, "T": 12, "P": 15, "E": 18}
_BINARY_SUFFIXES = {"Ki": 10, "Mi": 20, "Gi": 30, "Ti": 40, "Pi": 50, "Ei": 60}
_DECIMAL_NAMES = {v: k for k, v in _DECIMAL_SUFFIXES.items()}
_BINARY_NAMES = {v // 10: k for k, v in _BINARY_SUFFIXES.items()} | {0: ""}
_SUFFIX_CHARS = frozenset("eEinumkKMGTP")
_MAX_INT64 = 2**63 - 1
_MAX_INT64_FACTORS = 18
_NANO = -9
_MILLI = -3

FORMAT_ERROR = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"


SUFFIX_ERROR = "unable to parse quantity's suffix"


class QuantityError(ValueError):
    """Not a quantity (the message is kube's)."""


def _split(s: str) -> tuple[bool, str, str, str, str]:
    """parseQuantityString: sign, the numeric text, integer digits (no leading zeros),
    fraction digits and suffix."""
    positive, pos, end = True, 0, len(s)
    if s[0] in "+-":
        positive = s[0] != "-"
        pos = 1
    while pos < end and s[pos] == "0":
        pos += 1
    if pos >= end:
        return positive, "0", "0", "", ""
    start = pos
    while pos < end and s[pos].isdigit() and s[pos].isascii():
        pos += 1
    num = s[start:pos] or "0"
    if pos >= end:
        return positive, s, num, "", ""
    denom = ""
    if s[pos] == ".":
        pos += 1
        start = pos
        while pos < end and s[pos].isdigit() and s[pos].isascii():
            pos += 1
        denom = s[start:pos]
        if pos >= end:
            return positive, s, num, denom, ""
    value = s[:pos]
    suffix_start = pos
    while pos < end and s[pos] in _SUFFIX_CHARS:
        pos += 1
    if pos < end and s[pos] in "+-":
        pos += 1
    while pos < end and s[pos].isdigit() and s[pos].isascii():
        pos += 1
    if pos < end:
        raise QuantityError(FORMAT_ERROR)
    return positive, value, num, denom, s[suffix_start:]


def _interpret(suffix: str) -> tuple[int, int, str]:
    """(base, exponent, format) of a suffix."""
    if suffix in _DECIMAL_SUFFIXES:
        return 10, _DECIMAL_SUFFIXES[suffix], DECIMAL_SI
    if suffix in _BINARY_SUFFIXES:
        return 2, _BINARY_SUFFIXES[suffix], BINARY_SI
    if len(suffix) > 1 and suffix[0] in "eE":
        digits = suffix[1:].lstrip("+-")
        if digits.isdigit() and digits.isascii() and suffix[1:].count("-") + suffix[1:].count("+") <= 1:
            return 10, int(suffix[1:]), DECIMAL_EXPONENT
    raise QuantityError(SUFFIX_ERROR)


def canonical(text: str, *, milli: bool = False) -> str:
    """The text kube-apiserver stores for the quantity `text` (QuantityError if it is none).

    `milli`: the value is in a core/v1 ResourceList (a container's limits and requests, say),
    whose defaulting rounds finer values up to a thousandth.
    """
    if not text:
        raise QuantityError(FORMAT_ERROR)
    if text == "0":
        return text
    positive, value, num, denom, suffix = _split(text)
    base, exponent, fmt = _interpret(suffix)
    # ParseQuantity's int64 fast path, which keeps a string it deems canonical as written.
    scale, mantissa = 0, 1
    if fmt == BINARY_SI:
        if exponent >= 0 and not denom:
            mantissa = 1 << exponent
            precision = 15 - len(num) - int(exponent * 3 / 10) - 1
        else:
            precision = -1
    else:
        scale = exponent
        precision = _MAX_INT64_FACTORS - (len(num) + len(denom))
    if precision >= 0:
        scale -= len(denom)
        if scale >= _NANO:
            shifted = num + denom
            digits = int(shifted)
            result = digits * mantissa
            if result <= _MAX_INT64:
                if milli and scale < _MILLI:  # RoundUp(-3): away from zero, and the text is redone
                    step = 10 ** (_MILLI - scale)
                    return _format((-1 if not positive else 1) * -(-result // step), _MILLI, fmt)
                if fmt == BINARY_SI:
                    keep = exponent % 10 == 0 and digits & 0x07 != 0
                else:
                    keep = scale % 3 == 0 and not shifted.endswith("000") and shifted[0] != "0"
                if keep:
                    return text
                return _format(result if positive else -result, scale, fmt)
    with localcontext() as ctx:
        ctx.prec = 100
        amount = abs(Decimal(value))
        amount = amount.scaleb(exponent) if base == 10 else amount * (2**exponent)
        if amount != 0:
            amount = amount.quantize(Decimal("1e-9"), rounding=ROUND_CEILING)
        if milli and amount != 0 and amount != amount.quantize(Decimal("1e-3"), rounding=ROUND_CEILING):
            amount = amount.quantize(Decimal("1e-3"), rounding=ROUND_CEILING)
        if fmt == BINARY_SI and amount > _MAX_INT64:
            amount = Decimal(_MAX_INT64)
        if fmt == BINARY_SI and 0 < amount < 1:
            fmt = DECIMAL_SI
        sign, digit_tuple, exp = amount.normalize(ctx).as_tuple()
    unscaled = int("".join(map(str, digit_tuple)) or "0")
    if not positive or sign:
        unscaled = -unscaled
    return _format(unscaled, int(exp), fmt)


def _format(unscaled: int, scale: int, fmt: str) -> str:
    """CanonicalizeBytes of unscaled * 10**scale in `fmt`."""
    if unscaled == 0:
        return "0"
    if fmt == BINARY_SI:
        integral = scale >= 0 or unscaled % 10**-scale == 0
        value = unscaled * 10**scale if scale >= 0 else unscaled // 10**-scale
        if integral and not -1024 < value < 1024:
            power = 0
            while value % 1024 == 0:
                value //= 1024
                power += 1
            return f"{value}{_BINARY_NAMES[power]}"
        fmt = DECIMAL_SI
    while unscaled % 10 == 0:
        unscaled //= 10
        scale += 1
    shift = scale % 3  # Python's modulo: how far above the multiple of 3 below
    unscaled *= 10**shift
    scale -= shift
    if fmt == DECIMAL_EXPONENT:
        return f"{unscaled}e{scale}" if scale else str(unscaled)
    return f"{unscaled}{_DECIMAL_NAMES.get(scale, '')}"


def canonical_json(value: object, *, milli: bool = False) -> str:
    """`canonical` of a quantity as JSON has it: a string (spaces around it ignored) or a number."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise QuantityError(FORMAT_ERROR)
    return canonical(str(value).strip(), milli=milli)

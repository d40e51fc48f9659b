"""Field errors rendered exactly like k8s.io/apimachinery/pkg/util/validation/field.

kube-apiserver returns these strings to kubectl users verbatim, so the rendering of the bad
value follows Go's fmt verbs (%v for numbers and booleans, %q for strings, %#v otherwise).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from typing import Any


class ErrorType(Enum):
    """The field.ErrorType values; ``value`` is the Go constant's string, ``text`` its String()."""

    NOT_FOUND = ("FieldValueNotFound", "Not found")
    REQUIRED = ("FieldValueRequired", "Required value")
    DUPLICATE = ("FieldValueDuplicate", "Duplicate value")
    INVALID = ("FieldValueInvalid", "Invalid value")
    NOT_SUPPORTED = ("FieldValueNotSupported", "Unsupported value")
    FORBIDDEN = ("FieldValueForbidden", "Forbidden")
    TOO_LONG = ("FieldValueTooLong", "Too long")
    TOO_MANY = ("FieldValueTooMany", "Too many")
    INTERNAL = ("InternalError", "Internal error")
    TYPE_INVALID = ("FieldValueTypeInvalid", "Invalid value")
    TOO_SHORT = ("FieldValueTooShort", "Too short")
    TOO_FEW = ("FieldValueTooFew", "Too few")

    @property
    def reason(self) -> str:
        """The metav1.StatusCause type (e.g. ``FieldValueRequired``)."""
        return self.value[0]

    @property
    def text(self) -> str:
        return self.value[1]


class _Omit:
    """Marks an error whose bad value is not shown (Go's omitValue)."""

    def __repr__(self) -> str:
        return "<omitted>"


OMIT: Any = _Omit()


def _shortest(value: float) -> tuple[str, str, int]:
    """Sign, shortest round-trip digits and the decimal exponent of the leading digit."""
    _sign, digits_t, exponent = Decimal(repr(abs(value))).normalize().as_tuple()
    assert isinstance(exponent, int)
    digits = "".join(str(d) for d in digits_t)
    return ("-" if value < 0 else ""), digits, len(digits) - 1 + exponent


def _fixed(prefix: str, digits: str, exp10: int) -> str:
    point = exp10 + 1  # digits before the decimal point
    if point <= 0:
        return prefix + "0." + "0" * (-point) + digits
    if point >= len(digits):
        return prefix + digits + "0" * (point - len(digits))
    return prefix + digits[:point] + "." + digits[point:]


def _sci(prefix: str, digits: str, exp10: int) -> str:
    mant = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
    return f"{prefix}{mant}e{'-' if exp10 < 0 else '+'}{abs(exp10):02d}"


def go_float(value: float) -> str:
    """Go's %v for a float64 (strconv 'g', shortest): exponent form when exp < -4 or exp >= 6."""
    if math.isinf(value):
        return "+Inf" if value > 0 else "-Inf"
    if math.isnan(value):
        return "NaN"
    if value == 0:
        return "-0" if math.copysign(1.0, value) < 0 else "0"
    prefix, digits, exp10 = _shortest(value)
    if exp10 < -4 or exp10 >= 6:
        return _sci(prefix, digits, exp10)
    return _fixed(prefix, digits, exp10)


def go_value(value: Any) -> str:
    """Render a decoded JSON value the way field.Error.ErrorBody does (%v, %q, else JSON)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return go_float(value)
    if isinstance(value, str):
        return go_quote(value)
    return go_json(value)


def _go_json_float(value: float) -> str:
    """encoding/json's float64 form: plain decimal unless below 1e-6 or from 1e21 (then e-7, e+21)."""
    if value == 0:
        return "-0" if math.copysign(1.0, value) < 0 else "0"
    prefix, digits, exp10 = _shortest(value)
    if abs(value) < 1e-6 or abs(value) >= 1e21:
        out = _sci(prefix, digits, exp10)
        mant, _, exp = out.partition("e")
        if exp.startswith("-0"):  # encoding/json cleans e-07 to e-7
            exp = "-" + exp[2:]
        return f"{mant}e{exp}"
    return _fixed(prefix, digits, exp10)


_JSON_HTML_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}


def go_json(value: Any) -> str:
    """Go's json.Marshal of a value decoded into interface{} (sorted keys, HTML-safe escapes)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _go_json_float(value)
    if isinstance(value, str):
        s = json.dumps(value, ensure_ascii=False)
        for ch, esc in _JSON_HTML_ESCAPES.items():
            s = s.replace(ch, esc)
        return s
    if isinstance(value, dict):
        return "{" + ",".join(f"{go_json(str(k))}:{go_json(v)}" for k, v in sorted(value.items())) + "}"
    if isinstance(value, list | tuple):
        return "[" + ",".join(go_json(v) for v in value) + "]"
    return go_json(str(value))


def go_quote(s: str) -> str:
    """Go's strconv.Quote: a double-quoted string with Go escapes (printable Unicode kept)."""
    out = ['"']
    for ch in s:
        cp = ord(ch)
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\a":
            out.append("\\a")
        elif ch == "\b":
            out.append("\\b")
        elif ch == "\f":
            out.append("\\f")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\t":
            out.append("\\t")
        elif ch == "\v":
            out.append("\\v")
        elif ch.isprintable() or ch == " ":
            out.append(ch)
        elif cp < 0x80:
            out.append(f"\\x{cp:02x}")
        elif cp < 0x10000:
            out.append(f"\\u{cp:04x}")
        else:
            out.append(f"\\U{cp:08x}")
    out.append('"')
    return "".join(out)


@dataclass(frozen=True)
class FieldError:
    """One field.Error: ``str()`` is kube-apiserver's rendering (``<field>: <body>``)."""

    type: ErrorType
    field: str
    bad_value: Any = OMIT
    detail: str = ""

    def body(self) -> str:
        """field.Error.ErrorBody: the message without the field path."""
        omit_types = (
            ErrorType.REQUIRED,
            ErrorType.FORBIDDEN,
            ErrorType.TOO_LONG,
            ErrorType.TOO_SHORT,
            ErrorType.INTERNAL,
        )
        if self.type in omit_types or self.bad_value is OMIT:
            s = self.type.text
        else:
            s = f"{self.type.text}: {go_value(self.bad_value)}"
        if self.detail:
            s += f": {self.detail}"
        return s

    def __str__(self) -> str:
        return f"{self.field}: {self.body()}"

    def to_cause(self) -> dict[str, str]:
        """The metav1.StatusCause the API server puts in an Invalid status' details."""
        return {"reason": self.type.reason, "message": self.body(), "field": self.field}


def required(path: str, detail: str = "") -> FieldError:
    return FieldError(ErrorType.REQUIRED, path, OMIT, detail)


def invalid(path: str, value: Any, detail: str) -> FieldError:
    return FieldError(ErrorType.INVALID, path, value, detail)


def type_invalid(path: str, value: Any, detail: str) -> FieldError:
    return FieldError(ErrorType.TYPE_INVALID, path, value, detail)


def forbidden(path: str, detail: str) -> FieldError:
    return FieldError(ErrorType.FORBIDDEN, path, OMIT, detail)


def duplicate(path: str, value: Any) -> FieldError:
    return FieldError(ErrorType.DUPLICATE, path, value, "")


def not_supported(path: str, value: Any, valid: list[str]) -> FieldError:
    """field.NotSupported: lists the supported values quoted, in the order given."""
    detail = ""
    if valid:
        detail = "supported values: " + ", ".join(go_quote(v) for v in valid)
    return FieldError(ErrorType.NOT_SUPPORTED, path, value, detail)


def too_long(path: str, value: Any, max_length: int) -> FieldError:
    """field.TooLong (kube >= 1.31 wording); the value itself is never shown."""
    if max_length >= 0:
        unit = "byte" if max_length == 1 else "bytes"
        detail = f"may not be more than {max_length} {unit}"
    else:
        detail = "value is too long"
    return FieldError(ErrorType.TOO_LONG, path, value, detail)


def too_many(path: str, actual: int, maximum: int) -> FieldError:
    """field.TooMany: ``Too many: <n>: must have at most <m> items``."""
    if maximum >= 0:
        detail = f"must have at most {maximum} {'item' if maximum == 1 else 'items'}"
    else:
        detail = "has too many items"
    return FieldError(ErrorType.TOO_MANY, path, actual if actual >= 0 else OMIT, detail)


def aggregate_message(errors: list[FieldError] | list[str]) -> str:
    """utilerrors.Aggregate.Error(): one message alone, several as ``[a, b]`` (duplicates dropped)."""
    msgs: list[str] = []
    for e in errors:
        m = str(e)
        if m not in msgs:
            msgs.append(m)
    if not msgs:
        return ""
    if len(msgs) == 1:
        return msgs[0]
    return "[" + ", ".join(msgs) + "]"


def json_compact(value: Any) -> str:
    """Go's json.Marshal output for a decoded value (used where kube marshals enum values)."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False, sort_keys=True)

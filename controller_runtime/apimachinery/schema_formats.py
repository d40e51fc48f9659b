"""The string formats kube-apiserver checks in CRD schemas (kube-openapi's strfmt registry).

Unknown formats (and int32/int64/float/double, which only qualify numbers) are not checked,
as in kube.
"""

from __future__ import annotations

import base64
import binascii
import ipaddress
import re
from collections.abc import Callable
from datetime import date, datetime

from controller_runtime.apimachinery.duration import DurationError, parse_duration_ns

_DATE_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_DATE_TIME_RE = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?([Zz]|[+-]\d{2}:?\d{2})?$"
)
_DURATION_PART_RE = re.compile(r"(\d+)\s*([A-Za-zµ]+)")
_DURATION_UNITS = {
    "ns",
    "us",
    "µs",
    "ms",
    "s",
    "sec",
    "secs",
    "second",
    "seconds",
    "m",
    "min",
    "mins",
    "minute",
    "minutes",
    "h",
    "hr",
    "hrs",
    "hour",
    "hours",
    "d",
    "day",
    "days",
    "w",
    "wk",
    "wks",
    "week",
    "weeks",
}
_HOSTNAME_RE = re.compile(
    r"^([a-zA-Z0-9\p{S}\p{L}]((-?[a-zA-Z0-9\p{S}\p{L}]{0,62})?)|"
    r"([a-zA-Z0-9\p{S}\p{L}](([a-zA-Z0-9-\p{S}\p{L}]{0,61}[a-zA-Z0-9\p{S}\p{L}])?)"
    r"(\.)){1,}([a-zA-Z\p{L}]){2,63})$".replace(r"\p{S}", "").replace(r"\p{L}", "")
)
_EMAIL_RE = re.compile(r"^(?:[^<>@\s]+ )*<?[^@\s<>]+@[^@\s<>]+>?$")
_UUID_RE = re.compile(r"^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$", re.I)
_UUID_V_RE = {
    "uuid3": re.compile(r"^[0-9a-f]{8}-?[0-9a-f]{4}-?3[0-9a-f]{3}-?[0-9a-f]{4}-?[0-9a-f]{12}$", re.I),
    "uuid4": re.compile(r"^[0-9a-f]{8}-?[0-9a-f]{4}-?4[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$", re.I),
    "uuid5": re.compile(r"^[0-9a-f]{8}-?[0-9a-f]{4}-?5[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$", re.I),
}
_MAC_RE = re.compile(
    r"^(?:[0-9a-f]{2}(?:[:-][0-9a-f]{2}){5}|[0-9a-f]{2}(?:[:-][0-9a-f]{2}){7}|[0-9a-f]{2}(?:[:-][0-9a-f]{2}){19}"
    r"|[0-9a-f]{4}(?:\.[0-9a-f]{4}){2}|[0-9a-f]{4}(?:\.[0-9a-f]{4}){3}|[0-9a-f]{4}(?:\.[0-9a-f]{4}){9})$",
    re.I,
)
_SCHEME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def _is_date(s: str) -> bool:
    m = _DATE_RE.match(s)
    if not m:
        return False
    try:
        date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return False
    return True


def _is_date_time(s: str) -> bool:
    m = _DATE_TIME_RE.match(s)
    if not m:
        return False
    try:
        datetime(int(m[1]), int(m[2]), int(m[3]), int(m[4]), int(m[5]), int(m[6] or 0))
    except ValueError:
        return False
    return True


def _is_duration(s: str) -> bool:
    try:
        parse_duration_ns(s)
        return True
    except DurationError:
        pass
    parts = _DURATION_PART_RE.findall(s)
    if not parts or _DURATION_PART_RE.sub("", s).strip():
        return False
    return all(unit in _DURATION_UNITS for _, unit in parts)


def _is_uri(s: str) -> bool:
    """net/url.ParseRequestURI: an absolute URI or an absolute path, no spaces or controls."""
    if not s or any(c.isspace() or ord(c) < 0x20 or ord(c) == 0x7F for c in s):
        return False
    return s.startswith("/") or _SCHEME_RE.match(s) is not None


def _is_ip(version: int) -> Callable[[str], bool]:
    def check(s: str) -> bool:
        try:
            return ipaddress.ip_address(s).version == version
        except ValueError:
            return False

    return check


def _is_cidr(s: str) -> bool:
    try:
        ipaddress.ip_network(s, strict=False)
    except ValueError:
        return False
    return "/" in s


def _is_byte(s: str) -> bool:
    try:
        base64.b64decode(s, validate=True)
    except (binascii.Error, ValueError):
        return False
    return True


FORMAT_CHECKERS: dict[str, Callable[[str], bool]] = {
    "date": _is_date,
    "date-time": _is_date_time,
    "datetime": _is_date_time,
    "duration": _is_duration,
    "uri": _is_uri,
    "email": lambda s: _EMAIL_RE.match(s) is not None,
    "hostname": lambda s: len(s) <= 255 and _HOSTNAME_RE.match(s) is not None,
    "ipv4": _is_ip(4),
    "ipv6": _is_ip(6),
    "cidr": _is_cidr,
    "mac": lambda s: _MAC_RE.match(s) is not None,
    "uuid": lambda s: _UUID_RE.match(s) is not None,
    "uuid3": lambda s: _UUID_V_RE["uuid3"].match(s) is not None,
    "uuid4": lambda s: _UUID_V_RE["uuid4"].match(s) is not None,
    "uuid5": lambda s: _UUID_V_RE["uuid5"].match(s) is not None,
    "byte": _is_byte,
    "password": lambda s: True,
    "bsonobjectid": lambda s: re.fullmatch(r"[0-9a-fA-F]{24}", s) is not None,
    "hexcolor": lambda s: re.fullmatch(r"#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})", s) is not None,
    "rgbcolor": lambda s: (
        re.fullmatch(r"rgb\(\s*(\d{1,3})\s*,\s*(\d{1,3})\s*,\s*(\d{1,3})\s*\)", s) is not None
    ),
    "ssn": lambda s: re.fullmatch(r"\d{3}[- ]?\d{2}[- ]?\d{4}", s) is not None,
}


def check_format(fmt: str, value: str) -> bool:
    """True when ``value`` is valid for ``fmt`` (or ``fmt`` is not one kube checks)."""
    checker = FORMAT_CHECKERS.get(fmt)
    return True if checker is None else checker(value)

"""Typed duration accessors for controllers: Go duration strings in, `timedelta` out, and
back to Go's `time.Duration.String()` form for messages (`5m0s`, `1m30s`, `500ms`).

The Go grammar itself lives in `controller_runtime.apimachinery.duration` (shared with the
runtime's flags); this module adapts it to `timedelta`, which is what controllers compute with.
"""

from __future__ import annotations

from datetime import timedelta

from controller_runtime.apimachinery.duration import DurationError, format_duration_ns, parse_duration_ns

__all__ = ["DurationError", "format", "parse", "to_nanoseconds"]


def parse(value: str) -> timedelta:
    """Parse a Go duration string (`1h`, `5m0s`, `1m30s`, `500ms`).

    Raises DurationError (a ValueError) naming the bad input when it is malformed.
    """
    return timedelta(microseconds=parse_duration_ns(value) / 1000)


def to_nanoseconds(value: timedelta) -> int:
    return ((value.days * 86400 + value.seconds) * 1_000_000 + value.microseconds) * 1000


def format(value: timedelta) -> str:
    """Format like Go's `time.Duration.String()` (`4m59.5s`, `1h0m0s`, `0s`)."""
    return format_duration_ns(to_nanoseconds(value))

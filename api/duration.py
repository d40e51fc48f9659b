"""Typed duration accessors for controllers: Go duration strings in, `timedelta` out, and
back to Go's `time.Duration.String()` form for messages (`5m0s`, `1m30s`, `500ms`).

The parsing itself lives in `controller_runtime.apimachinery.duration` (shared with the
runtime's flags); this module only adapts it to the API types.
"""

from __future__ import annotations

from datetime import timedelta


def parse(value: str) -> timedelta:
    """Parse a Go duration string (`1h`, `5m0s`, `1m30s`, `500ms`); ValueError when malformed."""
    from controller_runtime.apimachinery import duration as go_duration

    return go_duration.parse_duration(value)


def format(value: timedelta) -> str:
    """Format like Go's `time.Duration.String()` (`4m59.5s`, `1h0m0s`, `0s`)."""
    from controller_runtime.apimachinery import duration as go_duration

    return go_duration.format_duration(value)

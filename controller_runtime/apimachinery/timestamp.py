"""metav1.Time as the API server writes it: RFC 3339, UTC, whole seconds (`2006-01-02T15:04:05Z`)."""

from __future__ import annotations

import time
from datetime import UTC, datetime


def format_time(t: float | None = None) -> str:
    """`t` (seconds since the epoch; now when None) the way status and event timestamps carry it."""
    return datetime.fromtimestamp(time.time() if t is None else t, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")

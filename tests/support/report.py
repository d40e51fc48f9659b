"""Rows for `hack/reliability-report`: what a fault or hostile-input test tried and what survived.

A test calls `record(...)` with its own measurements *before* it asserts on them, so a failing
run still shows its row. Rows go, one JSON object per line, to the file named by
`LOOKOUT_RELIABILITY_REPORT`; without it (a plain `pytest` run) `record` does nothing.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass

ENV = "LOOKOUT_RELIABILITY_REPORT"


@dataclass(frozen=True)
class Row:
    """One line of the report: a fault or input class and how Lookout fared against it."""

    klass: str
    cases: int
    survived: int
    lost: int = 0
    recovery_seconds: float | None = None


def record(
    klass: str, cases: int, survived: int, lost: int = 0, recovery_seconds: float | None = None
) -> None:
    """Append one row to the report file, if a report is being written."""
    path = os.environ.get(ENV)
    if not path:
        return
    row = Row(klass, cases, survived, lost, None if recovery_seconds is None else round(recovery_seconds, 2))
    with open(path, "a", encoding="utf-8") as f:
        f.write(json.dumps(asdict(row)) + "\n")

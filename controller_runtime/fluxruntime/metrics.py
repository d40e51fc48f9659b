"""Flux's own reconcile metric (fluxcd/pkg `runtime/metrics`): Grafana dashboards and alerts
written for Flux read `gotk_reconcile_duration_seconds{kind,name,namespace}`.

Recorded for every reconcile that found its object, failed or not, and dropped with the
object, so deleted objects leave no series behind.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from prometheus_client import Histogram

from controller_runtime.metrics import registry


def exponential_buckets_range(low: float, high: float, count: int) -> list[float]:
    """Prometheus' ExponentialBucketsRange: `count` buckets from `low` to `high`."""
    factor = (high / low) ** (1 / (count - 1))
    return [low * factor**i for i in range(count)]


reconcile_duration = Histogram(
    "gotk_reconcile_duration_seconds",
    "The duration in seconds of a GitOps Toolkit resource reconciliation.",
    ["kind", "name", "namespace"],
    buckets=exponential_buckets_range(10e-3, 1800, 10),
    registry=registry,
)


class ReconcileMetrics:
    """The reconcile durations of one kind."""

    def __init__(self, kind: str) -> None:
        self.kind = kind

    @contextmanager
    def timed(self, obj: dict[str, Any]) -> Iterator[None]:
        """Observe how long the block took, however it ends."""
        started = time.monotonic()
        try:
            yield
        finally:
            meta = obj.get("metadata") or {}
            name, namespace = str(meta.get("name", "")), str(meta.get("namespace", ""))
            reconcile_duration.labels(self.kind, name, namespace).observe(time.monotonic() - started)

    def forget(self, namespace: str, name: str) -> None:
        """Drop the series of an object that is gone (the reconcile that finds it missing)."""
        try:
            reconcile_duration.remove(self.kind, name, namespace)
        except KeyError:
            pass

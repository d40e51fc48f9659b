"""Prometheus metrics of controllers and work queues, named as controller-runtime names them.

One `CollectorRegistry` (`registry`) holds every metric of the process; the manager's
`/metrics` endpoint serves it, so dashboards and alerts written for Go controllers keep
working. Counters are pre-initialised to zero per controller (`init_controller_metrics`)
so `rate()` works from the first scrape.
"""

from __future__ import annotations

import weakref
from collections.abc import Hashable

from prometheus_client import (
    GC_COLLECTOR,
    PLATFORM_COLLECTOR,
    PROCESS_COLLECTOR,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
)

from controller_runtime.clock import REAL_CLOCK, Clock

registry = CollectorRegistry(auto_describe=True)
# Process and runtime series, as a Go controller's registry has them (process_*, python_*).
for _collector in (PROCESS_COLLECTOR, PLATFORM_COLLECTOR, GC_COLLECTOR):
    registry.register(_collector)

# --- client metrics (client-go tools/metrics, as controller-runtime registers them) ---------

rest_client_requests = Counter(
    "rest_client_requests_total",
    "Number of HTTP requests, partitioned by status code, method, and host.",
    ["code", "method", "host"],
    registry=registry,
)

# --- controller metrics (controller-runtime pkg/internal/controller/metrics) ---------------

RESULT_SUCCESS = "success"
RESULT_ERROR = "error"
RESULT_REQUEUE = "requeue"
RESULT_REQUEUE_AFTER = "requeue_after"

reconcile_total = Counter(
    "controller_runtime_reconcile_total",
    "Total number of reconciliations per controller",
    ["controller", "result"],
    registry=registry,
)
reconcile_errors = Counter(
    "controller_runtime_reconcile_errors_total",
    "Total number of reconciliation errors per controller",
    ["controller"],
    registry=registry,
)
terminal_reconcile_errors = Counter(
    "controller_runtime_terminal_reconcile_errors_total",
    "Total number of terminal reconciliation errors per controller",
    ["controller"],
    registry=registry,
)
reconcile_panics = Counter(
    "controller_runtime_reconcile_panics_total",
    "Total number of reconciliation panics per controller",
    ["controller"],
    registry=registry,
)
reconcile_time = Histogram(
    "controller_runtime_reconcile_time_seconds",
    "Length of time per reconciliation per controller",
    ["controller"],
    buckets=[
        0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 0.7,
        0.8, 0.9, 1.0, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0, 3.5, 4.0, 4.5, 5, 6, 7, 8, 9, 10, 15,
        20, 25, 30, 40, 50, 60,
    ],
    registry=registry,
)
max_concurrent_reconciles = Gauge(
    "controller_runtime_max_concurrent_reconciles",
    "Maximum number of concurrent reconciles per controller",
    ["controller"],
    registry=registry,
)
active_workers = Gauge(
    "controller_runtime_active_workers",
    "Number of currently used workers per controller",
    ["controller"],
    registry=registry,
)


def init_controller_metrics(controller: str, workers: int) -> None:
    """Create every per-controller series at zero, as controller-runtime's initMetrics does."""
    for result in (RESULT_SUCCESS, RESULT_ERROR, RESULT_REQUEUE, RESULT_REQUEUE_AFTER):
        reconcile_total.labels(controller=controller, result=result).inc(0)
    reconcile_errors.labels(controller=controller).inc(0)
    terminal_reconcile_errors.labels(controller=controller).inc(0)
    reconcile_panics.labels(controller=controller).inc(0)
    active_workers.labels(controller=controller).set(0)
    max_concurrent_reconciles.labels(controller=controller).set(workers)


# --- workqueue metrics (client-go util/workqueue as registered by controller-runtime) -----

_WQ_LABELS = ["name", "controller"]
_WQ_BUCKETS = [1e-8 * 10**i for i in range(12)]  # ExponentialBuckets(10e-9, 10, 12)

workqueue_depth = Gauge("workqueue_depth", "Current depth of workqueue", _WQ_LABELS, registry=registry)
workqueue_adds = Counter(
    "workqueue_adds_total", "Total number of adds handled by workqueue", _WQ_LABELS, registry=registry
)
workqueue_queue_duration = Histogram(
    "workqueue_queue_duration_seconds",
    "How long in seconds an item stays in workqueue before being requested",
    _WQ_LABELS,
    buckets=_WQ_BUCKETS,
    registry=registry,
)
workqueue_work_duration = Histogram(
    "workqueue_work_duration_seconds",
    "How long in seconds processing an item from workqueue takes.",
    _WQ_LABELS,
    buckets=_WQ_BUCKETS,
    registry=registry,
)
workqueue_unfinished_work = Gauge(
    "workqueue_unfinished_work_seconds",
    "How many seconds of work has been done that is in progress and hasn't been observed by "
    "work_duration. Large values indicate stuck threads. One can deduce the number of stuck "
    "threads by observing the rate at which this increases.",
    _WQ_LABELS,
    registry=registry,
)
workqueue_longest_running_processor = Gauge(
    "workqueue_longest_running_processor_seconds",
    "How many seconds has the longest running processor for workqueue been running.",
    _WQ_LABELS,
    registry=registry,
)
workqueue_retries = Counter(
    "workqueue_retries_total", "Total number of retries handled by workqueue", _WQ_LABELS, registry=registry
)


class WorkqueueMetrics:
    """Per-queue bookkeeping behind the workqueue_* series (client-go's defaultQueueMetrics).

    The two "in progress" gauges are computed when scraped, instead of by a 500 ms ticker,
    so they are always current and need no background task.
    """

    def __init__(self, name: str, clock: Clock = REAL_CLOCK) -> None:
        self._clock = clock
        labels = {"name": name, "controller": name}
        self._depth = workqueue_depth.labels(**labels)
        self._adds = workqueue_adds.labels(**labels)
        self._latency = workqueue_queue_duration.labels(**labels)
        self._work = workqueue_work_duration.labels(**labels)
        self._retries = workqueue_retries.labels(**labels)
        self._depth.set(0)
        self._added_at: dict[Hashable, float] = {}
        self._started_at: dict[Hashable, float] = {}
        ref = weakref.ref(self)

        def unfinished() -> float:
            m = ref()
            return m.unfinished_work_seconds() if m is not None else 0.0

        def longest() -> float:
            m = ref()
            return m.longest_running_processor_seconds() if m is not None else 0.0

        workqueue_unfinished_work.labels(**labels).set_function(unfinished)
        workqueue_longest_running_processor.labels(**labels).set_function(longest)

    def add(self, item: Hashable) -> None:
        self._adds.inc()
        self._depth.inc()
        self._added_at.setdefault(item, self._clock.monotonic())

    def get(self, item: Hashable) -> None:
        now = self._clock.monotonic()
        self._depth.dec()
        self._started_at[item] = now
        added = self._added_at.pop(item, None)
        if added is not None:
            self._latency.observe(now - added)

    def done(self, item: Hashable) -> None:
        started = self._started_at.pop(item, None)
        if started is not None:
            self._work.observe(self._clock.monotonic() - started)

    def retry(self) -> None:
        self._retries.inc()

    def unfinished_work_seconds(self) -> float:
        now = self._clock.monotonic()
        return sum(now - t for t in self._started_at.values())

    def longest_running_processor_seconds(self) -> float:
        now = self._clock.monotonic()
        return max((now - t for t in self._started_at.values()), default=0.0)

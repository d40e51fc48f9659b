"""A delaying queue whose delays come from a rate limiter (client-go rate_limiting_queue)."""

from __future__ import annotations

from collections.abc import Hashable
from typing import Protocol, TypeVar

from controller_runtime.clock import REAL_CLOCK, Clock
from controller_runtime.workqueue.delaying import DelayingQueue
from controller_runtime.workqueue.queue import QueueMetrics, T
from controller_runtime.workqueue.rate_limiters import RateLimiter, default_controller_rate_limiter

T_contra = TypeVar("T_contra", bound=Hashable, contravariant=True)


class RateLimitingInterface(Protocol[T_contra]):
    """What event handlers may do to a controller's queue."""

    def add(self, item: T_contra) -> None: ...
    def add_after(self, item: T_contra, delay: float) -> None: ...
    def add_rate_limited(self, item: T_contra) -> None: ...
    def forget(self, item: T_contra) -> None: ...
    def num_requeues(self, item: T_contra) -> int: ...


class RateLimitingQueue(DelayingQueue[T]):
    """`add_rate_limited(item)` = `add_after(item, limiter.when(item))`."""

    def __init__(
        self,
        rate_limiter: RateLimiter[T] | None = None,
        name: str | None = None,
        *,
        clock: Clock = REAL_CLOCK,
        metrics: QueueMetrics | None = None,
    ) -> None:
        super().__init__(name, clock=clock, metrics=metrics)
        self.rate_limiter: RateLimiter[T] = (
            rate_limiter if rate_limiter is not None else default_controller_rate_limiter(clock)
        )

    def add_rate_limited(self, item: T) -> None:
        """Add `item` after the delay its failure history (and any global budget) asks for."""
        self.add_after(item, self.rate_limiter.when(item))

    def forget(self, item: T) -> None:
        """Clear `item`'s failure history; it does not remove it from the queue (call done())."""
        self.rate_limiter.forget(item)

    def num_requeues(self, item: T) -> int:
        return self.rate_limiter.num_requeues(item)

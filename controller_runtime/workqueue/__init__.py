"""Work queues and rate limiters with client-go's semantics (see queue.py for the rules)."""

from controller_runtime.workqueue.delaying import DelayingQueue
from controller_runtime.workqueue.queue import Queue, QueueMetrics, QueueShutDown
from controller_runtime.workqueue.rate_limiters import (
    BucketRateLimiter,
    ItemExponentialFailureRateLimiter,
    ItemFastSlowRateLimiter,
    MaxOfRateLimiter,
    RateLimiter,
    WithMaxWaitRateLimiter,
    default_controller_rate_limiter,
    default_item_based_rate_limiter,
    flux_rate_limiter,
)
from controller_runtime.workqueue.rate_limiting import RateLimitingInterface, RateLimitingQueue

__all__ = [
    "BucketRateLimiter",
    "DelayingQueue",
    "ItemExponentialFailureRateLimiter",
    "ItemFastSlowRateLimiter",
    "MaxOfRateLimiter",
    "Queue",
    "QueueMetrics",
    "QueueShutDown",
    "RateLimiter",
    "RateLimitingInterface",
    "RateLimitingQueue",
    "WithMaxWaitRateLimiter",
    "default_controller_rate_limiter",
    "default_item_based_rate_limiter",
    "flux_rate_limiter",
]

"""Client-side rate limiting: a token bucket like client-go's flowcontrol.

A controller that hot-loops must not hammer the API server; client-go gives each
rest client a QPS/burst bucket, and so do we. The bucket starts full (`burst`),
refills at `qps` tokens per second, and a caller that finds it empty reserves a
future token and sleeps until then, so callers are served in arrival order
without blocking the event loop.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable


class TokenBucket:
    """QPS/burst limiter; `qps <= 0` disables limiting."""

    def __init__(self, qps: float, burst: int, clock: Callable[[], float] = time.monotonic) -> None:
        if burst < 1 and qps > 0:
            raise ValueError(f"burst must be at least 1 when qps > 0, got {burst}")
        self.qps = qps
        self.burst = burst
        self._clock = clock
        self._tokens = float(burst)
        self._last = clock()

    @property
    def enabled(self) -> bool:
        return self.qps > 0

    def reserve(self) -> float:
        """Take one token now and return how long the caller must wait before using it.

        The balance may go negative: each reservation queues behind earlier ones, so
        the n-th caller past the burst waits n/qps seconds.
        """
        if not self.enabled:
            return 0.0
        now = self._clock()
        elapsed = max(0.0, now - self._last)
        self._last = now
        self._tokens = min(float(self.burst), self._tokens + elapsed * self.qps)
        self._tokens -= 1.0
        if self._tokens >= 0:
            return 0.0
        return -self._tokens / self.qps

    async def acquire(self) -> float:
        """Wait (asynchronously) for a token; returns the seconds waited."""
        delay = self.reserve()
        if delay > 0:
            await asyncio.sleep(delay)
        return delay

"""Per-registry request rate limiting shared by every scan (`--registry-qps`, `--registry-burst`).

A thousand ImageRepositories on Docker Hub must not turn into a thousand concurrent
bursts against one host: each registry host gets one token bucket, and every request to
it (token fetches included) takes a token first.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

DEFAULT_QPS = 20.0
DEFAULT_BURST = 40


class _Bucket:
    def __init__(self, qps: float, burst: int, now: float) -> None:
        self.qps = qps
        self.capacity = float(max(1, burst))
        self.tokens = self.capacity
        self.updated = now

    def reserve(self, now: float) -> float:
        """Take a token (possibly going into debt) and return how long to wait for it."""
        self.tokens = min(self.capacity, self.tokens + (now - self.updated) * self.qps)
        self.updated = now
        self.tokens -= 1.0
        return 0.0 if self.tokens >= 0 else -self.tokens / self.qps


class HostRateLimiter:
    """Token buckets keyed by registry host; `qps <= 0` disables limiting."""

    def __init__(
        self,
        qps: float = DEFAULT_QPS,
        burst: int = DEFAULT_BURST,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.qps = qps
        self.burst = burst
        self._clock = clock
        self._buckets: dict[str, _Bucket] = {}

    def reserve(self, host: str) -> float:
        """Take one token for `host`; the returned delay is how long the caller must wait."""
        if self.qps <= 0:
            return 0.0
        now = self._clock()
        bucket = self._buckets.get(host)
        if bucket is None:
            bucket = self._buckets[host] = _Bucket(self.qps, self.burst, now)
        return bucket.reserve(now)

    async def acquire(self, host: str) -> None:
        """Wait until a request to `host` is allowed (reservations are first come, first served)."""
        delay = self.reserve(host)
        if delay > 0:
            await asyncio.sleep(delay)


UNLIMITED = HostRateLimiter(qps=0)

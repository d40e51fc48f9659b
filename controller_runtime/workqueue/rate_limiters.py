"""Rate limiters deciding how long a failed item waits before its next try (client-go).

A limiter answers `when(item)` (the delay for this requeue, recording the attempt),
`forget(item)` (clear the history, e.g. after a success) and `num_requeues(item)`.
Durations are float seconds.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Generic, Protocol, TypeVar

from controller_runtime.clock import REAL_CLOCK, Clock

T = TypeVar("T", bound=Hashable)
T_contra = TypeVar("T_contra", bound=Hashable, contravariant=True)


class RateLimiter(Protocol[T_contra]):
    def when(self, item: T_contra) -> float:
        """Delay before `item` may be processed again; records one more attempt."""
        ...

    def forget(self, item: T_contra) -> None:
        """Stop tracking `item` (its next failure starts the backoff over)."""
        ...

    def num_requeues(self, item: T_contra) -> int:
        """How many times `item` has been requeued since it was last forgotten."""
        ...


class ItemExponentialFailureRateLimiter:
    """Per-item exponential backoff: `min(base * 2**failures, max_delay)`; the first call gets `base`."""

    def __init__(self, base_delay: float, max_delay: float) -> None:
        if base_delay < 0 or max_delay < 0:
            raise ValueError("rate limiter delays must not be negative")
        self.base_delay = base_delay
        self.max_delay = max_delay
        self._failures: dict[Hashable, int] = {}

    def when(self, item: Hashable) -> float:
        exp = self._failures.get(item, 0)
        self._failures[item] = exp + 1
        try:
            backoff = self.base_delay * 2.0**exp
        except OverflowError:
            return self.max_delay
        return min(backoff, self.max_delay)

    def forget(self, item: Hashable) -> None:
        self._failures.pop(item, None)

    def num_requeues(self, item: Hashable) -> int:
        return self._failures.get(item, 0)


class BucketRateLimiter:
    """One token bucket shared by all items (x/time/rate semantics).

    It starts full (`burst` tokens) and refills at `qps` tokens per second up to `burst`.
    Every call takes a token even when none is left, so the balance goes negative and the
    delay is the deficit divided by `qps`: with (10, 100), 100 calls at once get 0 s, the
    101st 0.1 s, the 102nd 0.2 s.
    """

    def __init__(self, qps: float, burst: int, clock: Clock = REAL_CLOCK) -> None:
        if qps <= 0:
            raise ValueError(f"bucket rate limiter qps must be positive, got {qps}")
        if burst < 1:
            raise ValueError(f"bucket rate limiter burst must be at least 1, got {burst}")
        self.qps = qps
        self.burst = burst
        self._clock = clock
        self._tokens = float(burst)
        self._last: float | None = None

    def when(self, item: Hashable) -> float:
        now = self._clock.monotonic()
        if self._last is not None and now > self._last:
            self._tokens = min(self._tokens + (now - self._last) * self.qps, float(self.burst))
        if self._last is None or now > self._last:
            self._last = now
        self._tokens -= 1.0
        return -self._tokens / self.qps if self._tokens < 0 else 0.0

    def forget(self, item: Hashable) -> None:
        pass

    def num_requeues(self, item: Hashable) -> int:
        return 0


class ItemFastSlowRateLimiter:
    """`fast_delay` for the first `max_fast_attempts` tries of an item, then `slow_delay`."""

    def __init__(self, fast_delay: float, slow_delay: float, max_fast_attempts: int) -> None:
        self.fast_delay = fast_delay
        self.slow_delay = slow_delay
        self.max_fast_attempts = max_fast_attempts
        self._attempts: dict[Hashable, int] = {}

    def when(self, item: Hashable) -> float:
        attempts = self._attempts.get(item, 0) + 1
        self._attempts[item] = attempts
        return self.fast_delay if attempts <= self.max_fast_attempts else self.slow_delay

    def forget(self, item: Hashable) -> None:
        self._attempts.pop(item, None)

    def num_requeues(self, item: Hashable) -> int:
        return self._attempts.get(item, 0)


class MaxOfRateLimiter(Generic[T]):
    """Asks every limiter (so each records the attempt) and returns the longest delay."""

    def __init__(self, *limiters: RateLimiter[T]) -> None:
        if not limiters:
            raise ValueError("MaxOfRateLimiter needs at least one limiter")
        self.limiters = limiters

    def when(self, item: T) -> float:
        return max([limiter.when(item) for limiter in self.limiters])

    def forget(self, item: T) -> None:
        for limiter in self.limiters:
            limiter.forget(item)

    def num_requeues(self, item: T) -> int:
        return max(limiter.num_requeues(item) for limiter in self.limiters)


class WithMaxWaitRateLimiter(Generic[T]):
    """Caps another limiter's delay at `max_delay`."""

    def __init__(self, limiter: RateLimiter[T], max_delay: float) -> None:
        self.limiter = limiter
        self.max_delay = max_delay

    def when(self, item: T) -> float:
        return min(self.limiter.when(item), self.max_delay)

    def forget(self, item: T) -> None:
        self.limiter.forget(item)

    def num_requeues(self, item: T) -> int:
        return self.limiter.num_requeues(item)


def default_controller_rate_limiter(clock: Clock = REAL_CLOCK) -> MaxOfRateLimiter[Hashable]:
    """controller-runtime's classic default: per-item 5 ms..1000 s, overall 10 qps with burst 100."""
    return MaxOfRateLimiter[Hashable](
        ItemExponentialFailureRateLimiter(0.005, 1000.0), BucketRateLimiter(10.0, 100, clock)
    )


def default_item_based_rate_limiter() -> ItemExponentialFailureRateLimiter:
    """client-go's per-item default: 1 ms..1000 s."""
    return ItemExponentialFailureRateLimiter(0.001, 1000.0)


def flux_rate_limiter(min_delay: float = 0.75, max_delay: float = 900.0) -> ItemExponentialFailureRateLimiter:
    """What Flux controllers use (`--min-retry-delay`, default 750 ms; `--max-retry-delay`, default 15 m)."""
    return ItemExponentialFailureRateLimiter(min_delay, max_delay)

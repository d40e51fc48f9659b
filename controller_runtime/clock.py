"""An injectable clock, so every time-based behaviour can be tested without waiting.

Everything in controller_runtime that waits or measures (delaying queue, rate limiters,
polling, metrics) takes a `Clock`. Production code uses `RealClock`; tests pass a
`FakeClock` and move time forward with `step()`, which wakes exactly the sleepers whose
deadline has passed, in deadline order.
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
import time
from datetime import UTC, datetime, timedelta
from typing import Protocol, runtime_checkable


@runtime_checkable
class Clock(Protocol):
    """Wall time for timestamps, monotonic time for delays, and a sleep that honours it."""

    def now(self) -> datetime:
        """Wall-clock time (timezone-aware, UTC); for timestamps only, never for delays."""
        ...

    def monotonic(self) -> float:
        """Seconds on a clock that never goes backwards; all delays are measured on it."""
        ...

    async def sleep(self, seconds: float) -> None:
        """Suspend until `seconds` have passed on this clock (<= 0 only yields)."""
        ...


class RealClock:
    """The system clock."""

    def now(self) -> datetime:
        return datetime.now(UTC)

    def monotonic(self) -> float:
        return time.monotonic()

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(max(0.0, seconds))


REAL_CLOCK = RealClock()


class FakeClock:
    """A clock that only moves when told to; sleepers wake when `step()` passes their deadline."""

    def __init__(self, start: datetime | None = None, monotonic_start: float = 1000.0) -> None:
        self._wall = start or datetime(2026, 1, 1, tzinfo=UTC)
        self._mono = monotonic_start
        self._seq = itertools.count()
        self._sleepers: list[tuple[float, int, asyncio.Future[None]]] = []

    def now(self) -> datetime:
        return self._wall

    def monotonic(self) -> float:
        return self._mono

    async def sleep(self, seconds: float) -> None:
        if seconds <= 0:
            await asyncio.sleep(0)
            return
        fut: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        heapq.heappush(self._sleepers, (self._mono + seconds, next(self._seq), fut))
        try:
            await fut
        finally:
            # A cancelled sleeper must not count as waiting any more.
            if not fut.done():
                fut.cancel()
            self._sleepers = [s for s in self._sleepers if s[2] is not fut]
            heapq.heapify(self._sleepers)

    def step(self, seconds: float) -> None:
        """Move time forward and wake every sleeper whose deadline is now due."""
        if seconds < 0:
            raise ValueError(f"a clock cannot step backwards ({seconds}s)")
        self._mono += seconds
        self._wall += timedelta(seconds=seconds)
        while self._sleepers and self._sleepers[0][0] <= self._mono:
            _, _, fut = heapq.heappop(self._sleepers)
            if not fut.done():
                fut.set_result(None)

    def set_time(self, wall: datetime) -> None:
        """Set the wall clock only (e.g. to test timestamps); delays are unaffected."""
        self._wall = wall

    @property
    def sleepers(self) -> int:
        """How many coroutines are sleeping on this clock (tests wait for it before stepping)."""
        return sum(1 for s in self._sleepers if not s[2].done())

    def next_deadline(self) -> float | None:
        """The monotonic time the earliest sleeper wakes at, if any."""
        pending = [s[0] for s in self._sleepers if not s[2].done()]
        return min(pending) if pending else None
